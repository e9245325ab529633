package io.tetherdb.spring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Imports the auto-configurations of a TetherDB test slice, listed in
 * {@code META-INF/spring/io.tetherdb.spring.test.autoconfigure.AutoConfigureDataTether.imports},
 * and makes the store in-memory ({@code tetherdb.in-memory=true}) unless told otherwise. Most
 * tests use {@link DataTetherTest @DataTetherTest} instead.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("tetherdb")
public @interface AutoConfigureDataTether {

    /**
     * Whether the test store lives in memory, mapped to {@code tetherdb.in-memory}. Set it to
     * false to run against the file named by {@code tetherdb.path}.
     *
     * @return whether the store is in memory
     */
    boolean inMemory() default true;

}
