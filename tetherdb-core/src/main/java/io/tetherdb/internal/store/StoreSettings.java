package io.tetherdb.internal.store;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The settings the storage layer needs, taken from the public options by the facade so that this
 * package does not depend on it; values are checked there, not again here. Immutable and thread-safe.
 *
 * @param path the store file, or null for an in-memory store
 * @param flushThreshold number of written documents after which the store commits (the starting
 *        value when {@code adaptiveFlush} is on)
 * @param flushInterval longest time a write stays uncommitted; zero turns the timed commit off
 * @param adaptiveFlush whether the flush threshold follows the write rate
 * @param cacheSize size of the B-tree page cache in bytes
 * @param pageSize size in bytes at which a B-tree page is split
 * @param clock the clock of time-to-live and commit timing
 * @param readOnly whether the file is opened for reading only
 * @param filePermissions POSIX permissions of a file the open creates
 * @param encryption the password and key derivation cost, or null for a plain file
 * @param changeRetention how much change history to keep; not null
 */
public record StoreSettings(
        Path path,
        int flushThreshold,
        Duration flushInterval,
        boolean adaptiveFlush,
        long cacheSize,
        int pageSize,
        Clock clock,
        boolean readOnly,
        Set<PosixFilePermission> filePermissions,
        EncryptionSettings encryption,
        ChangeRetention changeRetention) {

    /**
     * How much change history the store keeps, in its own map, for subscribers that resume.
     *
     * @param maxEvents most changes kept; 0 keeps none (and removes a history an earlier open kept)
     * @param maxAgeMillis longest time a change is kept, in the store clock's millis; positive
     */
    public record ChangeRetention(long maxEvents, long maxAgeMillis) {

        /** Keeps no history. */
        public static final ChangeRetention NONE = new ChangeRetention(0, Long.MAX_VALUE);

        /** @return whether history is kept */
        public boolean enabled() {
            return maxEvents > 0;
        }
    }

    /** Settings with the given encryption and no change history. */
    public StoreSettings(Path path, int flushThreshold, Duration flushInterval, boolean adaptiveFlush, long cacheSize,
            int pageSize, Clock clock, boolean readOnly, Set<PosixFilePermission> filePermissions,
            EncryptionSettings encryption) {
        this(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, clock, readOnly, filePermissions,
                encryption, ChangeRetention.NONE);
    }

    /** Settings of a plain (unencrypted) store. */
    public StoreSettings(Path path, int flushThreshold, Duration flushInterval, boolean adaptiveFlush, long cacheSize,
            int pageSize, Clock clock, boolean readOnly, Set<PosixFilePermission> filePermissions) {
        this(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, clock, readOnly, filePermissions,
                null);
    }

    public StoreSettings {
        Objects.requireNonNull(flushInterval, "flushInterval must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(changeRetention, "changeRetention must not be null");
        filePermissions = Set.copyOf(filePermissions);
    }

    /** @return these settings with the given encryption, null for none */
    public StoreSettings withEncryption(EncryptionSettings encryption) {
        return new StoreSettings(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, clock, readOnly,
                filePermissions, encryption, changeRetention);
    }

    /** @return these settings with the given change history retention; not null */
    public StoreSettings withChangeRetention(ChangeRetention retention) {
        return new StoreSettings(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, clock, readOnly,
                filePermissions, encryption, retention);
    }
}
