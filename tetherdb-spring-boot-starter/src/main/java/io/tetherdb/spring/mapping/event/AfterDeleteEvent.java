package io.tetherdb.spring.mapping.event;

import io.tetherdb.document.Document;

/**
 * Published after a delete by id, by entity or by query ran, whether or not anything matched;
 * never when the delete was refused (an optimistic locking failure, a time limit). The source is the
 * filter of the delete (see {@link AbstractDeleteEvent}).
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <T> the entity type
 * @since 0.2
 */
public class AfterDeleteEvent<T> extends AbstractDeleteEvent<T> {

    private static final long serialVersionUID = 1L;

    /**
     * @param filter the filter of the delete; not null
     * @param type the entity type; not null
     * @param collectionName the collection; not null
     */
    public AfterDeleteEvent(Document filter, Class<T> type, String collectionName) {
        super(filter, type, collectionName);
    }

}
