package io.tetherdb.spring.repository.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.tetherdb.spring.repository.support.TetherRepositoryFactoryBean;

import org.springframework.beans.factory.support.BeanNameGenerator;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Import;
import org.springframework.data.repository.config.BootstrapMode;
import org.springframework.data.repository.config.DefaultRepositoryBaseClass;
import org.springframework.data.repository.query.QueryLookupStrategy.Key;

/**
 * Switches on TetherDB repositories: the interfaces extending
 * {@link io.tetherdb.spring.repository.TetherRepository} in the annotated class's package (or the
 * packages named) become beans. With the starter, Spring Boot does this by itself for the
 * application's packages; use the annotation to choose other packages or a template. The
 * repositories need a {@link io.tetherdb.spring.core.TetherOperations} bean, named by
 * {@link #tetherTemplateRef()}.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(TetherRepositoriesRegistrar.class)
public @interface EnableTetherRepositories {

    /**
     * Alias of {@link #basePackages()}.
     *
     * @return the packages to scan
     */
    String[] value() default {};

    /**
     * Packages to scan for repository interfaces; empty means the annotated class's package.
     *
     * @return the packages to scan
     */
    String[] basePackages() default {};

    /**
     * Classes whose packages are scanned, a type-safe alternative to {@link #basePackages()}.
     *
     * @return the marker classes
     */
    Class<?>[] basePackageClasses() default {};

    /**
     * Filters that narrow the interfaces found.
     *
     * @return the include filters
     */
    Filter[] includeFilters() default {};

    /**
     * Filters that leave interfaces out.
     *
     * @return the exclude filters
     */
    Filter[] excludeFilters() default {};

    /**
     * Suffix of custom implementation classes of repository fragments.
     *
     * @return the suffix
     */
    String repositoryImplementationPostfix() default "Impl";

    /**
     * Location of named queries; TetherDB uses none, kept for Spring Data's configuration contract.
     *
     * @return the location
     */
    String namedQueriesLocation() default "";

    /**
     * How query methods are resolved: {@code @Query} if present, else derived from the name.
     *
     * @return the lookup strategy
     */
    Key queryLookupStrategy() default Key.CREATE_IF_NOT_FOUND;

    /**
     * The factory bean class creating each repository.
     *
     * @return the factory bean class
     */
    Class<?> repositoryFactoryBeanClass() default TetherRepositoryFactoryBean.class;

    /**
     * A base class for repository implementations instead of the default.
     *
     * @return the base class
     */
    Class<?> repositoryBaseClass() default DefaultRepositoryBaseClass.class;

    /**
     * Bean name generator of repository beans; the interface means the context's default.
     *
     * @return the generator class
     */
    Class<? extends BeanNameGenerator> nameGenerator() default BeanNameGenerator.class;

    /**
     * Whether interfaces nested in other classes are considered.
     *
     * @return whether nested repositories are found
     */
    boolean considerNestedRepositories() default false;

    /**
     * When repositories are created.
     *
     * @return the bootstrap mode
     */
    BootstrapMode bootstrapMode() default BootstrapMode.DEFAULT;

    /**
     * Name of the {@link io.tetherdb.spring.core.TetherOperations} bean the repositories use.
     *
     * @return the bean name
     */
    String tetherTemplateRef() default "tetherTemplate";

}
