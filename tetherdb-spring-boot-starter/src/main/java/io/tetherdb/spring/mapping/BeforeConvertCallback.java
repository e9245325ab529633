package io.tetherdb.spring.mapping;

import org.springframework.data.mapping.callback.EntityCallback;

/**
 * Entity callback invoked before an entity is converted to a document and written ({@code insert},
 * {@code insertAll}, {@code save}, {@code findAndReplace}), after the
 * {@link io.tetherdb.spring.mapping.event.BeforeConvertEvent}: it may change the entity or return
 * another instance (as auditing does). Declare implementations as beans.
 *
 * <p>Implementations are called from any thread that writes, so must be thread-safe.
 *
 * @param <T> the entity type
 * @since 0.1
 */
@FunctionalInterface
public interface BeforeConvertCallback<T> extends EntityCallback<T> {

    /**
     * @param entity the entity about to be written; not null
     * @param collection the collection it is written to; not null
     * @return the entity to write: the given one, changed or not, or a new instance; not null
     */
    T onBeforeConvert(T entity, String collection);

}
