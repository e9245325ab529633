package io.tetherdb.spring.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.data.annotation.QueryAnnotation;

/**
 * Declares the filter of a repository query method in MongoDB's syntax, as relaxed JSON:
 * {@code @Query("{ 'value': { '$gt': ?0 } }")}. {@code ?0}, {@code ?1}, ... stand for the method's
 * arguments by position and {@code :name} for the argument named {@code name} (by
 * {@code @Param("name")} or, compiled with {@code -parameters}, its own name); {@code Sort},
 * {@code Pageable} and {@code Limit} arguments are not counted.
 *
 * <p>The text is parsed once, when the repository starts; an argument is always bound as a value
 * into the parsed filter and never becomes query syntax, whatever it contains. A placeholder may
 * stand where a value goes, not for a field name or for the operand of {@code $and}, {@code $or},
 * {@code $nor}, {@code $not} or {@code $elemMatch}; it is written without quotes ({@code '?0'} is
 * refused, as are SpEL expressions such as {@code ?#{...}}). An argument given to {@code $regex}
 * is a regular expression, because the query says so.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Documented
@QueryAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface Query {

    /**
     * The filter, such as {@code { 'sensor': ?0, 'value': { '$gte': :min } }}; empty matches every
     * document.
     *
     * @return the filter
     */
    @AliasFor("filter")
    String value() default "";

    /**
     * Alias of {@link #value()}.
     *
     * @return the filter
     */
    @AliasFor("value")
    String filter() default "";

    /**
     * The fields to read, as a projection in document field names, such as {@code { 'sensor': 1 }}.
     *
     * @return the projection; empty reads whole documents
     */
    String fields() default "";

    /**
     * The order of results in document field names, such as {@code { 'at': -1 }}; a {@code Sort}
     * or {@code Pageable} argument's order comes after it.
     *
     * @return the order; empty for none
     */
    String sort() default "";

    /**
     * Whether the method returns the number of matching documents.
     *
     * @return whether this is a count
     */
    boolean count() default false;

    /**
     * Whether the method returns whether any document matches.
     *
     * @return whether this is an existence check
     */
    boolean exists() default false;

    /**
     * Whether the method deletes the matching documents, returning their number (or the deleted
     * entities, for a method returning entities).
     *
     * @return whether this is a delete
     */
    boolean delete() default false;

}
