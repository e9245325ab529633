/**
 * TetherDB's Spring Data repositories: the {@link io.tetherdb.spring.repository.TetherRepository}
 * base interface and the {@link io.tetherdb.spring.repository.Query @Query} annotation.
 */
package io.tetherdb.spring.repository;
