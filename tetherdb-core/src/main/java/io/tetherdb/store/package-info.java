/**
 * The binding to H2's MVStore: maps, data types, the write lock and the commit, sync and
 * compaction policy. The only package that imports {@code org.h2.mvstore}; not public API.
 */
package io.tetherdb.store;
