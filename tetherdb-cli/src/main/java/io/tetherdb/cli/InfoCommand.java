package io.tetherdb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import picocli.CommandLine.Command;

/**
 * {@code tetherdb info FILE}: the file's format version, size and last change, its collections with
 * their document counts and indexes, and its expiring documents. Opens the store read-only. Not
 * thread-safe.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Shows a store's format version, file size and its share of live data, last modification,"
                + " collections with their document counts, indexes, and how many documents expire. Opens the store"
                + " read-only."})
class InfoCommand extends StoreCommand {

    @Override
    int run() {
        try (TetherDB db = openReadOnly()) {
            PrintWriter out = out();
            var statistics = db.statistics();
            out.printf("file:          %s%n", file.toAbsolutePath());
            out.printf("format:        %d%n", db.formatVersion());
            out.printf("encrypted:     %s%n", db.isEncrypted() ? "yes (AES-256-XTS, Argon2id key)" : "no");
            out.printf("size:          %,d bytes%n", statistics.fileSize());
            out.printf("live data:     %d%% of the file (compact gives back the rest)%n", db.liveDataPercent());
            out.printf("last commit:   %s%n", db.lastCommitTime().map(Instant::toString)
                    .orElse("not recorded (written before TetherDB 0.2; file modified " + lastModified() + ")"));
            out.printf("collections:   %d%n", statistics.collections().size());
            long total = 0;
            for (var count : statistics.collections()) {
                total += count.documents();
                out.printf("  %s: %,d document%s%n", count.name(), count.documents(),
                        count.documents() == 1 ? "" : "s");
                TetherCollection collection = db.collection(count.name());
                for (var index : collection.listIndexes()) {
                    out.printf("    index %s %s%s%s%s, %,d entries%n", index.definition().name(),
                            index.definition().keys().toJson(), index.definition().isUnique() ? " unique" : "",
                            index.definition().isSparse() ? " sparse" : "", index.multikey() ? " multikey" : "",
                            index.entries());
                }
            }
            out.printf("documents:     %,d%n", total);
            long entries = db.expiringDocuments();
            out.printf("expiring:      %,d document%s with an expiry time (expired ones not yet removed included)%n",
                    entries, entries == 1 ? "" : "s");
        }
        return ExitCodes.OK;
    }

    private Instant lastModified() {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
