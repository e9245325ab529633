package io.tetherdb.spring.mapping.event;

import java.util.Objects;

import io.tetherdb.document.Document;

/**
 * Base of the delete events: their source is the filter that chooses what is deleted (such as
 * {@code {_id: 'r1'}}, or {@code {_id: {$in: [...]}}} for several ids), not the deleted entities,
 * which a delete does not read.
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <T> the entity type
 * @since 0.2
 */
public abstract class AbstractDeleteEvent<T> extends TetherMappingEvent<Document> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    /**
     * @param filter the filter of the delete; not null
     * @param type the entity type; not null
     * @param collectionName the collection; not null
     */
    protected AbstractDeleteEvent(Document filter, Class<T> type, String collectionName) {
        super(filter, filter, collectionName);
        this.type = Objects.requireNonNull(type, "type must not be null");
    }

    /** @return the entity type of the collection */
    public Class<T> getType() {
        return this.type;
    }

    @Override
    protected Class<?> getEntityType() {
        return this.type;
    }

}
