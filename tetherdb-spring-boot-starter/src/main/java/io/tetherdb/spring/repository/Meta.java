package io.tetherdb.spring.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets how a repository query method runs; for now its time limit:
 * {@code @Meta(maxExecutionTimeMs = 500)}. Works on derived and {@link Query @Query} methods of
 * every shape: finds, {@code Stream}, {@code Page}, count, exists and delete. An execution that
 * runs longer stops with {@link org.springframework.dao.QueryTimeoutException}; a delete that does
 * removes nothing.
 *
 * <p>Spring Data Commons has no such annotation (each store module declares its own, as Spring Data
 * MongoDB's {@code org.springframework.data.mongodb.repository.Meta}); this one uses the same
 * attribute name, so a repository reads the same on either.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.2
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface Meta {

    /**
     * Longest time one execution of the method may spend reading, matching and sorting, in
     * milliseconds. {@code -1} (the default) keeps the store's limit ({@code tetherdb.query.max-time});
     * {@code 0} means none, even when the store has one. A {@code Page} method's content and its
     * total count are two reads, each with this limit; a delete finds and deletes within it. Other
     * negative values stop the application at start-up.
     *
     * @return the limit in milliseconds, 0 for none, or -1 for the store's
     */
    long maxExecutionTimeMs() default -1;

}
