package io.tetherdb.internal.aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final List<SpillFile> spills;
    /** Variables the run's documents see besides their own, such as a {@code $lookup}'s {@code let}; or null. */
    private final Map<String, ?> outer;
    /** Whether this context made its spill list and so deletes the files on close. */
    private final boolean ownsSpills;

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
        this.spills = new ArrayList<>();
        this.outer = null;
        this.ownsSpills = true;
    }

    private RunContext(RunContext parent, Map<String, ?> outer) {
        this.deadline = parent.deadline;
        this.maxMemory = parent.maxMemory;
        this.allowDiskUse = parent.allowDiskUse;
        this.source = parent.source;
        this.spills = parent.spills;
        this.outer = outer;
        this.ownsSpills = false;
    }

    /**
     * @param variables variables a nested pipeline's expressions see besides those this run's do,
     *        by name; not null
     * @return a context for that pipeline within this run, sharing its limits and spill files (which
     *         the run deletes when it closes, not the nested pipeline)
     */
    RunContext withVariables(Map<String, ?> variables) {
        if (outer == null || variables.isEmpty()) {
            return new RunContext(this, variables.isEmpty() ? outer : variables);
        }
        Map<String, Object> all = new HashMap<>(outer);
        all.putAll(variables);
        return new RunContext(this, all);
    }

    /** @return the variables an expression sees for one document of this run */
    Variables variables(Map<String, ?> document) {
        return outer == null ? Variables.of(document) : Variables.of(document, outer);
    }

    /** The memory count of one holding stage. */
    final class Memory {
        private final String stage;
        private final boolean maySpill;
        private long held;

        Memory(String stage, boolean maySpill) {
            this.stage = stage;
            this.maySpill = maySpill;
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
                if (!allowDiskUse || !maySpill) {
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
        return new Memory(stage, true);
    }

    /** @return a memory count that fails past the limit even when disk use is allowed */
    Memory memoryWithoutSpill(String stage) {
        return new Memory(stage, false);
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
        if (!ownsSpills) {
            return;
        }
        for (SpillFile spill : spills) {
            spill.delete();
        }
        spills.clear();
    }
}
