package io.tetherdb.spring.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for a single-field index on the annotated property, created when the entity's repository
 * (or a {@code TetherTemplate} using the entity) starts; an index that exists already is left
 * alone. An index on an array property indexes each element (a multikey index).
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE, ElementType.RECORD_COMPONENT })
public @interface Indexed {

    /**
     * Whether no two documents may share a value of the property.
     *
     * @return whether the index is unique
     */
    boolean unique() default false;

    /**
     * Whether documents without the property are left out of the index (and so out of a unique
     * index's checks).
     *
     * @return whether the index is sparse
     */
    boolean sparse() default false;

    /**
     * Whether the index orders values descending.
     *
     * @return whether the index is descending
     */
    boolean descending() default false;

    /**
     * The index's name; empty means the name the store derives from its keys.
     *
     * @return the index name
     */
    String name() default "";

}
