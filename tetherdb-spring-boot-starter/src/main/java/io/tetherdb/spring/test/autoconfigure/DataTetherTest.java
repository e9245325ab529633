package io.tetherdb.spring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.transaction.annotation.Transactional;

/**
 * Annotation for a test that focuses on TetherDB alone: it runs with an in-memory store and only the
 * TetherDB auto-configuration (see {@link AutoConfigureDataTether}): the store, the
 * {@code TetherTemplate} and the application's TetherDB repositories. Component scanning finds none
 * of the application's other components unless {@link #includeFilters()} adds them.
 *
 * <p>Each test runs in a TetherDB transaction that is rolled back when it ends, as with
 * {@code @DataJpaTest}: the test sees its own writes, and the next test starts from the same data.
 * Annotate a test class or method with {@code @Commit} (or {@code @Rollback(false)}) to keep its
 * writes, or with {@code @Transactional(propagation = Propagation.NOT_SUPPORTED)} to run without a
 * transaction, for instance when other threads must read what the test wrote (a transaction's writes
 * are visible only to it until it commits).
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(DataTetherTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(DataTetherTypeExcludeFilter.class)
@AutoConfigureDataTether
@ImportAutoConfiguration
@Transactional
public @interface DataTetherTest {

    /**
     * Properties in {@code key=value} form added to the environment before the test runs.
     *
     * @return the properties to add
     */
    String[] properties() default {};

    /**
     * Whether default filtering applies with {@code @SpringBootApplication}; by default no
     * component of the application is included.
     *
     * @return whether default filters are used
     */
    boolean useDefaultFilters() default true;

    /**
     * Filters that add components that would otherwise be left out of the context.
     *
     * @return include filters to apply
     */
    Filter[] includeFilters() default {};

    /**
     * Filters that leave out components that would otherwise be added to the context.
     *
     * @return exclude filters to apply
     */
    Filter[] excludeFilters() default {};

    /**
     * Auto-configurations to leave out of this test.
     *
     * @return auto-configuration exclusions to apply
     */
    @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
    Class<?>[] excludeAutoConfiguration() default {};

}
