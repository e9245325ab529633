/**
 * The binding to H2's MVStore: maps, data types, the expiry index's keys, the write lock and the
 * commit, sync and compaction policy, and the encrypted file layer under MVStore. The only package that imports {@code org.h2.mvstore}. Not
 * public API: code outside {@code io.tetherdb} must not use it, and it may change in any release.
 */
package io.tetherdb.internal.store;
