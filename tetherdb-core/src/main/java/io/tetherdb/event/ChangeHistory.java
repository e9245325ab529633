package io.tetherdb.event;

import java.time.Duration;
import java.util.Objects;

/**
 * How much change history a store keeps so that subscribers can resume after a restart or after
 * falling behind ({@link WatchOptions#resumeAfter(long)}), set with
 * {@code TetherDBBuilder.changeHistory}. The history is a map in the store file, written in the same
 * commit as the changes it records; each entry holds the change and its documents' stored records
 * (after, and before where there was one), so it costs about one more write of each changed
 * document. Entries beyond the count, or older than the age, are pruned as later changes are
 * written. Off by default: then sequence numbers still rise across reopens, but a subscription can
 * only start from now. A store opened with history off leaves a kept history as it is (backups and
 * compaction copy it) but no longer writes it; when history is turned on again after changes were
 * made meanwhile, the old history (which ends before a gap) is cleared and a new one begins.
 * Immutable.
 *
 * @since 0.2
 */
public final class ChangeHistory {

    private static final ChangeHistory OFF = new ChangeHistory(0, Duration.ZERO);

    private final long maxEvents;
    private final Duration maxAge;

    private ChangeHistory(long maxEvents, Duration maxAge) {
        this.maxEvents = maxEvents;
        this.maxAge = maxAge;
    }

    /** @return no history: the default */
    public static ChangeHistory off() {
        return OFF;
    }

    /**
     * @param maxEvents most changes kept; at least 1
     * @param maxAge longest time a change is kept, by the store's clock; positive
     * @return the retention
     * @throws IllegalArgumentException if a value is out of range
     */
    public static ChangeHistory retain(long maxEvents, Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge must not be null");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("changeHistory maxEvents must be at least 1 but was " + maxEvents);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("changeHistory maxAge must be positive but was " + maxAge);
        }
        return new ChangeHistory(maxEvents, maxAge);
    }

    /** @return whether history is kept */
    public boolean isEnabled() {
        return maxEvents > 0;
    }

    /** @return most changes kept, 0 when off */
    public long maxEvents() {
        return maxEvents;
    }

    /** @return longest time a change is kept, zero when off */
    public Duration maxAge() {
        return maxAge;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeHistory other && maxEvents == other.maxEvents && maxAge.equals(other.maxAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxEvents, maxAge);
    }

    @Override
    public String toString() {
        return isEnabled() ? "ChangeHistory[maxEvents=" + maxEvents + ", maxAge=" + maxAge + "]" : "ChangeHistory[off]";
    }
}
