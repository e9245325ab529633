package io.tetherdb.spring.mapping.event;

import io.tetherdb.document.Document;

/**
 * Published after an entity's document was written (inserted or replaced), ahead of the
 * {@code AfterSaveCallback}s; never for a write the store refused. Inside a transaction it is
 * published when the write is made, before the commit: use {@code @TransactionalEventListener} to
 * act after it.
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <E> the entity type
 * @since 0.2
 */
public class AfterSaveEvent<E> extends TetherMappingEvent<E> {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the entity as stored; not null
     * @param document the document as written; not null
     * @param collectionName the collection; not null
     */
    public AfterSaveEvent(E source, Document document, String collectionName) {
        super(source, document, collectionName);
    }

    @Override
    protected Class<?> getEntityType() {
        return getSource().getClass();
    }

}
