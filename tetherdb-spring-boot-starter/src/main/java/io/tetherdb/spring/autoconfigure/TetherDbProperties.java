package io.tetherdb.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the auto-configured {@link io.tetherdb.TetherDB} store, bound from
 * {@code tetherdb.*}. Every engine option of {@link io.tetherdb.TetherDBBuilder} has a property
 * here; the defaults are the engine's defaults. Values are checked when the store is built, and an
 * invalid one fails start-up with the property's name.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 *
 * @since 0.1
 */
@ConfigurationProperties("tetherdb")
public class TetherDbProperties {

    /** Store file used when {@code tetherdb.path} is not set, relative to the working directory. */
    public static final Path DEFAULT_PATH = Path.of("data", "tetherdb.db");

    /**
     * Location of the store file, resolved against the working directory unless absolute. Its
     * directory is created if missing. Ignored when in-memory is set.
     */
    private Path path = DEFAULT_PATH;

    /**
     * Whether to keep the store in memory only. Nothing is written to disk and all documents are
     * lost at shutdown.
     */
    private boolean inMemory;

    /**
     * Whether to open an existing store file for reading only. Every write fails, and nothing is
     * written to the file: no expiry sweeps, no index creation, no flush. Several processes may read
     * the file at once. Not with in-memory.
     */
    private boolean readOnly;

    /**
     * Where entities and repositories store their documents: "embedded" (a TetherDB store in this
     * process, configured by the other properties) or "mongodb" (a MongoDB server, configured by
     * tetherdb.mongodb.*; no embedded store is opened).
     */
    private Backend backend = Backend.EMBEDDED;

    /**
     * POSIX permissions of a store file that the application creates, such as "rw-rw----". They
     * must include owner read and write. An existing file keeps its own; ignored on file systems
     * without POSIX permissions.
     */
    private String filePermissions = "rw-------";

    /**
     * Size of the B-tree page cache, used in whole megabytes. 0 turns the cache off. Unset: an eighth
     * of the JVM's maximum heap, at least 16 MB and at most 1 GB, as in the core.
     */
    private DataSize cacheSize;

    /**
     * Size at which a B-tree page is split. At least 512 bytes.
     */
    private DataSize pageSize = DataSize.ofKilobytes(16);

    /**
     * Largest encoded size of a document. Larger documents are refused and nothing is written.
     */
    private DataSize maxDocumentSize = DataSize.ofMegabytes(16);

    private final Flush flush = new Flush();

    private final Compression compression = new Compression();

    private final Ttl ttl = new Ttl();

    private final Query query = new Query();

    private final Transaction transaction = new Transaction();

    private final Encryption encryption = new Encryption();

    private final Events events = new Events();

    public Path getPath() {
        return this.path;
    }

    public void setPath(Path path) {
        this.path = path;
    }

    public boolean isInMemory() {
        return this.inMemory;
    }

    public void setInMemory(boolean inMemory) {
        this.inMemory = inMemory;
    }

    public boolean isReadOnly() {
        return this.readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public Backend getBackend() {
        return this.backend;
    }

    public void setBackend(Backend backend) {
        this.backend = backend;
    }

    public String getFilePermissions() {
        return this.filePermissions;
    }

    public void setFilePermissions(String filePermissions) {
        this.filePermissions = filePermissions;
    }

    public DataSize getCacheSize() {
        return this.cacheSize;
    }

    public void setCacheSize(DataSize cacheSize) {
        this.cacheSize = cacheSize;
    }

    public DataSize getPageSize() {
        return this.pageSize;
    }

    public void setPageSize(DataSize pageSize) {
        this.pageSize = pageSize;
    }

    public DataSize getMaxDocumentSize() {
        return this.maxDocumentSize;
    }

    public void setMaxDocumentSize(DataSize maxDocumentSize) {
        this.maxDocumentSize = maxDocumentSize;
    }

    public Flush getFlush() {
        return this.flush;
    }

    public Compression getCompression() {
        return this.compression;
    }

    public Ttl getTtl() {
        return this.ttl;
    }

    public Query getQuery() {
        return this.query;
    }

    public Encryption getEncryption() {
        return this.encryption;
    }

    public Transaction getTransaction() {
        return this.transaction;
    }

    public Events getEvents() {
        return this.events;
    }

    /**
     * When writes are committed. A commit reaches the operating system; it is forced to the disk
     * by an explicit flush and at shutdown.
     *
     * @since 0.1
     */
    public static class Flush {

        /**
         * Number of written documents after which the store commits. The starting value when
         * adaptive flushing is on. At least 1.
         */
        private int threshold = 1000;

        /**
         * Longest time a write stays uncommitted. 0 turns the timed commit off.
         */
        private Duration interval = Duration.ofSeconds(1);

        /**
         * Whether the flush threshold follows the write rate: raised under heavy write load and
         * lowered again when writes are sparse.
         */
        private boolean adaptive;

        public int getThreshold() {
            return this.threshold;
        }

        public void setThreshold(int threshold) {
            this.threshold = threshold;
        }

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public boolean isAdaptive() {
            return this.adaptive;
        }

        public void setAdaptive(boolean adaptive) {
            this.adaptive = adaptive;
        }
    }

    /**
     * Compression of stored documents.
     *
     * @since 0.1
     */
    public static class Compression {

        /**
         * Whether documents of at least the minimum size are stored compressed when that makes
         * them smaller. Reading is transparent either way.
         */
        private boolean enabled = true;

        /**
         * Encoded document size from which compression is tried.
         */
        private DataSize minSize = DataSize.ofBytes(256);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public DataSize getMinSize() {
            return this.minSize;
        }

        public void setMinSize(DataSize minSize) {
            this.minSize = minSize;
        }
    }

    /**
     * Removal of expired documents. Expired documents are never returned by reads, whether or not
     * they have been removed yet.
     *
     * @since 0.1
     */
    public static class Ttl {

        /**
         * Whether to remove expired documents on a schedule. When off, they are removed only at
         * start-up and by explicit cleanup calls.
         */
        private boolean cleanupEnabled = true;

        /**
         * Time between the end of one sweep of expired documents and the start of the next. Must
         * be positive.
         */
        private Duration cleanupInterval = Duration.ofSeconds(60);

        public boolean isCleanupEnabled() {
            return this.cleanupEnabled;
        }

        public void setCleanupEnabled(boolean cleanupEnabled) {
            this.cleanupEnabled = cleanupEnabled;
        }

        public Duration getCleanupInterval() {
            return this.cleanupInterval;
        }

        public void setCleanupInterval(Duration cleanupInterval) {
            this.cleanupInterval = cleanupInterval;
        }
    }

    /**
     * Limits on queries.
     *
     * @since 0.2
     */
    public static class Query {

        /**
         * Longest time a query, count or filtered delete may spend reading, matching and sorting
         * before it fails with a QueryTimeoutException, unless it sets its own limit (@Meta on a
         * repository method). 0 means no limit.
         */
        private Duration maxTime = Duration.ZERO;

        public Duration getMaxTime() {
            return this.maxTime;
        }

        public void setMaxTime(Duration maxTime) {
            this.maxTime = maxTime;
        }
    }

    /**
     * Limits and durability of transactions.
     *
     * @since 0.2
     */
    public static class Transaction {

        /**
         * Whether every transaction's commit is forced to the disk (a commit and a flush) before it
         * returns. When false, a commit follows the flush policy like any write.
         */
        private boolean durable;

        /**
         * Longest time a transaction may stay open; an older one is rolled back and its snapshot
         * released. A shorter @Transactional timeout applies as it is.
         */
        private Duration maxAge = Duration.ofSeconds(60);

        /**
         * Largest total size of the documents one transaction may buffer before it commits.
         */
        private DataSize sizeLimit = DataSize.ofMegabytes(64);

        public boolean isDurable() {
            return this.durable;
        }

        public void setDurable(boolean durable) {
            this.durable = durable;
        }

        public Duration getMaxAge() {
            return this.maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public DataSize getSizeLimit() {
            return this.sizeLimit;
        }

        public void setSizeLimit(DataSize sizeLimit) {
            this.sizeLimit = sizeLimit;
        }
    }

    /**
     * Encryption of the store file at rest.
     *
     * @since 0.2
     */
    public static class Encryption {

        /**
         * Password of the store file, which is then encrypted (AES-256-XTS with an Argon2id key). Set
         * it from an environment variable (TETHERDB_ENCRYPTION_PASSWORD) or a secret store, never in a
         * committed file. Empty for a plain store.
         */
        private String password;

        /**
         * Argon2id memory of the key of a new store file (an existing file keeps the cost it was written
         * with).
         */
        // literals rather than EncryptionOptions' constants, so that the metadata shows them as defaults;
        // TetherDbAutoConfigurationTests checks that they agree
        private DataSize kdfMemory = DataSize.ofKilobytes(19456);

        /**
         * Argon2id passes of the key of a new store file.
         */
        private int kdfIterations = 2;

        /**
         * Argon2id lanes of the key of a new store file.
         */
        private int kdfParallelism = 1;

        public String getPassword() {
            return this.password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public DataSize getKdfMemory() {
            return this.kdfMemory;
        }

        public void setKdfMemory(DataSize kdfMemory) {
            this.kdfMemory = kdfMemory;
        }

        public int getKdfIterations() {
            return this.kdfIterations;
        }

        public void setKdfIterations(int kdfIterations) {
            this.kdfIterations = kdfIterations;
        }

        public int getKdfParallelism() {
            return this.kdfParallelism;
        }

        public void setKdfParallelism(int kdfParallelism) {
            this.kdfParallelism = kdfParallelism;
        }
    }

    /**
     * The stores the Spring layer can run on.
     *
     * @since 0.2
     */
    public enum Backend {

        /** A TetherDB store in this process. */
        EMBEDDED,

        /** A MongoDB server, through the official driver. */
        MONGODB

    }

    /**
     * Change events: the expired-entity application event and the store's change history.
     *
     * @since 0.2
     */
    public static class Events {

        /**
         * Whether a TetherExpiredEvent is published for each expired document of a mapped entity
         * type that the store removes while the application runs.
         */
        private boolean expired = true;

        /**
         * Most changes the store keeps in its change history, so that watchers can resume after a
         * restart or after falling behind; 0 keeps none.
         */
        private long historyMaxEvents;

        /**
         * Longest time a change is kept in the change history.
         */
        private Duration historyMaxAge = Duration.ofDays(7);

        public boolean isExpired() {
            return this.expired;
        }

        public void setExpired(boolean expired) {
            this.expired = expired;
        }

        public long getHistoryMaxEvents() {
            return this.historyMaxEvents;
        }

        public void setHistoryMaxEvents(long historyMaxEvents) {
            this.historyMaxEvents = historyMaxEvents;
        }

        public Duration getHistoryMaxAge() {
            return this.historyMaxAge;
        }

        public void setHistoryMaxAge(Duration historyMaxAge) {
            this.historyMaxAge = historyMaxAge;
        }
    }
}
