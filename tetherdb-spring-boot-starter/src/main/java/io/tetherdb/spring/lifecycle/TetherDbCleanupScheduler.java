package io.tetherdb.spring.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.TetherDB;
import io.tetherdb.error.StoreClosedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Removes a store's expired documents on a schedule by calling {@link TetherDB#cleanup()} with a
 * fixed delay between sweeps. It owns a one-thread {@link org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler} that is not a
 * bean, so it neither needs {@code @EnableScheduling} nor takes the place of the application's own
 * task scheduler. The thread starts when the context starts and stops when it stops, before
 * {@link TetherDbLifecycle} flushes the store; a sweep in progress is allowed to finish, because
 * interrupting a thread in file I/O would close the store's file channel.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class TetherDbCleanupScheduler implements SmartLifecycle {

    /** Prefix of the name of the sweeping thread. */
    public static final String THREAD_NAME_PREFIX = "tetherdb-cleanup-";

    private static final Log logger = LogFactory.getLog(TetherDbCleanupScheduler.class);

    private static final int AWAIT_TERMINATION_SECONDS = 30;

    private final TetherDB db;

    private final Duration interval;

    private final LongAdder sweeps = new LongAdder();

    private final TetherDbTaskThread thread = new TetherDbTaskThread(THREAD_NAME_PREFIX, AWAIT_TERMINATION_SECONDS);


    /**
     * @param db the store to sweep; not null
     * @param interval the delay between the end of one sweep and the start of the next; positive
     */
    public TetherDbCleanupScheduler(TetherDB db, Duration interval) {
        this.db = Objects.requireNonNull(db, "db must not be null");
        Objects.requireNonNull(interval, "interval must not be null");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive but was " + interval);
        }
        this.interval = interval;
    }

    /**
     * Starts the sweeping thread; the first sweep runs one interval from now. A store opened
     * read-only (by a builder customizer, say) is not swept: it refuses every write.
     */
    @Override
    public void start() {
        if (this.db.options().readOnly()) {
            logger.debug("Not sweeping expired documents of read-only " + this.db);
            return;
        }
        if (this.thread.start(scheduler -> scheduler.scheduleWithFixedDelay(this::sweep,
                Instant.now().plus(this.interval), this.interval))) {
            logger.debug("Sweeping expired documents of " + this.db + " every " + this.interval);
        }
    }

    /** Cancels future sweeps and waits for a running one to finish. */
    @Override
    public void stop() {
        this.thread.stop();
    }

    @Override
    public boolean isRunning() {
        return this.thread.isRunning();
    }

    /** @return {@link TetherDbLifecycle#PHASE} + 1, so sweeps end before the final flush */
    @Override
    public int getPhase() {
        return TetherDbLifecycle.PHASE + 1;
    }

    /** @return the delay between sweeps */
    public Duration getInterval() {
        return this.interval;
    }

    /** @return the number of sweeps completed since this scheduler was created */
    public long getCompletedSweeps() {
        return this.sweeps.sum();
    }

    private void sweep() {
        if (this.db.isClosed()) {
            return;
        }
        try {
            int removed = this.db.cleanup();
            this.sweeps.increment();
            if (removed > 0 && logger.isDebugEnabled()) {
                logger.debug("Removed " + removed + " expired documents from " + this.db);
            }
        }
        catch (StoreClosedException ex) {
            // closing raced with this sweep; there is nothing left to sweep
        }
        catch (RuntimeException ex) {
            logger.warn("Sweep of expired documents of " + this.db + " failed; retrying in " + this.interval, ex);
        }
    }
}
