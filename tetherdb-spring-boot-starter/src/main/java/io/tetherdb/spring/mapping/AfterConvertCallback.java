package io.tetherdb.spring.mapping;

import io.tetherdb.document.Document;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Entity callback invoked after a document was read and converted to an entity (or a DTO): by
 * {@code findById}, finds, streams, repository queries, {@code findAndModify}/{@code findAndReplace}/
 * {@code findAndRemove} results and aggregation results read as a type. The instance it returns is
 * the one the caller gets. Declare implementations as beans.
 *
 * <p>Implementations are called from any thread that reads, so must be thread-safe.
 *
 * @param <T> the type read
 * @since 0.2
 */
@FunctionalInterface
public interface AfterConvertCallback<T> extends EntityCallback<T> {

    /**
     * @param entity the entity as read; not null
     * @param document the document it was read from; not null
     * @param collection the collection; not null
     * @return the entity to return: the given one, changed or not, or another instance; not null
     */
    T onAfterConvert(T entity, Document document, String collection);

}
