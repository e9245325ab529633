package io.tetherdb.spring.test.autoconfigure;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Type exclude filter for {@link DataTetherTest @DataTetherTest}: component scanning includes
 * nothing of the application by default, and honours the annotation's include and exclude filters.
 *
 * <p>Immutable after construction; thread-safe.
 *
 * @since 0.1
 */
class DataTetherTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<DataTetherTest> {

    DataTetherTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
    }

}
