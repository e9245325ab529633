package io.tetherdb;

import java.util.List;

/**
 * A snapshot of a store's counters since it was opened, and its current sizes.
 *
 * @param reads documents read by id
 * @param documentsExamined documents read and tested against a filter by queries, counts and
 *        filtered writes (a count an index answers reads none); since 0.2
 * @param documentWrites documents written or removed
 * @param expiredRemoved expired documents removed by sweeps
 * @param commits commits: writes of the write-ahead log to its file, and checkpoints (commits of
 *        the maps to the store file; every commit is one in memory)
 * @param commitNanos total time spent committing
 * @param syncs forced writes to the disk
 * @param syncNanos total time spent forcing writes to the disk
 * @param compactions file compactions run
 * @param backgroundFailures failures of background tasks (timed commit, sweep, sync, compaction)
 * @param lastBackgroundFailure the last such failure as text, or null if there was none
 * @param fileSize size of the store's files in bytes (the store file and its write-ahead log), 0 in memory
 * @param flushThreshold flush threshold in force
 * @param collections live document count of each collection
 * @since 0.1
 */
public record TetherStatistics(
        long reads,
        long documentsExamined,
        long documentWrites,
        long expiredRemoved,
        long commits,
        long commitNanos,
        long syncs,
        long syncNanos,
        long compactions,
        long backgroundFailures,
        String lastBackgroundFailure,
        long fileSize,
        int flushThreshold,
        List<CollectionCount> collections) {

    /**
     * @param name collection name
     * @param documents live documents
     */
    public record CollectionCount(String name, long documents) {
    }
}
