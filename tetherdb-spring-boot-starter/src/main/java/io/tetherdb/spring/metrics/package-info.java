/**
 * Micrometer metrics of a TetherDB store: document counts, reads, writes, expiry, commits and
 * disk syncs, file size.
 */
package io.tetherdb.spring.metrics;
