/**
 * Configuration of TetherDB repositories: {@link io.tetherdb.spring.repository.config.EnableTetherRepositories}
 * and the Spring Data configuration extension behind it.
 */
package io.tetherdb.spring.repository.config;
