package io.tetherdb.internal.store;

/**
 * Decides when the store commits: after a number of document writes (the flush threshold), which
 * in adaptive mode doubles while the threshold is reached faster than {@link #HEAVY_LOAD_MILLIS}
 * apart and halves back towards the configured value when commits come from the timer or are
 * more than {@link #SPARSE_MILLIS} apart. Used under the store's write lock; the current
 * threshold may be read from any thread.
 */
final class FlushPolicy {

    /** Commits closer together than this, caused by the threshold, mean heavy write load. */
    static final long HEAVY_LOAD_MILLIS = 100;
    /** Commits further apart than this mean sparse writes. */
    static final long SPARSE_MILLIS = 1000;
    /** How far adaptive mode may raise the threshold, as a multiple of the configured value. */
    static final int MAX_FACTOR = 64;

    private final int configured;
    private final int maximum;
    private final boolean adaptive;
    private volatile int threshold;
    private long lastCommitMillis;

    FlushPolicy(int configured, boolean adaptive, long nowMillis) {
        this.configured = configured;
        this.maximum = (int) Math.min(1_000_000L, Math.max(configured, (long) configured * MAX_FACTOR));
        this.adaptive = adaptive;
        this.threshold = configured;
        this.lastCommitMillis = nowMillis;
    }

    boolean thresholdReached(long pendingWrites) {
        return pendingWrites >= threshold;
    }

    int threshold() {
        return threshold;
    }

    long lastCommitMillis() {
        return lastCommitMillis;
    }

    void committed(long nowMillis, boolean byThreshold) {
        if (adaptive) {
            long since = nowMillis - lastCommitMillis;
            if (byThreshold && since < HEAVY_LOAD_MILLIS) {
                threshold = Math.min(maximum, threshold * 2);
            } else if (!byThreshold || since > SPARSE_MILLIS) {
                threshold = Math.max(configured, threshold / 2);
            }
        }
        lastCommitMillis = nowMillis;
    }
}
