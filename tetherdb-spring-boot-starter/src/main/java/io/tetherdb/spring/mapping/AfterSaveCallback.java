package io.tetherdb.spring.mapping;

import io.tetherdb.document.Document;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Entity callback invoked after an entity's document was written ({@code insert}, {@code insertAll},
 * {@code save}, {@code findAndReplace}); never for a write the store refused. The entity it returns
 * is the one the operation returns. Declare implementations as beans.
 *
 * <p>Implementations are called from any thread that writes, so must be thread-safe.
 *
 * @param <T> the entity type
 * @since 0.2
 */
@FunctionalInterface
public interface AfterSaveCallback<T> extends EntityCallback<T> {

    /**
     * @param entity the entity as stored; not null
     * @param document the document as written; not null
     * @param collection the collection; not null
     * @return the entity to return: the given one, changed or not, or another instance; not null
     */
    T onAfterSave(T entity, Document document, String collection);

}
