package io.tetherdb.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One system under test, wrapped in the operations of the workload. Each implementation does what
 * a user of that system would write; where a system has no equivalent of an operation it says so
 * by throwing {@link UnsupportedOperationException}, which the table shows as "n/a".
 *
 * <p>Documents are addressed by their index in the {@link Workload}; each contender keeps its own
 * mapping to its native ids. Not thread-safe unless a method says so.
 */
abstract class Contender implements AutoCloseable {

    /** Time-to-live given to expiring documents. */
    static final java.time.Duration TTL = java.time.Duration.ofHours(1);

    protected final MutableClock clock;
    protected Workload workload;

    Contender(MutableClock clock) {
        this.clock = clock;
    }

    /** @return the name shown in the table */
    abstract String name();

    /**
     * Creates a fresh store in the directory.
     *
     * @param dir an empty directory
     * @param workload the documents this store will hold
     */
    abstract void open(Path dir, Workload workload) throws Exception;

    /** Inserts one document, as a single operation. */
    abstract void insertOne(int i) throws Exception;

    /** Inserts the documents {@code from} (inclusive) to {@code to} (exclusive) in one operation. */
    abstract void insertBatch(int from, int to) throws Exception;

    /** @return the document, or null if it is missing */
    abstract Map<String, Object> get(int i) throws Exception;

    /** @return the documents whose age equals the value, fully materialised */
    abstract List<Map<String, Object>> findByAge(int age) throws Exception;

    /** Creates an index on age, over the documents already stored. */
    abstract void createAgeIndex() throws Exception;

    /** @return the ten documents with the highest score among those with age in [from, to) */
    abstract List<Map<String, Object>> topScoresByAgeRange(int from, int to, int limit) throws Exception;

    /** @return the number of stored documents */
    abstract long countAll() throws Exception;

    /** @return the number of documents whose age equals the value */
    abstract long countByAge(int age) throws Exception;

    /** Deletes one document, as a single operation. */
    abstract void delete(int i) throws Exception;

    /**
     * Removes every document whose expiry time is at or before the clock's now.
     *
     * @return how many were removed
     */
    abstract int sweepExpired() throws Exception;

    /** Deletes the documents in one operation (one transaction/commit where the system has them). */
    abstract void deleteBatch(List<Integer> indexes) throws Exception;

    /** Stores these documents again, without expiry, in one operation (not timed). */
    abstract void restore(List<Integer> indexes) throws Exception;

    /** Commits, closes the store and returns the size of its files. */
    abstract long closeAndMeasure() throws Exception;

    /** Opens the store closed by {@link #closeAndMeasure()} again. */
    abstract void reopen() throws Exception;

    /** @return the file of a TetherDB store that {@link OpenProbe} can open, or null for other systems */
    Path storeFile() {
        return null;
    }

    /**
     * Opens a fresh store for writes that each return only once they are as safe as the guarantee
     * says: committed (they survive a crash of the process) or also forced to the disk (they survive
     * a power loss). Called from several threads at once.
     *
     * @throws UnsupportedOperationException if the system cannot give that guarantee per write
     */
    abstract DurableWriter openDurable(Path dir, Guarantee guarantee) throws Exception;

    /** What a write has survived once it returns, for the rows that compare systems at equal guarantees. */
    enum Guarantee {
        /** Committed: in the file as far as the operating system is concerned; survives a process crash. */
        COMMIT_EACH("committed, survives a process crash"),
        /** Committed and forced to the disk (fsync); survives a power loss. */
        FSYNC_EACH("forced to the disk, survives a power loss");

        final String meaning;

        Guarantee(String meaning) {
            this.meaning = meaning;
        }
    }

    /** Writes that each have their guarantee before returning. Thread-safe. */
    interface DurableWriter extends AutoCloseable {
        void write(int i) throws Exception;

        /** @return how the writes reach the disk, for the notes under the table */
        String howDurable();

        @Override
        void close() throws java.sql.SQLException;
    }

    @Override
    public abstract void close() throws java.sql.SQLException;

    static long sizeOf(Path... files) throws IOException {
        long total = 0;
        for (Path file : files) {
            if (java.nio.file.Files.exists(file)) {
                total += java.nio.file.Files.size(file);
            }
        }
        return total;
    }
}
