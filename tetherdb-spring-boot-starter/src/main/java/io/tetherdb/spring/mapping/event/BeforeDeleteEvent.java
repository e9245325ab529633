package io.tetherdb.spring.mapping.event;

import io.tetherdb.document.Document;

/**
 * Published before entities are deleted by id, by entity or by query; the source is the filter of
 * the delete (see {@link AbstractDeleteEvent}). A versioned entity's filter includes the version.
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <T> the entity type
 * @since 0.2
 */
public class BeforeDeleteEvent<T> extends AbstractDeleteEvent<T> {

    private static final long serialVersionUID = 1L;

    /**
     * @param filter the filter of the delete; not null
     * @param type the entity type; not null
     * @param collectionName the collection; not null
     */
    public BeforeDeleteEvent(Document filter, Class<T> type, String collectionName) {
        super(filter, type, collectionName);
    }

}
