package io.tetherdb.internal.store;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.TetherException;
import org.h2.mvstore.MVStore;

/**
 * The engine's background work and compaction: one daemon thread runs the timed commit, the
 * background sync, the compaction check and the tasks others schedule (the expiry sweep), counting
 * their failures in the {@link StoreStatistics}; and {@link #compact(boolean)} rewrites sparsely used
 * chunks, which nothing else does with MVStore's background thread off. Thread-safe.
 */
final class StoreMaintenance {

    /** Longest wait of close() for a running maintenance task, in seconds. */
    private static final long MAINTENANCE_STOP_SECONDS = 5;
    /** Chunks less full than this percentage are rewritten by compaction. */
    private static final int COMPACT_BELOW_FILL_RATE = 80;
    /** Bytes one background compaction may rewrite. */
    private static final int COMPACT_WRITE_BYTES = 16 * 1024 * 1024;
    /** Period of the compaction check, in milliseconds. */
    private static final long COMPACT_PERIOD_MILLIS = 5_000;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final StoreEngine engine;
    private final MVStore store;
    private final Path path;
    private final Committer committer;
    private final StoreStatistics statistics;
    private final ScheduledExecutorService maintenance;
    /** Checkpoint count when compaction last ran; guarded by the write lock. */
    private long commitsAtLastCompaction = -1;

    StoreMaintenance(StoreEngine engine, MVStore store, Path path, Committer committer, StoreStatistics statistics) {
        this.engine = engine;
        this.store = store;
        this.path = path;
        this.committer = committer;
        this.statistics = statistics;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemonThreads());
    }

    /**
     * Starts the timed commit (when the flush interval is not zero), and for a file the background
     * sync and the compaction check; a read-only store has nothing to commit, sync or compact.
     */
    void start(boolean readOnly, long flushIntervalMillis) {
        if (readOnly) {
            return;
        }
        if (flushIntervalMillis > 0) {
            scheduleWithFixedDelay(committer::timedCommit, Math.max(10, flushIntervalMillis / 2));
        }
        if (path != null) {
            scheduleWithFixedDelay(committer::backgroundSync, Committer.SYNC_EVERY_MILLIS / 2);
            scheduleWithFixedDelay(() -> compact(false), COMPACT_PERIOD_MILLIS);
        }
    }

    /** See {@link StoreEngine#scheduleWithFixedDelay}. */
    void scheduleWithFixedDelay(Runnable task, long periodMillis) {
        maintenance.scheduleWithFixedDelay(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            if (engine.isClosed() || engine.hasFailed()) {
                return;
            }
            try {
                task.run();
            } catch (StoreFailedException e) {
                // a background commit, sync or compaction failed: the store is in the failed state now
                statistics.backgroundFailures.increment();
                statistics.lastBackgroundFailure = e;
            } catch (StoreClosedException e) {
                // closing raced with the task; nothing to do
            } catch (RuntimeException e) {
                statistics.backgroundFailures.increment();
                statistics.lastBackgroundFailure = e;
                if (store.getPanicException() != null) {
                    // MVStore closed itself after a write failure that did not pass through commitLocked
                    statistics.lastBackgroundFailure = engine.fail("background maintenance", e);
                }
            }
        };
    }

    private ThreadFactory daemonThreads() {
        String label = path == null ? "in-memory" : String.valueOf(path.getFileName());
        return runnable -> {
            Thread thread = new Thread(runnable, "tetherdb-maintenance-" + THREAD_IDS.incrementAndGet() + "-" + label);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Stops the maintenance thread, letting a running task end: not shutdownNow(), since interrupting
     * a thread in a FileChannel operation closes the channel, and with it the file under the final
     * commit. A running task ends soon: each of its writes and reads throws StoreClosedException.
     *
     * @return whether the waiting thread was interrupted meanwhile
     */
    boolean stop() {
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(MAINTENANCE_STOP_SECONDS, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** See {@link StoreEngine#compact}. */
    void compact(boolean force) {
        ReentrantLock writeLock = committer.writeLock();
        writeLock.lock();
        try {
            engine.ensureWritable("compact");
            if (path == null || !force && statistics.checkpoints() == commitsAtLastCompaction) {
                return;
            }
            committer.commitPendingLocked();
            boolean rewrote;
            // MVStore waits for its store lock interruptibly (and gives up with an InterruptedException
            // wrapped in a RuntimeException): keep the caller's interrupt away from that wait, and
            // restore it afterwards. Nobody else holds that lock while we hold the write lock.
            boolean interrupted = Thread.interrupted();
            try {
                rewrote = store.compact(force ? 100 : COMPACT_BELOW_FILL_RATE,
                        force ? Integer.MAX_VALUE : COMPACT_WRITE_BYTES);
            } catch (RuntimeException e) {
                if (store.getPanicException() != null || store.isClosed()) {
                    throw engine.fail("compaction", e);
                }
                throw new TetherException("Compaction of TetherDB store " + engine.describe() + " failed: "
                        + e.getMessage(), e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (rewrote || store.hasUnsavedChanges()) {
                committer.commitLocked(false);
            }
            statistics.compactions.increment();
            commitsAtLastCompaction = statistics.checkpoints();
        } finally {
            writeLock.unlock();
        }
    }
}
