package io.tetherdb.internal.aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tetherdb.error.MemoryLimitExceededException;
import io.tetherdb.query.QueryDeadline;

/**
 * One run of a pipeline: its deadline, memory rules, store access and the spill files to delete
 * when the run closes. Not thread-safe: it belongs to one run.
 */
public final class RunContext implements AutoCloseable {

    final QueryDeadline deadline;
    final long maxMemory;
    final boolean allowDiskUse;
    final PipelineSource source;
    private final List<SpillFile> spills = new ArrayList<>();

    /**
     * @param deadline the run's time limit; not null
     * @param maxMemory bytes each holding stage may hold
     * @param allowDiskUse whether holding stages spill past the limit rather than fail
     * @param source the store; not null
     */
    public RunContext(QueryDeadline deadline, long maxMemory, boolean allowDiskUse, PipelineSource source) {
        this.deadline = deadline;
        this.maxMemory = maxMemory;
        this.allowDiskUse = allowDiskUse;
        this.source = source;
    }

    /** The memory count of one holding stage. */
    final class Memory {
        private final String stage;
        private long held;

        Memory(String stage) {
            this.stage = stage;
        }

        /**
         * Counts bytes the stage now holds.
         *
         * @return whether the stage is over the limit and must spill
         * @throws MemoryLimitExceededException if it is over the limit and may not spill
         */
        boolean add(long bytes) {
            held += bytes;
            if (held > maxMemory) {
                if (!allowDiskUse) {
                    throw new MemoryLimitExceededException(stage, maxMemory);
                }
                return true;
            }
            return false;
        }

        void release() {
            held = 0;
        }
    }

    Memory memory(String stage) {
        return new Memory(stage);
    }

    SpillFile newSpill() {
        try {
            Path directory = source.temporaryDirectory();
            Files.createDirectories(directory);
            SpillFile spill = new SpillFile(Files.createTempFile(directory, "tetherdb-aggregate-", ".spill"));
            spills.add(spill);
            return spill;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a spill file for an aggregation", e);
        }
    }

    /** Deletes the run's spill files. */
    @Override
    public void close() {
        for (SpillFile spill : spills) {
            spill.delete();
        }
        spills.clear();
    }
}
