/**
 * Query methods of TetherDB repositories: derived queries parsed from method names, {@code @Query}
 * filters parsed once with typed parameter slots, and their execution for each return type.
 */
package io.tetherdb.spring.repository.query;
