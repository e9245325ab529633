package io.tetherdb.aggregate;

import java.time.Duration;
import java.util.Objects;

/**
 * How an aggregation runs: its time limit, the memory each holding stage ({@code $group},
 * {@code $sort}, {@code $bucketAuto}, {@code $facet}, ...) may use, and whether such a stage may
 * spill to temporary files past that limit. Each method checks its value and returns a new
 * options object. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class AggregateOptions {

    /** The memory a holding stage may use by default: 100 MiB, as in MongoDB. */
    public static final long DEFAULT_MAX_MEMORY = 100L * 1024 * 1024;

    private static final AggregateOptions DEFAULTS = new AggregateOptions(null, DEFAULT_MAX_MEMORY, false);

    private final Duration maxTime;
    private final long maxMemory;
    private final boolean allowDiskUse;

    private AggregateOptions(Duration maxTime, long maxMemory, boolean allowDiskUse) {
        this.maxTime = maxTime;
        this.maxMemory = maxMemory;
        this.allowDiskUse = allowDiskUse;
    }

    /** @return the defaults: the store's query timeout, 100 MiB per holding stage, no disk use */
    public static AggregateOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param maxTime the time a run may take, in place of the store's query timeout;
     *        {@link Duration#ZERO} for none; not null, not negative
     * @return a copy with that limit
     */
    public AggregateOptions maxTime(Duration maxTime) {
        Objects.requireNonNull(maxTime, "maxTime must not be null");
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must not be negative but was " + maxTime);
        }
        return new AggregateOptions(maxTime, maxMemory, allowDiskUse);
    }

    /**
     * @param bytes the memory each holding stage may use; positive
     * @return a copy with that limit
     */
    public AggregateOptions maxMemory(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxMemory must be positive but was " + bytes);
        }
        return new AggregateOptions(maxTime, bytes, allowDiskUse);
    }

    /**
     * @param allow whether holding stages spill to temporary files (under the store's directory,
     *        or the system's temporary directory for an in-memory store) rather than fail past the
     *        memory limit; the files are deleted when the run's stream is closed
     * @return a copy with that setting
     */
    public AggregateOptions allowDiskUse(boolean allow) {
        return new AggregateOptions(maxTime, maxMemory, allow);
    }

    /** @return the time limit, or null for the store's query timeout */
    public Duration maxTime() {
        return maxTime;
    }

    /** @return the memory each holding stage may use, in bytes */
    public long maxMemory() {
        return maxMemory;
    }

    /** @return whether holding stages may spill to disk */
    public boolean allowDiskUse() {
        return allowDiskUse;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregateOptions other && Objects.equals(maxTime, other.maxTime)
                && maxMemory == other.maxMemory && allowDiskUse == other.allowDiskUse;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxTime, maxMemory, allowDiskUse);
    }

    @Override
    public String toString() {
        return "AggregateOptions[maxTime=" + maxTime + ", maxMemory=" + maxMemory + ", allowDiskUse=" + allowDiskUse
                + "]";
    }
}
