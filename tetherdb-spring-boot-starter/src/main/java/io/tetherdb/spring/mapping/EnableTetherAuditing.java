package io.tetherdb.spring.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Switches on auditing of TetherDB entities: {@code @CreatedDate} and {@code @LastModifiedDate}
 * (and {@code @CreatedBy}/{@code @LastModifiedBy} with an {@code AuditorAware} bean) are set each
 * time an entity is saved through a repository or the {@code TetherTemplate}. Put it on a
 * configuration class.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Inherited
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import(TetherAuditingRegistrar.class)
public @interface EnableTetherAuditing {

    /**
     * Name of the {@code AuditorAware} bean that supplies the current auditor; empty to look one
     * up by type, if any.
     *
     * @return the bean name
     */
    String auditorAwareRef() default "";

    /**
     * Whether creation and modification dates are set.
     *
     * @return whether dates are set
     */
    boolean setDates() default true;

    /**
     * Whether a new entity also gets its modification date (and modifier) set.
     *
     * @return whether creation counts as a modification
     */
    boolean modifyOnCreate() default true;

    /**
     * Name of the {@code DateTimeProvider} bean that supplies the current time; empty for the
     * system clock.
     *
     * @return the bean name
     */
    String dateTimeProviderRef() default "";

}
