package io.tetherdb.spring.mapping.event;

import io.tetherdb.document.Document;

/**
 * Published when a document has been read and converted to an entity (or DTO), ahead of the
 * {@code AfterConvertCallback}s.
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <E> the type read
 * @since 0.2
 */
public class AfterConvertEvent<E> extends TetherMappingEvent<E> {

    private static final long serialVersionUID = 1L;

    /**
     * @param document the document it was read from; not null
     * @param source the entity; not null
     * @param collectionName the collection; not null
     */
    public AfterConvertEvent(Document document, E source, String collectionName) {
        super(source, document, collectionName);
    }

    @Override
    protected Class<?> getEntityType() {
        return getSource().getClass();
    }

}
