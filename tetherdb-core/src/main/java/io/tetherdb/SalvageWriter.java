package io.tetherdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.tetherdb.document.Document;
import io.tetherdb.error.TargetFileException;
import io.tetherdb.error.TetherException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.internal.store.StoreSalvager;

/**
 * Writes what {@link StoreSalvager} reads of a damaged store into a new store through the public
 * API, so that the new store's indexes and expiry entries are rebuilt rather than copied; see
 * {@link TetherDB#salvage(Path, Path, char[], char[], EncryptionOptions, CopyOptions)}. Stateless; thread-safe.
 */
final class SalvageWriter {

    private SalvageWriter() {
    }

    /**
     * @param password the damaged file's password, or null for a plain file; wiped before this returns
     * @param targetPassword the new store's password, or null for a plain one; wiped before this returns
     * @param targetKdf the new store's key derivation cost, or null for the damaged file's own
     */
    static SalvageReport salvage(Path damaged, Path target, char[] password, char[] targetPassword,
            EncryptionOptions targetKdf, CopyOptions options) {
        try {
            Objects.requireNonNull(damaged, "damaged must not be null");
            Objects.requireNonNull(target, "target must not be null");
            Objects.requireNonNull(options, "options must not be null");
            if (targetPassword != null && targetPassword.length == 0) {
                throw new IllegalArgumentException("the target's password must not be empty");
            }
            if (damaged.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
                throw new TargetFileException(target, "it is the damaged store's own file", null);
            }
            // the password is checked before the target is touched, so that a wrong one leaves no file
            StoreSalvager.Key key = StoreSalvager.unlock(damaged, password);
            EncryptionOptions kdf = targetKdf;
            if (kdf == null) {
                kdf = key == null ? EncryptionOptions.defaults() : EncryptionOptions.defaults()
                        .memoryKiB(key.memoryKiB()).iterations(key.iterations()).parallelism(key.parallelism());
            }
            return write(damaged, key, target, targetPassword, kdf, options);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            if (targetPassword != null) {
                Arrays.fill(targetPassword, '\0');
            }
        }
    }

    private static SalvageReport write(Path damaged, StoreSalvager.Key key, Path target, char[] targetPassword,
            EncryptionOptions kdf, CopyOptions options) {
        Path temp = StoreEngine.prepareCopyTarget(target, options.overwrite());
        boolean moved = false;
        try {
            Map<String, SalvageReport.CollectionSalvage> collections = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            // the builder's open wipes the copy it is given; the caller's array is wiped by salvage
            try (TetherDB out = TetherDB.builder().path(temp).cleanupInterval(Duration.ZERO).flushThreshold(10_000)
                    .encryption(targetPassword == null ? null : targetPassword.clone(), kdf).open()) {
                Map<String, List<IndexDefinition>> indexes = new LinkedHashMap<>();
                StoreSalvager.Result result = StoreSalvager.salvage(damaged, key, new StoreSalvager.Sink() {
                    @Override
                    public void collection(String name, List<IndexDefinition> definitions) {
                        indexes.put(name, definitions);
                    }

                    @Override
                    public String document(String collection, String id, Document document, long expiresAt) {
                        PutOptions put = PutOptions.id(id);
                        if (expiresAt != RecordFormat.NEVER) {
                            put = put.expireAt(Instant.ofEpochMilli(expiresAt));
                        }
                        try {
                            out.collection(collection).put(document, put);
                            return null;
                        } catch (TetherException e) {
                            return e.getMessage();
                        }
                    }
                }, options.progress());
                problems.addAll(result.problems());
                for (Map.Entry<String, List<IndexDefinition>> entry : indexes.entrySet()) {
                    for (IndexDefinition definition : entry.getValue()) {
                        try {
                            out.collection(entry.getKey()).createIndex(definition);
                        } catch (TetherException | IllegalArgumentException e) {
                            problems.add("collection '" + entry.getKey() + "': index '" + definition.name()
                                    + "' cannot be recreated (" + e.getMessage() + ")");
                        }
                    }
                }
                result.collections().forEach((name, lost) -> collections.put(name,
                        new SalvageReport.CollectionSalvage(lost.recovered(), lost.unreadableRecords(),
                                lost.unreadablePages(), lost.documentsInUnreadablePages())));
                out.flush();
            }
            StoreEngine.moveCopyIntoPlace(temp, target, options.overwrite());
            moved = true;
            return new SalvageReport(target.toAbsolutePath().normalize(), collections, problems);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the salvage's own failure is the one to report
                }
            }
        }
    }
}
