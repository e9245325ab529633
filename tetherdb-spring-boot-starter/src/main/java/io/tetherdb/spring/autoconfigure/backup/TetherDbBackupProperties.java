package io.tetherdb.spring.autoconfigure.backup;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of backups of the application's stores, bound from
 * {@code tetherdb.backup.*}: where they go, when they are taken, and how many are kept.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 *
 * @since 0.2
 */
@ConfigurationProperties("tetherdb.backup")
public class TetherDbBackupProperties {

    /**
     * Directory that backups are written to, created if missing. Backups, by the actuator endpoint
     * or on the schedule, are off while it is not set.
     */
    private Path directory;

    /**
     * Cron expression (Spring's six fields: second, minute, hour, day of month, month, day of
     * week) on which a backup of every store is taken, such as "0 0 3 * * *". No scheduled
     * backups when not set; needs the directory.
     */
    private String schedule;

    /**
     * Number of the newest backups of each store to keep; older ones are deleted after each
     * backup. At least 1.
     */
    private int keep = 7;

    public Path getDirectory() {
        return this.directory;
    }

    public void setDirectory(Path directory) {
        this.directory = directory;
    }

    public String getSchedule() {
        return this.schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public int getKeep() {
        return this.keep;
    }

    public void setKeep(int keep) {
        this.keep = keep;
    }

}
