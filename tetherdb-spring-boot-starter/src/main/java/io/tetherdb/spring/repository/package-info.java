/**
 * TetherDB's Spring Data repositories: the {@link io.tetherdb.spring.repository.TetherRepository}
 * base interface and the {@link io.tetherdb.spring.repository.Query @Query} and
 * {@link io.tetherdb.spring.repository.Meta @Meta} annotations.
 */
package io.tetherdb.spring.repository;
