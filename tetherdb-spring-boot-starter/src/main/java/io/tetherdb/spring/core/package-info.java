/**
 * Entity-level access to TetherDB for Spring applications: {@link io.tetherdb.spring.core.TetherOperations}
 * and its {@link io.tetherdb.spring.core.TetherTemplate}, the {@link io.tetherdb.spring.core.TetherQuery}
 * they run, and the translation of store exceptions into Spring's {@code DataAccessException} hierarchy.
 */
package io.tetherdb.spring.core;
