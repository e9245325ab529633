package io.tetherdb.spring.mapping.event;

import io.tetherdb.document.Document;

/**
 * Published after an entity is converted and before its document is written, ahead of the
 * {@code BeforeSaveCallback}s. Changes to the {@linkplain #getDocument() document} are written;
 * changes to the entity are not (it has been converted already).
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <E> the entity type
 * @since 0.2
 */
public class BeforeSaveEvent<E> extends TetherMappingEvent<E> {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the entity; not null
     * @param document the document about to be written; not null
     * @param collectionName the collection; not null
     */
    public BeforeSaveEvent(E source, Document document, String collectionName) {
        super(source, document, collectionName);
    }

    @Override
    protected Class<?> getEntityType() {
        return getSource().getClass();
    }

}
