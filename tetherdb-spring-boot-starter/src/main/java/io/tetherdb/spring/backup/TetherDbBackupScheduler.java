package io.tetherdb.spring.backup;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.error.StoreClosedException;
import io.tetherdb.spring.lifecycle.TetherDbLifecycle;
import io.tetherdb.spring.lifecycle.TetherDbTaskThread;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Takes backups of every store on a cron schedule through {@link TetherDbBackups}. It owns a
 * one-thread {@link org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler} that is not a bean, so it neither needs
 * {@code @EnableScheduling} nor takes the place of the application's own task scheduler; the thread
 * starts with the context and stops before the stores are flushed and closed, letting a backup in
 * progress finish.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public final class TetherDbBackupScheduler implements SmartLifecycle {

    /** Prefix of the name of the backup thread. */
    public static final String THREAD_NAME_PREFIX = "tetherdb-backup-";

    private static final Log logger = LogFactory.getLog(TetherDbBackupScheduler.class);

    private static final int AWAIT_TERMINATION_SECONDS = 60;

    private final TetherDbBackups backups;

    private final CronTrigger trigger;

    private final LongAdder completed = new LongAdder();

    private final TetherDbTaskThread thread = new TetherDbTaskThread(THREAD_NAME_PREFIX, AWAIT_TERMINATION_SECONDS);


    /**
     * @param backups takes the backups; not null
     * @param cron the schedule, a Spring cron expression; not null
     * @throws IllegalArgumentException if the expression is not a valid cron expression
     */
    public TetherDbBackupScheduler(TetherDbBackups backups, String cron) {
        this.backups = Objects.requireNonNull(backups, "backups must not be null");
        Objects.requireNonNull(cron, "cron must not be null");
        try {
            this.trigger = new CronTrigger(cron);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("tetherdb.backup.schedule '" + cron + "' is not a cron expression: "
                    + ex.getMessage(), ex);
        }
    }

    @Override
    public void start() {
        if (this.thread.start(scheduler -> scheduler.schedule(this::backup, this.trigger))) {
            logger.debug("Backing up " + this.backups.getStoreNames() + " to " + this.backups.getDirectory() + " on "
                    + this.trigger.getExpression());
        }
    }

    /** Cancels future backups and waits for a running one to finish. */
    @Override
    public void stop() {
        this.thread.stop();
    }

    @Override
    public boolean isRunning() {
        return this.thread.isRunning();
    }

    /** @return {@link TetherDbLifecycle#PHASE} + 1, so backups end before the final flush */
    @Override
    public int getPhase() {
        return TetherDbLifecycle.PHASE + 1;
    }

    /** @return the cron expression */
    public String getSchedule() {
        return this.trigger.getExpression();
    }

    /** @return the number of scheduled backup rounds completed */
    public long getCompletedBackups() {
        return this.completed.sum();
    }

    private void backup() {
        try {
            this.backups.backupAll();
            this.completed.increment();
        }
        catch (StoreClosedException ex) {
            // the context is closing; there is nothing left to back up
        }
        catch (RuntimeException ex) {
            logger.warn("Scheduled backup to " + this.backups.getDirectory() + " failed; the next runs on "
                    + this.trigger.getExpression(), ex);
        }
    }

}
