package io.tetherdb.spring.mapping;

import io.tetherdb.document.Document;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Entity callback invoked after an entity was converted to a document and before the document is
 * written ({@code insert}, {@code insertAll}, {@code save}, {@code findAndReplace}): it may change
 * the document, and what it leaves there is written; changes to the entity are not written, but the
 * entity it returns is the one the operation goes on with. Declare implementations as beans.
 *
 * <p>Implementations are called from any thread that writes, so must be thread-safe.
 *
 * @param <T> the entity type
 * @since 0.2
 */
@FunctionalInterface
public interface BeforeSaveCallback<T> extends EntityCallback<T> {

    /**
     * @param entity the entity being written; not null
     * @param document its document, about to be written; not null
     * @param collection the collection; not null
     * @return the entity to go on with: the given one or another instance; not null
     */
    T onBeforeSave(T entity, Document document, String collection);

}
