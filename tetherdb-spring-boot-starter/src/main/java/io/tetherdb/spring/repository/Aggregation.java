package io.tetherdb.spring.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.data.annotation.QueryAnnotation;

/**
 * Declares a repository method that runs an aggregation pipeline over the repository's collection,
 * one stage per string in MongoDB's syntax as relaxed JSON:
 * {@code @Aggregation({"{$match: {sensor: ?0}}", "{$group: {_id: null, mean: {$avg: '$value'}}}"})}.
 * {@code ?0} and {@code :name} stand for arguments as in {@link Query @Query}: each stage is parsed
 * once, at start-up, and an argument is always bound as a value, never as pipeline syntax. Inside
 * {@code $match} a placeholder follows {@code @Query}'s rules; in an expression (a {@code $project}
 * or {@code $group} field, a {@code $bucket}'s {@code groupBy}) the argument is bound as a
 * {@code $literal}, so that text such as {@code "$secret"} stays text; {@code $limit},
 * {@code $skip}, {@code $sample}'s size, {@code $bucketAuto}'s buckets and {@code $bucket}'s
 * boundaries and default take the argument's plain value; a placeholder anywhere else (a field
 * name, a stage name, a {@code $sort}, {@code $unwind}, {@code $lookup}, {@code $count},
 * {@code $unset}, {@code $out} or {@code $merge} operand) is refused at start-up.
 *
 * <p>Return types: the entity, a DTO or record read from each result document, {@code List},
 * {@code Stream}, {@code Slice} (with a {@code Pageable} argument, which adds {@code $skip} and
 * {@code $limit} stages; a {@code Sort} argument adds a {@code $sort} stage), {@code Optional}, the
 * result {@code Document} itself, or a single value such as {@code long} or {@code Double}, taken
 * from the first result's only field besides {@code _id} (0 or false for a primitive when there is
 * no result). A {@link Meta @Meta} time limit applies to the run.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.2
 */
@Documented
@QueryAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface Aggregation {

    /**
     * The pipeline's stages, one per string, such as {@code {$match: {sensor: ?0}}}.
     *
     * @return the stages
     */
    @AliasFor("pipeline")
    String[] value() default {};

    /**
     * Alias of {@link #value()}.
     *
     * @return the stages
     */
    @AliasFor("value")
    String[] pipeline() default {};

}
