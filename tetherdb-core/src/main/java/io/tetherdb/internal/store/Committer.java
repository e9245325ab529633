package io.tetherdb.internal.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import java.util.function.Supplier;

import io.tetherdb.error.TetherException;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The engine's write path: runs every write operation under one write lock, commits at operation
 * boundaries as the {@link FlushPolicy} says (by count, on a timer), and forces commits to the
 * disk: within half a second in the background, and at once on {@link #flush()}, grouped across
 * threads.
 * <p>
 * A writable file store keeps a write-ahead log ({@link RedoLog}): each operation's map changes
 * are appended to it as the operation completes, a commit writes the appended records to the log
 * file, and a flush forces the log to the disk. The maps themselves are committed to the store
 * file only at a <em>checkpoint</em>: when the log or the uncommitted pages grow large, when an
 * operation drops a map, for an index build or a compaction, and on close. A checkpoint is forced
 * to the disk before the log starts over, so that at every moment the store file and the log
 * together hold every commit. An in-memory store (and a read-only one) keeps no log: each commit is
 * an MVStore commit. MVStore's background auto-commit is off, so a commit only ever holds whole
 * operations. Thread-safe.
 */
final class Committer {

    /**
     * Uncommitted page memory that forces a commit (a checkpoint) at the next operation boundary: a
     * sixteenth of the heap, between 4 and 64 MiB (the commit serializes all of it into one buffer).
     */
    private static final long MAX_UNSAVED_BYTES = Math.max(4L << 20,
            Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));
    /** Size of the write-ahead log that forces a checkpoint at the next operation boundary. */
    private static final long CHECKPOINT_LOG_BYTES = 32L * 1024 * 1024;
    /** Longest time between commits reaching the operating system and the disk, while committing. */
    static final long SYNC_EVERY_MILLIS = 500;

    private final StoreEngine engine;
    private final MVStore store;
    private final Path path;
    private final Clock clock;
    private final long flushIntervalMillis;
    private final FlushPolicy flushPolicy;
    private final java.util.Set<java.nio.file.attribute.PosixFilePermission> filePermissions;
    private final StoreStatistics statistics;
    /** The metadata map, where each commit to a file records its time; null when nothing is recorded. */
    private final MVMap<String, String> meta;
    private final ReentrantLock writeLock = new ReentrantLock();
    /**
     * Held exclusively while a write operation changes the maps, so that {@link #betweenWrites} reads
     * see the maps between operations: never half a batch, nor a change that is rolled back.
     */
    private final StampedLock visibility = new StampedLock();
    private final Object syncMonitor = new Object();
    /** Who wrote what while transactions are open, for their commits' conflict checks. */
    private final WriteLog writeLog = new WriteLog();
    /** The change sequence, history and subscribers; set once when the store starts, before any write. */
    private ChangeLog changeLog;
    /** The write-ahead log of a writable file store, set by {@link #markOpen}; null otherwise. */
    private volatile RedoLog redo;

    /** The store clock's time of the last write of the log to its file, or -1; written under writeLock. */
    private volatile long lastLogWriteMillis = -1;
    /** Document writes since the last commit; guarded by writeLock. */
    private long pendingWrites;
    /** Count of completed write operations; written under writeLock. */
    private volatile long writeSequence;
    /** Highest writeSequence known to be on disk. */
    private final AtomicLong syncedSequence = new AtomicLong();
    /** Whether a caller of flush() is committing and syncing for the others; guarded by syncMonitor. */
    private boolean syncInProgress;
    /** writeSequence when the last commit was made; guarded by writeLock. */
    private long lastCommittedSequence;
    /** System.nanoTime() of the oldest commit not yet synced, or 0 if all are; guarded by writeLock. */
    private long oldestUnsyncedCommitNanos;

    /**
     * @param meta the metadata map where each commit to a file records its time, for tools that ask
     *        when a file was last written; null for a read-only store
     */
    Committer(StoreEngine engine, MVStore store, StoreSettings settings, Path path, StoreStatistics statistics,
            MVMap<String, String> meta) {
        this.meta = path == null ? null : meta;
        this.engine = engine;
        this.store = store;
        this.path = path;
        this.clock = settings.clock();
        this.flushIntervalMillis = settings.flushInterval().toMillis();
        this.filePermissions = settings.filePermissions();
        this.flushPolicy = new FlushPolicy(settings.flushThreshold(), settings.adaptiveFlush(), clock.millis());
        this.statistics = statistics;
    }

    /** @return the lock every write, commit, index build, compaction and verification runs under */
    ReentrantLock writeLock() {
        return writeLock;
    }

    /** When the store starts, before any write: the change log every write operation appends to. */
    void attach(ChangeLog log) {
        this.changeLog = log;
    }

    /**
     * When a writable file store starts, before any write: marks it open (see
     * {@link ChangeLog#opened}) and commits and syncs that, so that no change is published before
     * the disk knows that a crash from now on must not let its number be given again; the same
     * commit names the write-ahead log's first generation (and holds what recovery replayed), and
     * the log begins it.
     */
    void markOpen(String logName, javax.crypto.spec.SecretKeySpec logKey) {
        writeLock.lock();
        try {
            changeLog.opened();
            long generation = RedoLog.newGeneration();
            meta.put(RedoLog.GENERATION_KEY, Long.toString(generation));
            try {
                store.commit();
            } catch (RuntimeException e) {
                throw engine.fail("commit", e);
            }
            syncFile();
            try {
                // the log holds what the file does: it gets the file's permissions
                StoreFileAccess.createIfMissing(RedoLog.fileOf(path), filePermissions);
                redo = RedoLog.create(path, logName, logKey, generation);
            } catch (java.io.UncheckedIOException e) {
                throw engine.fail("opening the write-ahead log", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Under the write lock, while the store closes: closes the log, deleting it once the final
     * commit, which holds all its records, is on the disk. Does nothing when no log is kept or it
     * is closed already.
     *
     * @param delete whether the final commit is on the disk
     */
    void closeLog(boolean delete) {
        RedoLog log = redo;
        if (log == null) {
            return;
        }
        redo = null;
        if (delete) {
            try {
                log.closeAndDelete();
            } catch (java.io.IOException e) {
                // harmless: the metadata names no generation now, so no open replays what is left
                log.closeQuietly();
            }
        } else {
            log.closeQuietly();
        }
    }

    /** @return whether a write-ahead log keeps the commits between checkpoints */
    boolean logging() {
        return redo != null;
    }

    /** @return the change log */
    ChangeLog changeLog() {
        return changeLog;
    }

    /**
     * Under the write lock: numbers, records and publishes the changes of work done outside
     * {@link #write} (the removals of expired documents by an index build), all of which stay.
     */
    void changesCompletedLocked(Mutations mutations) {
        changeLog.publish(changeLog.append(mutations));
    }

    /** @return the write log that transactions' commits check */
    WriteLog writeLog() {
        return writeLog;
    }

    /** @return the count of completed write operations */
    long writeSequence() {
        return writeSequence;
    }

    /** @return the flush threshold in force now (it changes in adaptive mode) */
    int currentFlushThreshold() {
        return flushPolicy.threshold();
    }

    /** See {@link StoreEngine#write}. */
    <T> T write(Function<Mutations, T> operation) {
        writeLock.lock();
        try {
            engine.ensureWritable("write");
            T result;
            long stamp = visibility.writeLock();
            // decided under the visibility lock: a transaction that starts recording after this point
            // captures its snapshot only after this operation, so it needs none of its writes logged
            Mutations mutations = new Mutations(writeLog.recording(), clock.millis(), changeLog.observed());
            List<ChangeRecord> changes;
            try {
                result = operation.apply(mutations);
                // numbered and written to the history inside the operation, so that a failure undoes
                // them too and the history is committed with the changes it describes
                changes = changeLog.append(mutations);
                if (!mutations.isEmpty()) {
                    // counted and logged before readers may see the maps, so that a transaction's
                    // snapshot never reflects a write whose sequence number is above its start point
                    writeSequence++;
                    if (writeLog.recording()) {
                        writeLog.record(mutations, writeSequence);
                    }
                    if (redo != null) {
                        // last: once the record is appended, nothing may undo the operation
                        redo.append(mutations, changeLog.appendedSequence(), mutations.nowMillis());
                    }
                }
            } catch (RuntimeException | Error e) {
                mutations.rollback();
                // a damaged page read by the operation is a CorruptStoreException; what it changed is undone
                throw Damage.translate(path, "the maps a write touches", e);
            } finally {
                visibility.unlockWrite(stamp);
            }
            // still under the write lock, so in commit order, and after readers can see the changes
            changeLog.publish(changes);
            if (!mutations.isEmpty()) {
                pendingWrites += Math.max(1, mutations.documentWrites());
                statistics.documentWrites.add(mutations.documentWrites());
                if (mutations.checkpointRequired() || path != null && (store.getUnsavedMemory() > MAX_UNSAVED_BYTES
                        || changeLog.needsCommit() || redo != null && redo.size() > CHECKPOINT_LOG_BYTES)) {
                    commitLocked(true);
                } else if (flushPolicy.thresholdReached(pendingWrites)) {
                    commitOrLogLocked(true);
                }
            }
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs a short read so that it sees the maps between two write operations; see
     * {@link StoreEngine#atomically}. Within a write operation it simply runs.
     */
    <T> T betweenWrites(Supplier<T> read) {
        if (writeLock.isHeldByCurrentThread()) {
            return read.get();
        }
        long stamp = visibility.tryOptimisticRead();
        if (stamp != 0) {
            try {
                T result = read.get();
                if (visibility.validate(stamp)) {
                    return result;
                }
            } catch (RuntimeException e) {
                if (visibility.validate(stamp)) {
                    throw e;
                }
                // a write overlapped: the failure may come from its half-done state; read again
            }
        }
        stamp = visibility.readLock();
        try {
            return read.get();
        } finally {
            visibility.unlockRead(stamp);
        }
    }

    /** Under the write lock: counts an operation that wrote outside {@link #write}, such as an index build. */
    void operationCompletedLocked() {
        writeSequence++;
    }

    /** Under the write lock: commits if anything was written since the last commit. */
    void commitPendingLocked() {
        if (pendingWrites > 0 || store.hasUnsavedChanges()) {
            commitLocked(false);
        }
    }

    /**
     * Under the write lock: commits the writes since the last commit: by writing the log's waiting
     * records to its file when a log is kept, else by committing the maps.
     */
    private void commitOrLogLocked(boolean byThreshold) {
        RedoLog log = redo;
        if (log == null) {
            commitLocked(byThreshold);
            return;
        }
        long start = System.nanoTime();
        try {
            log.writePending();
        } catch (java.io.IOException | RuntimeException e) {
            // whether the records reached the file is unknown; as with a failed MVStore commit, the store cannot go on
            throw logFailed("write to the write-ahead log", e);
        }
        statistics.commits.increment();
        statistics.commitNanos.add(System.nanoTime() - start);
        pendingWrites = 0;
        lastCommittedSequence = writeSequence;
        lastLogWriteMillis = clock.millis();
        flushPolicy.committed(lastLogWriteMillis, byThreshold);
    }

    /**
     * @return the store clock's time of the last write of the log to its file, or -1 if there was
     *         none since the store opened (checkpoints record theirs in the metadata)
     */
    long lastLogWriteMillis() {
        return lastLogWriteMillis;
    }

    /** @return the size of the write-ahead log's file, 0 when none is kept */
    long logFileSize() {
        RedoLog log = redo;
        return log == null ? 0 : log.fileSize();
    }

    /**
     * Under the write lock: commits the maps to the store file (a checkpoint, when a log is kept:
     * forced to the disk, after which the log starts a new generation), first syncing earlier
     * commits that have waited too long.
     */
    void commitLocked(boolean byThreshold) {
        // A commit may write into the space of a chunk that an earlier commit freed more than the
        // retention time ago; that earlier commit must be on the disk first, or a power loss could
        // leave neither version readable. Syncing commits older than half a second before each commit
        // keeps that true with room to spare.
        syncIfStale();
        long start = System.nanoTime();
        if (meta != null) {
            // one small page more per commit; MVStore's own chunk times are not readable through its API
            meta.put(Catalog.LAST_COMMIT_KEY, Long.toString(clock.millis()));
            if (changeLog != null) {
                changeLog.beforeCommit();
            }
        }
        RedoLog log = redo;
        boolean syncedNow = false;
        long nextGeneration = 0;
        if (log != null) {
            // the records of the log's generation are all in this commit; the next ones belong to a new one
            nextGeneration = RedoLog.newGeneration();
            meta.put(RedoLog.GENERATION_KEY, Long.toString(nextGeneration));
        }
        try {
            store.commit();
        } catch (RuntimeException e) {
            // MVStore 2.4.240 "panics" on a failed chunk write: it closes itself without writing more and
            // rethrows. Whether the chunk reached the file is unknown; the store cannot go on.
            throw engine.fail("commit", e);
        }
        if (log != null) {
            if (log.hasWritten()) {
                // the log may start over only once the commit holding its records is on the disk
                syncFile();
                syncedNow = true;
                oldestUnsyncedCommitNanos = 0;
                syncedSequence.accumulateAndGet(writeSequence, Math::max);
            }
            try {
                log.begin(nextGeneration);
            } catch (java.io.UncheckedIOException e) {
                throw engine.fail("restart the write-ahead log", e);
            }
        }
        long end = System.nanoTime();
        statistics.commits.increment();
        statistics.checkpoints.increment();
        statistics.commitNanos.add(end - start);
        pendingWrites = 0;
        lastCommittedSequence = writeSequence;
        flushPolicy.committed(clock.millis(), byThreshold);
        if (path != null && oldestUnsyncedCommitNanos == 0 && !syncedNow) {
            oldestUnsyncedCommitNanos = end;
        }
    }

    /** Under the write lock: syncs if a commit has waited for the disk for half a second or more. */
    private void syncIfStale() {
        if (oldestUnsyncedCommitNanos != 0
                && System.nanoTime() - oldestUnsyncedCommitNanos >= SYNC_EVERY_MILLIS * 1_000_000L) {
            syncFile();
            oldestUnsyncedCommitNanos = 0;
            // only what was committed is on the disk now; writes since the last commit are not, and a
            // flush() must still commit and sync them
            syncedSequence.accumulateAndGet(lastCommittedSequence, Math::max);
        }
    }

    /** Forces the file to the disk, counting the sync and its time. */
    private void syncFile() {
        long start = System.nanoTime();
        try {
            store.sync();
        } catch (RuntimeException e) {
            // A failed fsync is fatal and never retried (PostgreSQL's "fsyncgate", 2018): after an fsync
            // error Linux may drop the dirty pages it could not write and mark them clean, so a second
            // fsync succeeds while the data is gone. Nothing written since the last good sync can be
            // trusted to be on the disk, so the store refuses every further operation instead.
            throw engine.fail("fsync", e);
        }
        statistics.syncs.increment();
        statistics.syncNanos.add(System.nanoTime() - start);
    }

    /** Background task: forces commits to the disk once they are half a second old, even when writes stop. */
    void backgroundSync() {
        RedoLog log = redo;
        if (log != null) {
            long since = log.unsyncedSince();
            if (since != 0 && System.nanoTime() - since >= SYNC_EVERY_MILLIS * 1_000_000L) {
                long covered;
                writeLock.lock();
                try {
                    if (engine.isClosed()) {
                        return;
                    }
                    covered = lastCommittedSequence;
                } finally {
                    writeLock.unlock();
                }
                forceLog(log);
                syncedSequence.accumulateAndGet(covered, Math::max);
            }
        }
        writeLock.lock();
        try {
            if (!engine.isClosed()) {
                syncIfStale();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Forces the log's file to the disk, counting the sync and its time. */
    private void forceLog(RedoLog log) {
        long start = System.nanoTime();
        try {
            log.force();
        } catch (java.io.IOException | RuntimeException e) {
            // fatal as a failed fsync of the store file is: see syncFile
            throw logFailed("fsync of the write-ahead log", e);
        }
        statistics.syncs.increment();
        statistics.syncNanos.add(System.nanoTime() - start);
    }

    /** Puts the store in its failed state after a failed write or force of the log. */
    private io.tetherdb.error.StoreFailedException logFailed(String operation, Exception e) {
        return engine.fail(operation, e instanceof java.io.IOException io ? new java.io.UncheckedIOException(io)
                : (RuntimeException) e);
    }

    /** Background task: commits writes that have waited for the flush interval. */
    void timedCommit() {
        writeLock.lock();
        try {
            if (engine.isClosed() || pendingWrites == 0) {
                return;
            }
            if (clock.millis() - flushPolicy.lastCommitMillis() >= flushIntervalMillis) {
                commitOrLogLocked(false);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** See {@link StoreEngine#flush}. */
    void flush() {
        engine.ensureOpen();
        if (engine.isReadOnly()) {
            // nothing was written: there is nothing to commit or force to the disk
            return;
        }
        long target = writeSequence;
        if (target == 0 || syncedSequence.get() >= target) {
            return;
        }
        synchronized (syncMonitor) {
            while (syncInProgress) {
                if (syncedSequence.get() >= target) {
                    return;
                }
                try {
                    syncMonitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TetherException("Interrupted while waiting for a flush of " + engine.describe(), e);
                }
            }
            if (syncedSequence.get() >= target) {
                return;
            }
            syncInProgress = true;
        }
        long committed = 0;
        boolean synced = false;
        try {
            RedoLog log;
            boolean storeUnsynced;
            writeLock.lock();
            try {
                engine.ensureOpen();
                committed = writeSequence;
                log = redo;
                if (log != null) {
                    if (pendingWrites > 0) {
                        commitOrLogLocked(false);
                    }
                } else {
                    commitPendingLocked();
                }
                // a checkpoint not yet on the disk holds writes that the log no longer does
                storeUnsynced = oldestUnsyncedCommitNanos != 0;
            } finally {
                writeLock.unlock();
            }
            if (log != null && syncedSequence.get() < committed) {
                forceLog(log);
            }
            if (path != null && syncedSequence.get() < committed && (log == null || storeUnsynced)) {
                syncFile();
                writeLock.lock();
                try {
                    if (lastCommittedSequence <= committed) {
                        // every commit so far is on the disk: nothing for the background sync to do
                        oldestUnsyncedCommitNanos = 0;
                    }
                } finally {
                    writeLock.unlock();
                }
            }
            synced = true;
        } finally {
            synchronized (syncMonitor) {
                syncInProgress = false;
                if (synced) {
                    // after a failed commit or sync the waiting callers must not return as if it had worked
                    syncedSequence.accumulateAndGet(committed, Math::max);
                }
                syncMonitor.notifyAll();
            }
        }
    }

    /**
     * While the store closes: waits for a flush() that is syncing outside the write lock, so that it
     * does not find the file closed under it. No new one starts: a flush checks the closed flag under
     * the write lock after claiming the sync.
     *
     * @return whether the waiting thread was interrupted meanwhile
     */
    boolean awaitSyncInProgress() {
        boolean interrupted = false;
        synchronized (syncMonitor) {
            while (syncInProgress) {
                try {
                    syncMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }
}
