package io.tetherdb.spring.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Test context bootstrapper for {@link DataTetherTest @DataTetherTest}: adds the annotation's
 * {@code properties} to the environment.
 *
 * <p>Created by the test framework for each test class; not shared between threads.
 *
 * @since 0.1
 */
class DataTetherTestContextBootstrapper extends TestSliceTestContextBootstrapper<DataTetherTest> {

}
