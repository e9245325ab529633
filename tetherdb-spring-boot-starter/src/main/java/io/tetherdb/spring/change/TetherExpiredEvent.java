package io.tetherdb.spring.change;

import java.time.Instant;

import io.tetherdb.event.ChangeEvent;
import io.tetherdb.event.ExpiryCause;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

/**
 * Published when the store removes an expired document of a mapped entity type, with the entity as
 * it was: listen with {@code @EventListener void on(TetherExpiredEvent<Session> event)} (the entity
 * type is resolved, so a listener for one type receives only its events). Published by
 * {@link TetherExpiredEventPublisher} on the store's change delivery thread, when the expiry sweep
 * (or a write that met the document) removed it; see docs/events.md. Immutable.
 *
 * @param <T> the entity type
 * @since 0.2
 */
public class TetherExpiredEvent<T> extends ApplicationEvent implements ResolvableTypeProvider {

    private static final long serialVersionUID = 1L;

    private final transient T entity;
    private final Class<T> entityType;
    private final String collectionName;
    private final String id;
    private final long sequence;
    private final Instant time;
    private final ExpiryCause cause;

    /**
     * @param source the object that published the event; not null
     * @param entity the entity as it was when it expired; not null
     * @param entityType its mapped type; not null
     * @param change the core change event; an EXPIRE event, not null
     */
    public TetherExpiredEvent(Object source, T entity, Class<T> entityType, ChangeEvent change) {
        super(source);
        this.entity = entity;
        this.entityType = entityType;
        this.collectionName = change.collection();
        this.id = change.documentId();
        this.sequence = change.sequence();
        this.time = change.time();
        this.cause = change.expiryCause().orElse(ExpiryCause.SWEEP);
    }

    /** @return the entity as it was when it expired */
    public T getEntity() {
        return this.entity;
    }

    /** @return the entity's mapped type */
    public Class<T> getEntityType() {
        return this.entityType;
    }

    /** @return the collection it was removed from */
    public String getCollectionName() {
        return this.collectionName;
    }

    /** @return the entity's id as stored ({@code _id}) */
    public String getId() {
        return this.id;
    }

    /** @return the change's sequence number */
    public long getSequence() {
        return this.sequence;
    }

    /** @return the store clock's time of the removal (not of the expiry, which came before it) */
    public Instant getRemovedAt() {
        return this.time;
    }

    /** @return who removed it: the sweep, or a write that met it */
    public ExpiryCause getCause() {
        return this.cause;
    }

    @Override
    public ResolvableType getResolvableType() {
        return ResolvableType.forClassWithGenerics(getClass(), ResolvableType.forClass(this.entityType));
    }

    @Override
    public String toString() {
        return "TetherExpiredEvent[" + this.entityType.getSimpleName() + " " + this.id + " from '" + this.collectionName
                + "' by " + this.cause + "]";
    }
}
