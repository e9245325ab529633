package io.tetherdb.spring.change;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.tetherdb.event.ChangeEvent;
import io.tetherdb.event.ChangeKind;
import io.tetherdb.event.ExpiryCause;
import io.tetherdb.event.UpdateDescription;

/**
 * One committed change to a collection of an entity type, as {@code TetherOperations.watch}
 * delivers it: the core {@link ChangeEvent} with its document read as the entity. Immutable (the
 * entity is the event's own instance).
 *
 * @param <T> the entity type
 * @since 0.2
 */
public final class TetherChangeEvent<T> {

    private final ChangeEvent event;
    private final T entity;

    /**
     * @param event the core event; not null
     * @param entity the entity read from the event's document, or null when it has none
     */
    public TetherChangeEvent(ChangeEvent event, T entity) {
        this.event = Objects.requireNonNull(event, "event must not be null");
        this.entity = entity;
    }

    /** @return what happened */
    public ChangeKind getKind() {
        return this.event.kind();
    }

    /** @return the changed entity's id as stored ({@code _id}); null for a drop */
    public String getId() {
        return this.event.documentId();
    }

    /**
     * @return the entity after the change (INSERT, REPLACE, UPDATE) or, for DELETE and EXPIRE, as
     *         it was before; empty for a drop
     */
    public Optional<T> getEntity() {
        return Optional.ofNullable(this.entity);
    }

    /** @return the change's sequence number, to resume after */
    public long getSequence() {
        return this.event.sequence();
    }

    /** @return the store clock's time of the write */
    public Instant getTime() {
        return this.event.time();
    }

    /** @return for UPDATE, the fields it set and removed */
    public Optional<UpdateDescription> getUpdateDescription() {
        return this.event.updateDescription();
    }

    /** @return for EXPIRE, who removed the document */
    public Optional<ExpiryCause> getExpiryCause() {
        return this.event.expiryCause();
    }

    /** @return the core event, with the documents as stored */
    public ChangeEvent getChangeEvent() {
        return this.event;
    }

    @Override
    public String toString() {
        return "TetherChangeEvent[" + this.event + "]";
    }
}
