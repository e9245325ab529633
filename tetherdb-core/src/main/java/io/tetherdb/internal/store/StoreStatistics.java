package io.tetherdb.internal.store;

import java.util.concurrent.atomic.LongAdder;

/** Counters kept by the engine's roles since the store opened. Thread-safe. */
public final class StoreStatistics {
    final LongAdder documentWrites = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder checkpoints = new LongAdder();
    final LongAdder commitNanos = new LongAdder();
    final LongAdder syncs = new LongAdder();
    final LongAdder syncNanos = new LongAdder();
    final LongAdder compactions = new LongAdder();
    final LongAdder backgroundFailures = new LongAdder();
    volatile RuntimeException lastBackgroundFailure;

    /** @return documents written or removed since open */
    public long documentWrites() {
        return documentWrites.sum();
    }

    /** @return commits since open: writes of the log to the file, and checkpoints */
    public long commits() {
        return commits.sum();
    }

    /**
     * @return checkpoints since open: commits of the maps to the store file, after which the
     *         write-ahead log starts over (every commit is one where no log is kept)
     */
    public long checkpoints() {
        return checkpoints.sum();
    }

    /** @return total time spent committing, in nanoseconds */
    public long commitNanos() {
        return commitNanos.sum();
    }

    /** @return fsyncs since open */
    public long syncs() {
        return syncs.sum();
    }

    /** @return total time spent in fsync, in nanoseconds */
    public long syncNanos() {
        return syncNanos.sum();
    }

    /** @return compactions run since open */
    public long compactions() {
        return compactions.sum();
    }

    /** @return failures of background tasks (timed commit, sweep, compaction) */
    public long backgroundFailures() {
        return backgroundFailures.sum();
    }

    /** @return the last failure of a background task, or null */
    public RuntimeException lastBackgroundFailure() {
        return lastBackgroundFailure;
    }
}
