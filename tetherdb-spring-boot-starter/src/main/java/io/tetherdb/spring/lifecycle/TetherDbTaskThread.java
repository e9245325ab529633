package io.tetherdb.spring.lifecycle;

import java.util.function.Consumer;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The single daemon thread of one of the starter's background tasks (the expiry sweep, scheduled
 * backups), started and stopped by the task's {@link org.springframework.context.SmartLifecycle}:
 * stopping cancels future runs and lets a run in progress finish, because interrupting a thread in
 * file I/O would close the store's file channel. Thread-safe.
 *
 * @since 0.2
 */
public final class TetherDbTaskThread {

    private final String threadNamePrefix;

    private final int awaitTerminationSeconds;

    private final Object monitor = new Object();

    private ThreadPoolTaskScheduler scheduler;

    /**
     * @param threadNamePrefix the prefix of the thread's name
     * @param awaitTerminationSeconds how long {@link #stop()} waits for a run in progress
     */
    public TetherDbTaskThread(String threadNamePrefix, int awaitTerminationSeconds) {
        this.threadNamePrefix = threadNamePrefix;
        this.awaitTerminationSeconds = awaitTerminationSeconds;
    }

    /**
     * Starts the thread, unless it runs already, and schedules the task on it.
     * @param schedule schedules the task on the new thread's scheduler
     * @return whether the thread started now
     */
    public boolean start(Consumer<ThreadPoolTaskScheduler> schedule) {
        synchronized (this.monitor) {
            if (this.scheduler != null) {
                return false;
            }
            ThreadPoolTaskScheduler taskScheduler = new ThreadPoolTaskScheduler();
            taskScheduler.setPoolSize(1);
            taskScheduler.setThreadNamePrefix(this.threadNamePrefix);
            taskScheduler.setDaemon(true);
            taskScheduler.setWaitForTasksToCompleteOnShutdown(true);
            taskScheduler.setAwaitTerminationSeconds(this.awaitTerminationSeconds);
            taskScheduler.initialize();
            schedule.accept(taskScheduler);
            this.scheduler = taskScheduler;
            return true;
        }
    }

    /** Cancels future runs and waits for a run in progress to finish. */
    public void stop() {
        ThreadPoolTaskScheduler taskScheduler;
        synchronized (this.monitor) {
            taskScheduler = this.scheduler;
            this.scheduler = null;
        }
        if (taskScheduler != null) {
            taskScheduler.shutdown();
        }
    }

    /** @return whether the thread runs */
    public boolean isRunning() {
        synchronized (this.monitor) {
            return this.scheduler != null;
        }
    }

}
