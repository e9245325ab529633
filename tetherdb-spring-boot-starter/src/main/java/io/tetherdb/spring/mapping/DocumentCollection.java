package io.tetherdb.spring.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.data.annotation.Persistent;

/**
 * Names the TetherDB collection an entity is stored in: {@code @DocumentCollection("readings")}.
 * Without it, an entity lives in the collection named after its simple class name
 * ({@code Reading} for {@code com.example.Reading}). Named so that it clashes neither with
 * {@code java.util.Collection} nor with the core's {@code io.tetherdb.TetherCollection}.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Persistent
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DocumentCollection {

    /**
     * The collection's name; empty means the entity's simple class name.
     *
     * @return the collection name
     */
    @AliasFor("name")
    String value() default "";

    /**
     * Alias of {@link #value()}.
     *
     * @return the collection name
     */
    @AliasFor("value")
    String name() default "";

}
