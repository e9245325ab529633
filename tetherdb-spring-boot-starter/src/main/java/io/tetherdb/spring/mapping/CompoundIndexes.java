package io.tetherdb.spring.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Container of repeated {@link CompoundIndex} annotations; written by the compiler when a class
 * carries several of them.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CompoundIndexes {

    /**
     * The compound indexes.
     *
     * @return the indexes
     */
    CompoundIndex[] value();

}
