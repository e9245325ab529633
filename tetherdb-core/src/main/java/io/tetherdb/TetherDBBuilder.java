package io.tetherdb;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.event.ChangeHistory;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.internal.store.StoreSettings;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.StoreNotWritableException;

/**
 * A fluent builder for {@link TetherDB}. Each setter checks its value at once and throws an
 * {@link IllegalArgumentException} naming the option; {@link #open()} checks them all again.
 *
 * <p>Not thread-safe: build on one thread.
 *
 * @since 0.1
 */
public final class TetherDBBuilder {

    private Path path;
    private int flushThreshold = TetherOptions.DEFAULT_FLUSH_THRESHOLD;
    private Duration flushInterval = TetherOptions.DEFAULT_FLUSH_INTERVAL;
    private boolean adaptiveFlush;
    private long cacheSize = TetherOptions.defaultCacheSize();
    private int pageSize = TetherOptions.DEFAULT_PAGE_SIZE;
    private boolean compression = true;
    private int compressMinSize = TetherOptions.DEFAULT_COMPRESS_MIN_SIZE;
    private int maxDocumentSize = TetherOptions.DEFAULT_MAX_DOCUMENT_SIZE;
    private Duration cleanupInterval = TetherOptions.DEFAULT_CLEANUP_INTERVAL;
    private Clock clock = Clock.systemUTC();
    private boolean readOnly;
    private Set<PosixFilePermission> filePermissions = TetherOptions.DEFAULT_FILE_PERMISSIONS;
    private Duration queryTimeout = TetherOptions.DEFAULT_QUERY_TIMEOUT;
    private boolean durableTransactions;
    private Duration transactionMaxAge = TetherOptions.DEFAULT_TRANSACTION_MAX_AGE;
    private long transactionSizeLimit = TetherOptions.DEFAULT_TRANSACTION_SIZE_LIMIT;
    private char[] password;
    private EncryptionOptions encryptionOptions = EncryptionOptions.defaults();
    private ChangeHistory changeHistory = ChangeHistory.off();

    TetherDBBuilder() {
    }

    /**
     * @param path the store file, created if missing (unless the store is read-only); null for an in-memory store
     * @return this builder
     */
    public TetherDBBuilder path(Path path) {
        this.path = path;
        return this;
    }

    /**
     * Makes the store in-memory: nothing is written to disk and everything is lost on close.
     *
     * @return this builder
     */
    public TetherDBBuilder inMemory() {
        this.path = null;
        return this;
    }

    /**
     * @param writes number of written documents after which the store commits; at least 1
     * @return this builder
     */
    public TetherDBBuilder flushThreshold(int writes) {
        this.flushThreshold = TetherOptions.checkFlushThreshold(writes);
        return this;
    }

    /**
     * @param interval longest time a write stays uncommitted; {@link Duration#ZERO} turns the
     *        timed commit off; not null, not negative
     * @return this builder
     */
    public TetherDBBuilder flushInterval(Duration interval) {
        this.flushInterval = TetherOptions.checkNonNegative("flushInterval", interval);
        return this;
    }

    /**
     * @param adaptive whether the flush threshold follows the write rate
     * @return this builder
     */
    public TetherDBBuilder adaptiveFlush(boolean adaptive) {
        this.adaptiveFlush = adaptive;
        return this;
    }

    /**
     * @param bytes size of the B-tree page cache, rounded down to whole MiB; 0 turns it off. Unset,
     *        it is {@link TetherOptions#defaultCacheSize()}: an eighth of the maximum heap, 16 MiB to 1 GiB
     * @return this builder
     */
    public TetherDBBuilder cacheSize(long bytes) {
        this.cacheSize = TetherOptions.checkCacheSize(bytes);
        return this;
    }

    /**
     * @param bytes size at which a B-tree page is split; at least 512
     * @return this builder
     */
    public TetherDBBuilder pageSize(int bytes) {
        this.pageSize = TetherOptions.checkPageSize(bytes);
        return this;
    }

    /**
     * @param enabled whether large documents are stored compressed
     * @return this builder
     */
    public TetherDBBuilder compression(boolean enabled) {
        this.compression = enabled;
        return this;
    }

    /**
     * @param bytes encoded size from which a document is compressed; not negative
     * @return this builder
     */
    public TetherDBBuilder compressMinSize(int bytes) {
        this.compressMinSize = TetherOptions.checkCompressMinSize(bytes);
        return this;
    }

    /**
     * @param bytes largest encoded document size; between 1 and 1 GiB
     * @return this builder
     */
    public TetherDBBuilder maxDocumentSize(int bytes) {
        this.maxDocumentSize = TetherOptions.checkMaxDocumentSize(bytes);
        return this;
    }

    /**
     * @param interval period of the background expiry sweep; {@link Duration#ZERO} turns it off;
     *        not null, not negative
     * @return this builder
     */
    public TetherDBBuilder cleanupInterval(Duration interval) {
        this.cleanupInterval = TetherOptions.checkNonNegative("cleanupInterval", interval);
        return this;
    }

    /**
     * @param clock the clock for time-to-live and generated ids; not null
     * @return this builder
     */
    public TetherDBBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        return this;
    }

    /**
     * Opens the store for reading only. The file must exist (a read-only open never creates one);
     * nothing is written to it, not even at open or close: no expiry sweep, no commits, no
     * compaction. Every write operation, {@link TetherDB#cleanup()} and {@link TetherDB#compact()}
     * throw {@link ReadOnlyStoreException}; {@link TetherDB#flush()} does nothing. Other processes
     * may open the same file read-only at the same time; a writer excludes them all, and they it.
     * Not allowed with an in-memory store ({@link #open()} throws {@link IllegalArgumentException}).
     *
     * @param readOnly whether the store is opened for reading only
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    /**
     * Sets the POSIX permissions of a store file that {@link #open()} creates; the default,
     * {@link TetherOptions#DEFAULT_FILE_PERMISSIONS}, is read and write for the owner only
     * ({@code rw-------}, 0600). They are set exactly, whatever the process's umask. An existing file
     * keeps its permissions. On a file system without POSIX permissions (Windows) they are ignored
     * and the file gets what the file system gives it.
     *
     * @param permissions the permissions; not null, must include {@code OWNER_READ} and {@code OWNER_WRITE}
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder filePermissions(Set<PosixFilePermission> permissions) {
        this.filePermissions = TetherOptions.checkFilePermissions(permissions);
        return this;
    }

    /**
     * Sets the time limit of every query, count and filtered delete that sets none of its own with
     * {@link FindQuery#maxTime(Duration)} or a {@code maxTime} argument. One that runs longer stops with
     * a {@link QueryTimeoutException}.
     *
     * @param timeout the limit; {@link Duration#ZERO} (the default) means none; not null, not negative
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder queryTimeout(Duration timeout) {
        this.queryTimeout = TetherOptions.checkNonNegative("queryTimeout", timeout);
        return this;
    }

    /**
     * @param durable whether every transaction's commit is forced to the disk, as a {@link TetherDB#flush()}
     *        after it, unless its options say otherwise; by default (false) a commit follows the store's
     *        flush policy like any write
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder durableTransactions(boolean durable) {
        this.durableTransactions = durable;
        return this;
    }

    /**
     * @param maxAge longest time a transaction may stay open (60 s by default, as MongoDB's
     *        {@code transactionLifetimeLimitSeconds}); an older one is rolled back and its snapshot
     *        released, so that it cannot keep old pages of the file in use; positive, not null
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder transactionMaxAge(Duration maxAge) {
        this.transactionMaxAge = TetherOptions.checkPositive("transactionMaxAge", maxAge);
        return this;
    }

    /**
     * @param bytes largest total size of the records one transaction may buffer before it commits
     *        (64 MiB by default); at least 1
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder transactionSizeLimit(long bytes) {
        this.transactionSizeLimit = TetherOptions.checkTransactionSizeLimit(bytes);
        return this;
    }

    /**
     * Encrypts the store file with a key derived from a password (AES-256 in XTS mode; the key from
     * Argon2id with the {@linkplain EncryptionOptions#defaults() default cost} and a random salt kept
     * in the file's plain first 4 KiB). A new file is created encrypted; an existing one must have
     * been written with this password. Everything in the file after that header is encrypted:
     * documents, indexes, collection names.
     *
     * <p>The builder keeps the array itself, not a copy, and {@link #open()} overwrites it with
     * zeros once the key is derived, whether or not the open succeeds; pass a copy if you still
     * need it. A second {@code open()} of this builder has no password.
     *
     * @param password the password; null for a plain store; not empty
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder encryption(char[] password) {
        return encryption(password, EncryptionOptions.defaults());
    }

    /**
     * As {@link #encryption(char[])}, with the key derivation cost of a new file (an existing file
     * opens with the cost in its header).
     *
     * @param password the password, wiped by {@link #open()}; null for a plain store; not empty
     * @param options the key derivation cost; not null
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder encryption(char[] password, EncryptionOptions options) {
        Objects.requireNonNull(options, "encryption options must not be null");
        if (password != null && password.length == 0) {
            throw new IllegalArgumentException("the encryption password must not be empty");
        }
        this.password = password;
        this.encryptionOptions = options;
        return this;
    }

    /**
     * Keeps a history of committed changes in the store file, so that change subscribers can
     * resume after a restart or after falling behind; see {@link ChangeHistory} for what it costs
     * and how it is pruned. Off by default.
     *
     * @param history the retention, or {@link ChangeHistory#off()}; not null
     * @return this builder
     * @since 0.2
     */
    public TetherDBBuilder changeHistory(ChangeHistory history) {
        this.changeHistory = Objects.requireNonNull(history, "changeHistory must not be null");
        return this;
    }

    /** @return the options set so far, checked; the password is not among them */
    public TetherOptions options() {
        return new TetherOptions(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, compression,
                compressMinSize, maxDocumentSize, cleanupInterval, clock, readOnly, filePermissions, queryTimeout,
                durableTransactions, transactionMaxAge, transactionSizeLimit);
    }

    /**
     * Opens the store.
     *
     * @return the open store
     * @throws StoreLockedException if the file is already open
     * @throws CorruptStoreException if the file cannot be read
     * @throws StoreNotWritableException if the store is not read-only and its file cannot be written
     * @throws StoreNotFoundException if the store is read-only and its file does not exist
     * @throws IllegalArgumentException if the store is read-only and in-memory, or encrypted and in-memory
     * @throws io.tetherdb.error.WrongPasswordException if the password is not the file's
     * @throws io.tetherdb.error.PasswordRequiredException if the file is encrypted and no password was given
     * @throws io.tetherdb.error.StoreNotEncryptedException if the file is plain and a password was given
     */
    public TetherDB open() {
        char[] secret = password;
        password = null;
        try {
            TetherOptions options = options();
            StoreSettings.ChangeRetention retention = changeHistory.isEnabled()
                    ? new StoreSettings.ChangeRetention(changeHistory.maxEvents(), changeHistory.maxAge().toMillis())
                    : StoreSettings.ChangeRetention.NONE;
            if (secret == null) {
                return TetherDB.open(options, settings -> StoreEngine.open(settings.withChangeRetention(retention)));
            }
            if (options.inMemory()) {
                throw new IllegalArgumentException("encryption needs a store file (path) but the store is in-memory:"
                        + " an in-memory store writes nothing to encrypt");
            }
            Function<StoreSettings, StoreEngine> encrypted = TetherDB.encrypted(secret, encryptionOptions);
            return TetherDB.open(options, settings -> encrypted.apply(settings.withChangeRetention(retention)));
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }
}
