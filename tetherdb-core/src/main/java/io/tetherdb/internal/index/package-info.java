/**
 * Index keys: the order-preserving byte encoding of values ({@link io.tetherdb.internal.index.IndexKeyEncoder}),
 * the keys a document yields for an index (multikey included) and key ranges. Not public API: code
 * outside {@code io.tetherdb} must not use it, and it may change in any release.
 */
package io.tetherdb.internal.index;
