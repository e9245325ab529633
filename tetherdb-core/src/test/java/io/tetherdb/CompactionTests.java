package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tetherdb.document.Document;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.TargetFileException;
import io.tetherdb.index.IndexDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link TetherDB#compact(Path, Path, CopyOptions)} and {@link TetherDB#compactInPlace(Path, CopyOptions)}. */
@ExtendWith(TetherTestExtension.class)
class CompactionTests {

    @TempDir
    Path dir;

    @Test
    void compactionIntoANewFileKeepsTheLiveDataInLessSpaceAndLeavesTheSourceAlone() throws IOException {
        Path source = dir.resolve("big.db");
        Map<String, Document> live = writeMostlyDeleted(source);
        long sourceSize = Files.size(source);
        Path target = dir.resolve("small.db");
        CopyResult result = TetherDB.compact(source, target, CopyOptions.defaults());
        assertThat(result.bytes()).isEqualTo(Files.size(target)).isLessThan(sourceSize / 2);
        assertThat(result.documents()).isEqualTo(live.size());
        assertThat(Files.size(source)).isEqualTo(sourceSize);
        assertThat(read(target)).isEqualTo(live);
        assertThat(read(source)).isEqualTo(live);
    }

    @Test
    void compactionInPlaceShrinksTheFileToItsLiveData() throws IOException {
        Path file = dir.resolve("big.db");
        Map<String, Document> live = writeMostlyDeleted(file);
        long before = Files.size(file);
        int liveBefore = livePercent(file);
        CopyResult result = TetherDB.compactInPlace(file, CopyOptions.defaults());
        int liveAfter = livePercent(file);
        System.out.println("live data share before and after compaction: " + liveBefore + "%, " + liveAfter + "%");
        assertThat(liveAfter).isGreaterThan(liveBefore).isBetween(50, 100);
        assertThat(result.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(Files.size(file)).isLessThan(before / 2);
        assertThat(read(file)).isEqualTo(live);
        assertThat(Files.exists(Path.of(file + ".compact-tmp"))).isFalse();
    }

    @Test
    void compactionInPlaceSweepsExpiredDocumentsFirst() {
        Path file = dir.resolve("ttl.db");
        // written by a clock in the past: long expired by the time of the real clock
        MutableClock clock = MutableClock.startingAt("2020-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).cleanupInterval(Duration.ZERO).open()) {
            db.put(Map.of("v", 1), PutOptions.id("soon").ttl(Duration.ofSeconds(1)));
            db.put(Map.of("v", 2), PutOptions.id("kept"));
        }
        CopyResult result = TetherDB.compactInPlace(file, CopyOptions.defaults());
        assertThat(result.documents()).isEqualTo(1);
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).cleanupInterval(Duration.ZERO).open()) {
            assertThat(db.get("soon")).isEmpty();
            assertThat(db.verify().expiryEntries()).isZero();
        }
    }

    @Test
    void aLeftoverTemporaryFileIsDeletedByTheNextOpenForWritingOnly() throws IOException {
        Path file = dir.resolve("s.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("v", 1));
        }
        Path leftover = Path.of(file + ".compact-tmp");
        Files.writeString(leftover, "half a compaction");
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            assertThat(db.count()).isEqualTo(1);
        }
        assertThat(leftover).exists();
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.count()).isEqualTo(1);
        }
        assertThat(leftover).doesNotExist();
    }

    @Test
    void compactionRefusesAnOpenMissingOrSameFile() throws IOException {
        Path file = dir.resolve("s.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("v", 1));
            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.compactInPlace(file, CopyOptions.defaults()));
            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.compact(file, dir.resolve("t.db"), CopyOptions.defaults()));
        }
        assertThatExceptionOfType(StoreNotFoundException.class)
                .isThrownBy(() -> TetherDB.compactInPlace(dir.resolve("nope.db"), CopyOptions.defaults()))
                .withMessageContaining("cannot compact").withMessageContaining("does not exist");
        assertThatExceptionOfType(StoreNotFoundException.class)
                .isThrownBy(() -> TetherDB.compactInPlace(dir, CopyOptions.defaults()))
                .withMessageContaining("is a directory");
        assertThatExceptionOfType(TargetFileException.class)
                .isThrownBy(() -> TetherDB.compact(file, file, CopyOptions.defaults()))
                .withMessageContaining("the store's own file");
        assertThat(dir.resolve("nope.db")).doesNotExist();
        assertThat(dir.resolve("t.db")).doesNotExist();
    }

    /** Writes 20,000 documents, deletes nine in ten, and returns the rest by id. */
    /**
     * Writes 20,000 documents and deletes nine in ten, in several runs of the store: each close
     * commits the maps to the file (between closes the write-ahead log holds the writes), so the
     * file keeps the pages that later runs replaced.
     */
    private static Map<String, Document> writeMostlyDeleted(Path file) {
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            db.collection("items").createIndex(IndexDefinition.ascending("n"));
        }
        for (int run = 0; run < 4; run++) {
            try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
                TetherCollection items = db.collection("items");
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = run * 5_000; i < (run + 1) * 5_000; i++) {
                    batch.add(Map.of("_id", "i" + i, "n", i, "text", "t".repeat(100)));
                }
                items.putBatch(batch);
            }
        }
        for (int run = 0; run < 4; run++) {
            try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
                TetherCollection items = db.collection("items");
                for (int i = run * 5_000; i < (run + 1) * 5_000; i++) {
                    if (i % 10 != 0) {
                        items.delete("i" + i);
                    }
                }
            }
        }
        return read(file);
    }

    private static int livePercent(Path file) {
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            return db.liveDataPercent();
        }
    }

    private static Map<String, Document> read(Path file) {
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            assertThat(db.verify().isClean()).isTrue();
            assertThat(db.collection("items").listIndexes()).hasSize(1);
            Map<String, Document> docs = new TreeMap<>();
            for (Document d : db.collection("items").find().toList()) {
                docs.put(d.getString("_id"), d);
            }
            return docs;
        }
    }
}
