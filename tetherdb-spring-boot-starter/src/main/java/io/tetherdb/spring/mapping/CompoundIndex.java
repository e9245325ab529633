package io.tetherdb.spring.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for an index over several fields of an entity's documents, created when the entity's
 * repository (or a {@code TetherTemplate} using the entity) starts:
 * {@code @CompoundIndex(def = "{sensor: 1, at: -1}")}. The keys are document field paths (the
 * id is {@code _id}), each 1 for ascending or -1 for descending, in order. Repeatable.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(CompoundIndexes.class)
public @interface CompoundIndex {

    /**
     * The index keys in relaxed JSON, such as {@code "{sensor: 1, at: -1}"}.
     *
     * @return the keys
     */
    String def();

    /**
     * Whether no two documents may share a combination of key values.
     *
     * @return whether the index is unique
     */
    boolean unique() default false;

    /**
     * Whether documents missing every key field are left out of the index.
     *
     * @return whether the index is sparse
     */
    boolean sparse() default false;

    /**
     * The index's name; empty means the name the store derives from its keys.
     *
     * @return the index name
     */
    String name() default "";

}
