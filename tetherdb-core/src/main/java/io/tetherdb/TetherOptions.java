package io.tetherdb;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.internal.store.StoreSettings;

/**
 * The immutable settings of a store, produced by {@link TetherDBBuilder}. Every value is checked
 * when the record is created; an invalid value is an {@link IllegalArgumentException} naming the
 * option and the value.
 *
 * @param path the store file, or null for an in-memory store
 * @param flushThreshold number of written documents after which the store commits (the starting
 *        value when {@code adaptiveFlush} is on); at least 1
 * @param flushInterval longest time a write stays uncommitted; {@link Duration#ZERO} turns the
 *        timed commit off; not negative
 * @param adaptiveFlush whether the flush threshold follows the write rate: raised under heavy
 *        write load, lowered back when writes are sparse
 * @param cacheSize size of the B-tree page cache in bytes (rounded down to whole MiB; 0 turns it
 *        off); not negative
 * @param pageSize size in bytes at which a B-tree page is split; at least 512
 * @param compression whether values larger than {@code compressMinSize} are stored compressed
 *        when that makes them smaller
 * @param compressMinSize encoded size in bytes from which a document is compressed; not negative
 * @param maxDocumentSize largest encoded document size in bytes; between 1 and 1 GiB
 * @param cleanupInterval period of the background sweep of expired documents;
 *        {@link Duration#ZERO} turns it off (a sweep still runs at open and on
 *        {@link TetherDB#cleanup()}); not negative
 * @param clock the clock used for time-to-live and generated ids' timestamps; not null
 * @param readOnly whether the store is opened for reading only: the file must exist, nothing is
 *        written to it, and every write operation throws {@link ReadOnlyStoreException}; not
 *        allowed in memory
 * @param filePermissions POSIX permissions of a store file that the open creates (an existing
 *        file keeps its own); must include {@code OWNER_READ} and {@code OWNER_WRITE}; ignored on
 *        file systems without POSIX permissions
 * @param queryTimeout time limit of every query, count and filtered delete that sets none of its
 *        own ({@link FindQuery#maxTime(Duration)}); {@link Duration#ZERO} means none; not negative
 * @param durableTransactions whether a transaction's commit is forced to the disk (a commit and a
 *        {@link TetherDB#flush()}) unless its {@link TransactionOptions} say so anyway; when false, a
 *        commit follows the flush policy like any write
 * @param transactionMaxAge longest time a transaction may stay open before it is rolled back and its
 *        snapshot released; positive
 * @param transactionSizeLimit largest total size in bytes of the records one transaction buffers;
 *        at least 1
 * @since 0.1
 */
public record TetherOptions(
        Path path,
        int flushThreshold,
        Duration flushInterval,
        boolean adaptiveFlush,
        long cacheSize,
        int pageSize,
        boolean compression,
        int compressMinSize,
        int maxDocumentSize,
        Duration cleanupInterval,
        Clock clock,
        boolean readOnly,
        Set<PosixFilePermission> filePermissions,
        Duration queryTimeout,
        boolean durableTransactions,
        Duration transactionMaxAge,
        long transactionSizeLimit) {

    /** Default number of writes between commits. */
    public static final int DEFAULT_FLUSH_THRESHOLD = 1000;
    /** Default longest time a write stays uncommitted. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Smallest default page cache size: 16 MiB (see {@link #defaultCacheSize(long)}). */
    public static final long DEFAULT_CACHE_SIZE = 16L * 1024 * 1024;
    /** Largest default page cache size: 1 GiB (see {@link #defaultCacheSize(long)}). */
    public static final long MAX_DEFAULT_CACHE_SIZE = 1024L * 1024 * 1024;
    /** Default page split size: 16 KiB. */
    public static final int DEFAULT_PAGE_SIZE = 16 * 1024;
    /** Default size from which documents are compressed: 256 bytes. */
    public static final int DEFAULT_COMPRESS_MIN_SIZE = 256;
    /** Default maximum document size: 16 MiB, as in MongoDB. */
    public static final int DEFAULT_MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;
    /** Largest allowed maximum document size: 1 GiB. */
    public static final int MAX_MAX_DOCUMENT_SIZE = 1024 * 1024 * 1024;
    /** Default period of the background expiry sweep. */
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(60);
    /** Default permissions of a new store file: read and write for its owner only ({@code rw-------}). */
    public static final Set<PosixFilePermission> DEFAULT_FILE_PERMISSIONS =
            Collections.unmodifiableSet(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    /** Default time limit of queries: none. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ZERO;
    /** Default longest time a transaction may stay open: 60 s, as MongoDB's {@code transactionLifetimeLimitSeconds}. */
    public static final Duration DEFAULT_TRANSACTION_MAX_AGE = Duration.ofSeconds(60);
    /** Default largest size of the records one transaction buffers: 64 MiB. */
    public static final long DEFAULT_TRANSACTION_SIZE_LIMIT = 64L * 1024 * 1024;

    /** Checks every option. */
    public TetherOptions {
        checkFlushThreshold(flushThreshold);
        checkNonNegative("flushInterval", flushInterval);
        checkCacheSize(cacheSize);
        checkPageSize(pageSize);
        checkCompressMinSize(compressMinSize);
        checkMaxDocumentSize(maxDocumentSize);
        checkNonNegative("cleanupInterval", cleanupInterval);
        Objects.requireNonNull(clock, "clock must not be null");
        checkNonNegative("queryTimeout", queryTimeout);
        checkPositive("transactionMaxAge", transactionMaxAge);
        checkTransactionSizeLimit(transactionSizeLimit);
        filePermissions = checkFilePermissions(filePermissions);
        if (readOnly && path == null) {
            throw new IllegalArgumentException("readOnly needs a store file (path) but the store is in-memory:"
                    + " an in-memory store has nothing to read");
        }
    }

    /**
     * The options as they were before transactions had settings: transactions get the defaults.
     *
     * @param path see the record's description
     * @param flushThreshold see the record's description
     * @param flushInterval see the record's description
     * @param adaptiveFlush see the record's description
     * @param cacheSize see the record's description
     * @param pageSize see the record's description
     * @param compression see the record's description
     * @param compressMinSize see the record's description
     * @param maxDocumentSize see the record's description
     * @param cleanupInterval see the record's description
     * @param clock see the record's description
     * @param readOnly see the record's description
     * @param filePermissions see the record's description
     * @param queryTimeout see the record's description
     */
    public TetherOptions(Path path, int flushThreshold, Duration flushInterval, boolean adaptiveFlush, long cacheSize,
            int pageSize, boolean compression, int compressMinSize, int maxDocumentSize, Duration cleanupInterval,
            Clock clock, boolean readOnly, Set<PosixFilePermission> filePermissions, Duration queryTimeout) {
        this(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, compression, compressMinSize,
                maxDocumentSize, cleanupInterval, clock, readOnly, filePermissions, queryTimeout, false,
                DEFAULT_TRANSACTION_MAX_AGE, DEFAULT_TRANSACTION_SIZE_LIMIT);
    }

    /**
     * The options of a writable store whose new file gets {@link #DEFAULT_FILE_PERMISSIONS}.
     *
     * @param path the store file, or null for an in-memory store
     * @param flushThreshold see the record's description
     * @param flushInterval see the record's description
     * @param adaptiveFlush see the record's description
     * @param cacheSize see the record's description
     * @param pageSize see the record's description
     * @param compression see the record's description
     * @param compressMinSize see the record's description
     * @param maxDocumentSize see the record's description
     * @param cleanupInterval see the record's description
     * @param clock see the record's description
     */
    public TetherOptions(Path path, int flushThreshold, Duration flushInterval, boolean adaptiveFlush, long cacheSize,
            int pageSize, boolean compression, int compressMinSize, int maxDocumentSize, Duration cleanupInterval,
            Clock clock) {
        this(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, compression, compressMinSize,
                maxDocumentSize, cleanupInterval, clock, false, DEFAULT_FILE_PERMISSIONS, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * The page cache size used unless one is set: an eighth of the JVM's maximum heap, at least
     * {@value #DEFAULT_CACHE_SIZE} and at most {@value #MAX_DEFAULT_CACHE_SIZE} bytes, so that a large
     * store keeps its B-tree pages in memory in a JVM that has room for them.
     *
     * @param maxHeap the JVM's maximum heap in bytes, as {@link Runtime#maxMemory()} reports it
     * @return the cache size in bytes, a whole number of MiB
     * @since 0.2
     */
    public static long defaultCacheSize(long maxHeap) {
        long share = Math.max(DEFAULT_CACHE_SIZE, Math.min(MAX_DEFAULT_CACHE_SIZE, maxHeap / 8));
        return share / (1024 * 1024) * (1024 * 1024);
    }

    /** @return {@link #defaultCacheSize(long)} of this JVM's maximum heap */
    public static long defaultCacheSize() {
        return defaultCacheSize(Runtime.getRuntime().maxMemory());
    }

    /** @return the default options of an in-memory store */
    public static TetherOptions defaults() {
        return new TetherOptions(null, DEFAULT_FLUSH_THRESHOLD, DEFAULT_FLUSH_INTERVAL, false, defaultCacheSize(),
                DEFAULT_PAGE_SIZE, true, DEFAULT_COMPRESS_MIN_SIZE, DEFAULT_MAX_DOCUMENT_SIZE,
                DEFAULT_CLEANUP_INTERVAL, Clock.systemUTC(), false, DEFAULT_FILE_PERMISSIONS, DEFAULT_QUERY_TIMEOUT,
                false, DEFAULT_TRANSACTION_MAX_AGE, DEFAULT_TRANSACTION_SIZE_LIMIT);
    }

    /** @return whether this store lives only in memory */
    public boolean inMemory() {
        return path == null;
    }

    /** @return the part of these options that the storage layer reads */
    StoreSettings storeSettings() {
        return new StoreSettings(path, flushThreshold, flushInterval, adaptiveFlush, cacheSize, pageSize, clock,
                readOnly, filePermissions);
    }

    static int checkFlushThreshold(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("flushThreshold must be at least 1 but was " + value);
        }
        return value;
    }

    static long checkCacheSize(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative but was " + value);
        }
        return value;
    }

    static int checkPageSize(int value) {
        if (value < 512) {
            throw new IllegalArgumentException("pageSize must be at least 512 bytes but was " + value);
        }
        return value;
    }

    static int checkCompressMinSize(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("compressMinSize must not be negative but was " + value);
        }
        return value;
    }

    static int checkMaxDocumentSize(int value) {
        if (value < 1 || value > MAX_MAX_DOCUMENT_SIZE) {
            throw new IllegalArgumentException("maxDocumentSize must be between 1 and " + MAX_MAX_DOCUMENT_SIZE
                    + " bytes but was " + value);
        }
        return value;
    }

    static Set<PosixFilePermission> checkFilePermissions(Set<PosixFilePermission> value) {
        if (value == null) {
            throw new IllegalArgumentException("filePermissions must not be null");
        }
        if (!value.contains(PosixFilePermission.OWNER_READ) || !value.contains(PosixFilePermission.OWNER_WRITE)) {
            throw new IllegalArgumentException("filePermissions must include OWNER_READ and OWNER_WRITE, so that the"
                    + " store can use its own file, but was " + PosixFilePermissions.toString(value));
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(value));
    }

    static Duration checkPositive(String option, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " must not be null");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be positive but was " + value);
        }
        return value;
    }

    static long checkTransactionSizeLimit(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("transactionSizeLimit must be at least 1 byte but was " + value);
        }
        return value;
    }

    static Duration checkNonNegative(String option, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " must not be null");
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(option + " must not be negative but was " + value);
        }
        return value;
    }
}
