package io.tetherdb.spring.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.tetherdb.CopyResult;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherStatistics;
import io.tetherdb.VerifyReport;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.spring.backup.TetherDbBackups;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code tetherdb} actuator endpoint. Reading it describes each store: file, size, format
 * version, collections with their document counts and indexes, expiring documents, the backup
 * directory and the last verification made through this endpoint. Writing to it runs an operation:
 * {@code backup} (the default) writes a consistent backup of each store, or of the one named by
 * {@code store}, into {@code tetherdb.backup.directory} while the application goes on writing;
 * {@code verify} checks the stores and records the result as their last verification.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
@Endpoint(id = "tetherdb")
public class TetherDbEndpoint {

    private final Map<String, TetherDB> stores;

    private final @Nullable TetherDbBackups backups;

    private final Clock clock;

    private final Map<String, VerifyDescriptor> lastVerify = new ConcurrentHashMap<>();

    /**
     * @param stores the stores by bean name; not null
     * @param backups takes backups, or null when no backup directory is configured
     * @param clock the clock of the verification times; not null
     */
    public TetherDbEndpoint(Map<String, TetherDB> stores, @Nullable TetherDbBackups backups, Clock clock) {
        this.stores = new LinkedHashMap<>(Objects.requireNonNull(stores, "stores must not be null"));
        this.backups = backups;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** @return a description of every store */
    @ReadOperation
    public StoresDescriptor stores() {
        Map<String, StoreDescriptor> described = new LinkedHashMap<>();
        this.stores.forEach((name, db) -> described.put(name, describe(name, db)));
        return new StoresDescriptor(described, (this.backups != null) ? this.backups.getDirectory().toString() : null);
    }

    /**
     * Runs an operation on every store, or on one.
     *
     * @param operation {@code backup} (when null) or {@code verify}
     * @param store the bean name of the store, or null for every store
     * @return per store, what the operation did
     */
    @WriteOperation
    public Map<String, Object> operate(@Nullable String operation, @Nullable String store) {
        List<String> names = (store != null) ? List.of(store) : List.copyOf(this.stores.keySet());
        if (store != null && !this.stores.containsKey(store)) {
            throw new InvalidEndpointRequestException("No TetherDB store named '" + store + "'; the stores are "
                    + this.stores.keySet(), "No such store");
        }
        String op = (operation != null) ? operation : "backup";
        Map<String, Object> results = new LinkedHashMap<>();
        switch (op) {
            case "backup" -> {
                if (this.backups == null) {
                    throw new InvalidEndpointRequestException(
                            "No backup directory: set tetherdb.backup.directory to take backups",
                            "No backup directory");
                }
                for (String name : names) {
                    CopyResult result = this.backups.backup(name);
                    results.put(name, new BackupDescriptor(result.file().toString(), result.documents(),
                            result.bytes(), result.pause().toNanos() / 1000));
                }
            }
            case "verify" -> {
                for (String name : names) {
                    results.put(name, verify(name, this.stores.get(name)));
                }
            }
            default -> throw new InvalidEndpointRequestException("Unknown operation '" + op
                    + "': use backup or verify", "Unknown operation");
        }
        return results;
    }

    private VerifyDescriptor verify(String name, TetherDB db) {
        Instant started = this.clock.instant();
        VerifyReport report = db.verify();
        List<String> problems = new ArrayList<>();
        report.problems().forEach((problem) -> problems.add(problem.toString()));
        VerifyDescriptor descriptor = new VerifyDescriptor(started, report.isClean(), report.documents(),
                report.indexEntries(), report.expiryEntries(), problems);
        this.lastVerify.put(name, descriptor);
        return descriptor;
    }

    private StoreDescriptor describe(String name, TetherDB db) {
        TetherStatistics statistics = db.statistics();
        List<CollectionDescriptor> collections = new ArrayList<>();
        long documents = 0;
        for (TetherStatistics.CollectionCount count : statistics.collections()) {
            List<IndexDescriptor> indexes = new ArrayList<>();
            for (IndexStatus index : db.collection(count.name()).listIndexes()) {
                indexes.add(new IndexDescriptor(index.definition().name(), index.definition().keys().toJson(),
                        index.definition().isUnique(), index.definition().isSparse(), index.multikey(),
                        index.entries()));
            }
            collections.add(new CollectionDescriptor(count.name(), count.documents(), indexes));
            documents += count.documents();
        }
        return new StoreDescriptor(db.path().map(Object::toString).orElse(null), db.options().readOnly(),
                db.formatVersion(), statistics.fileSize(), documents, db.expiringDocuments(), collections,
                this.lastVerify.get(name));
    }

    /**
     * The endpoint's description of the stores.
     *
     * @param stores each store by bean name
     * @param backupDirectory where backups go, or null when backups are off
     */
    public record StoresDescriptor(Map<String, StoreDescriptor> stores, @Nullable String backupDirectory) {
    }

    /**
     * One store.
     *
     * @param path its file, or null in memory
     * @param readOnly whether it was opened read-only
     * @param formatVersion its file layout version
     * @param size its file size in bytes
     * @param documents documents over all collections
     * @param expiring documents carrying an expiry time
     * @param collections its collections
     * @param lastVerify the last verification through this endpoint, or null
     */
    public record StoreDescriptor(@Nullable String path, boolean readOnly, int formatVersion, long size,
            long documents, long expiring, List<CollectionDescriptor> collections,
            @Nullable VerifyDescriptor lastVerify) {
    }

    /**
     * One collection.
     *
     * @param name its name
     * @param documents its live documents
     * @param indexes its secondary indexes
     */
    public record CollectionDescriptor(String name, long documents, List<IndexDescriptor> indexes) {
    }

    /**
     * One index.
     *
     * @param name its name
     * @param keys its keys as JSON, such as {@code {"age":1}}
     * @param unique whether it is unique
     * @param sparse whether it is sparse
     * @param multikey whether a document gave it several keys
     * @param entries its entries
     */
    public record IndexDescriptor(String name, String keys, boolean unique, boolean sparse, boolean multikey,
            long entries) {
    }

    /**
     * A verification.
     *
     * @param at when it started
     * @param clean whether it found no problem
     * @param documents documents checked
     * @param indexEntries index entries checked
     * @param expiryEntries expiry entries checked
     * @param problems the problems found
     */
    public record VerifyDescriptor(Instant at, boolean clean, long documents, long indexEntries, long expiryEntries,
            List<String> problems) {
    }

    /**
     * A backup taken.
     *
     * @param file the backup file
     * @param documents documents in it
     * @param bytes its size
     * @param pauseMicros how long writers were held back, in microseconds
     */
    public record BackupDescriptor(String file, long documents, long bytes, long pauseMicros) {
    }

}
