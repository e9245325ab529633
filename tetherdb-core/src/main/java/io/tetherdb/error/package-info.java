/**
 * The exceptions TetherDB throws: the unchecked root {@link io.tetherdb.error.TetherException} and
 * the failures of the store as a whole (duplicate keys, closed, failed, locked, corrupt, read-only
 * or missing stores, oversized documents, query time limits). A package of its own, below both the
 * facade ({@code io.tetherdb}) and the internals that throw them, so that neither depends on the
 * other to report an error; failures of one part ({@code InvalidQueryException},
 * {@code InvalidDocumentException}) stay beside the code that throws them and extend this root.
 *
 * @since 0.2
 */
package io.tetherdb.error;
