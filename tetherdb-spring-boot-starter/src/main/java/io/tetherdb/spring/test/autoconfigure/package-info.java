/**
 * The {@code @DataTetherTest} test slice: an in-memory store and the TetherDB auto-configuration
 * alone.
 */
package io.tetherdb.spring.test.autoconfigure;
