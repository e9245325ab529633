/**
 * The {@code @DataTetherTest} test slice: an in-memory store, the TetherDB auto-configuration and
 * the application's TetherDB repositories alone.
 */
package io.tetherdb.spring.test.autoconfigure;
