package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import io.tetherdb.update.Updates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log ({@code FILE.wal}): between checkpoints it alone holds the committed writes,
 * so a copy of the store file and its log taken while the store is open (what a kill of the
 * process leaves) must reopen with every committed write, and with indexes, expiry entries and
 * transactions as they were; a torn tail costs only the operations it cut; a clean close leaves
 * no log. Kills of a real process are in {@code KillNineIntegrationTests}.
 */
@ExtendWith(TetherTestExtension.class)
class WriteAheadLogTests {

    @TempDir
    Path directory;

    private static Path logOf(Path file) {
        return Path.of(file + ".wal");
    }

    /** Copies the store file and its log as a kill of the process leaves them. */
    private Path crashCopy(Path file, String name) throws IOException {
        Path copy = directory.resolve(name);
        Files.copy(file, copy);
        if (Files.exists(logOf(file))) {
            Files.copy(logOf(file), logOf(copy));
        }
        return copy;
    }

    /**
     * The file is allocated ahead with zeros: the last record runs from the first byte that its
     * write changed to the last byte that is not zero.
     *
     * @return the last record's start and end in {@code log}, which is {@code before} and one more record
     */
    private static int[] lastRecord(byte[] before, byte[] log) {
        int end = log.length;
        while (log[end - 1] == 0) {
            end--;
        }
        return new int[] {Arrays.mismatch(before, log), end};
    }

    private static TetherDBBuilder store(Path file) {
        return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).flushInterval(Duration.ofHours(1));
    }

    @Test
    void flushedWritesSurviveAKillWithTheirIndexesAndExpiryEntries() throws IOException {
        Path file = directory.resolve("flushed.db");
        Path crashed;
        try (TetherDB db = store(file).open()) {
            TetherCollection items = db.collection("items");
            items.createIndex(IndexDefinition.ascending("n"));
            for (int i = 0; i < 500; i++) {
                items.put(Map.of("n", i % 50, "s", "x" + i), PutOptions.id("i" + i).ttl(Duration.ofDays(1)));
            }
            items.delete("i7");
            items.updateOne(Filters.eq("_id", "i8"), Updates.inc("n", 1000));
            db.flush();
            assertThat(Files.size(logOf(file))).as("the writes are in the log").isGreaterThan(500 * 20L);
            crashed = crashCopy(file, "flushed-crashed.db");
        }
        try (TetherDB db = store(crashed).open()) {
            TetherCollection items = db.collection("items");
            assertThat(items.count()).isEqualTo(499);
            assertThat(items.get("i7")).isEmpty();
            assertThat(items.get("i8")).get().extracting(d -> d.get("n")).isEqualTo(1008);
            assertThat(items.find(Filters.eq("n", 1008)).toList()).extracting(d -> d.get("_id")).containsExactly("i8");
            assertThat(items.find(Filters.eq("n", 3)).explain().index()).isEqualTo("n_1");
            assertThat(items.find(Filters.eq("n", 3)).toList()).hasSize(10);
            assertThat(items.expiresAt("i9")).isPresent();
            assertThat(db.verify().isClean()).as(db.verify().toString()).isTrue();
        }
        assertThat(logOf(crashed)).as("a clean close leaves no log").doesNotExist();
    }

    @Test
    void withAFlushThresholdOfOneAKillLosesNoWriteThatReturned() throws IOException {
        Path file = directory.resolve("each.db");
        Path crashed;
        try (TetherDB db = store(file).flushThreshold(1).open()) {
            for (int i = 0; i < 200; i++) {
                db.put(Map.of("i", i), PutOptions.id("d" + i));
            }
            crashed = crashCopy(file, "each-crashed.db");
        }
        try (TetherDB db = store(crashed).open()) {
            assertThat(db.count()).isEqualTo(200);
            assertThat(db.get("d199")).isPresent();
        }
    }

    @Test
    void writesNotYetCommittedToTheLogAreLostAsAWhole() throws IOException {
        Path file = directory.resolve("grouped.db");
        Path crashed;
        try (TetherDB db = store(file).flushThreshold(1000).open()) {
            db.put(Map.of("i", 0), PutOptions.id("flushed"));
            db.flush();
            db.putBatch(List.of(Map.of("_id", "a"), Map.of("_id", "b")));
            crashed = crashCopy(file, "grouped-crashed.db");
        }
        try (TetherDB db = store(crashed).open()) {
            assertThat(db.get("flushed")).isPresent();
            assertThat(db.get("a")).isEmpty();
            assertThat(db.get("b")).isEmpty();
        }
    }

    @Test
    void aTornLastRecordCostsOnlyItsOwnOperation() throws IOException {
        Path file = directory.resolve("torn.db");
        Path crashed;
        byte[] beforeLast;
        try (TetherDB db = store(file).flushThreshold(1).open()) {
            db.put(Map.of("i", 1), PutOptions.id("one"));
            db.put(Map.of("i", 2), PutOptions.id("two"));
            beforeLast = Files.readAllBytes(logOf(file));
            db.putBatch(List.of(Map.of("_id", "three", "s", "x".repeat(500)), Map.of("_id", "four")));
            crashed = crashCopy(file, "torn-crashed.db");
        }
        byte[] log = Files.readAllBytes(logOf(crashed));
        int[] last = lastRecord(beforeLast, log);
        int recordStart = last[0];
        int recordEnd = last[1];
        assertThat(recordEnd - recordStart).as("the batch's record (compressed)").isGreaterThan(60);
        for (int cut = recordStart; cut < recordEnd; cut += 97) {
            Path attempt = directory.resolve("torn-" + cut + ".db");
            Files.copy(crashed, attempt);
            // the tail of the record lost: as zeros (the allocated file) and as a shorter file
            byte[] zeroed = log.clone();
            Arrays.fill(zeroed, cut, recordEnd, (byte) 0);
            Files.write(logOf(attempt), cut % 2 == 0 ? zeroed : Arrays.copyOf(log, cut));
            try (TetherDB db = store(attempt).open()) {
                assertThat(db.get("one")).isPresent();
                assertThat(db.get("two")).isPresent();
                assertThat(db.get("three")).as("cut at %d of %d bytes", cut, log.length).isEmpty();
                assertThat(db.get("four")).isEmpty();
            }
        }
        // a damaged byte in the last record: its checksum fails, and it is not replayed
        log[recordEnd - 3] ^= 0x40;
        Files.write(logOf(crashed), log);
        try (TetherDB db = store(crashed).open()) {
            assertThat(db.get("two")).isPresent();
            assertThat(db.get("three")).isEmpty();
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    @Test
    void aLogLeftFromAnEarlierGenerationIsNotReplayed() throws IOException {
        Path file = directory.resolve("stale.db");
        Path staleLog = directory.resolve("stale-log.wal");
        try (TetherDB db = store(file).flushThreshold(1).open()) {
            db.put(Map.of("i", 1), PutOptions.id("old"));
            Files.copy(logOf(file), staleLog);
            db.delete("old");
        }
        // the log of a run that has since closed cleanly, beside the file again
        Files.copy(staleLog, logOf(file));
        try (TetherDB db = store(file).open()) {
            assertThat(db.get("old")).as("the delete after the stale log's write stands").isEmpty();
        }
    }

    @Test
    void aBackupPutInPlaceOfItsCrashedSourceDoesNotReplayTheSourcesLog() throws IOException {
        Path file = directory.resolve("source.db");
        Path backup = directory.resolve("backup.db");
        Path crashed;
        try (TetherDB db = store(file).open()) {
            db.put(Map.of("i", 1), PutOptions.id("early"));
            db.flush();
            long[] last = new long[2];
            db.backup(backup, CopyOptions.defaults().progress((done, all) -> {
                last[0] = done;
                last[1] = all;
            }));
            assertThat(last[0]).as("the progress ends at the entries in all, the left-out generation not counted")
                    .isEqualTo(last[1]).isPositive();
            db.put(Map.of("i", 2), PutOptions.id("late"));
            db.flush();
            crashed = crashCopy(file, "source-crashed.db");
        }
        // the backup restored over the crashed store's file; the crashed run's log is still beside it
        Files.copy(backup, crashed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(logOf(crashed)).exists();
        try (TetherDB db = store(crashed).open()) {
            assertThat(db.get("early")).isPresent();
            assertThat(db.get("late")).as("the backup's state, not the log's").isEmpty();
        }
    }

    @Test
    void droppingAndRecreatingACollectionSurvivesAKill() throws IOException {
        Path file = directory.resolve("drop.db");
        Path crashed;
        try (TetherDB db = store(file).open()) {
            TetherCollection first = db.collection("c");
            first.createIndex(IndexDefinition.ascending("n"));
            first.put(Map.of("n", 1), PutOptions.id("gone"));
            db.flush();
            db.dropCollection("c");
            TetherCollection again = db.collection("c");
            again.put(Map.of("n", 2), PutOptions.id("new"));
            db.collection("other").put(Map.of("n", 3), PutOptions.id("o"));
            db.flush();
            crashed = crashCopy(file, "drop-crashed.db");
        }
        try (TetherDB db = store(crashed).open()) {
            assertThat(db.collection("c").get("gone")).isEmpty();
            assertThat(db.collection("c").get("new")).isPresent();
            assertThat(db.collection("c").listIndexes()).as("the index went with the dropped collection")
                    .noneMatch(index -> index.definition().name().equals("n_1"));
            assertThat(db.collection("other").get("o")).isPresent();
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    @Test
    void aCommittedTransactionIsReplayedWhole() throws IOException {
        Path file = directory.resolve("tx.db");
        Path crashed;
        try (TetherDB db = store(file).open()) {
            db.put(Map.of("balance", 100), PutOptions.id("a"));
            db.put(Map.of("balance", 0), PutOptions.id("b"));
            db.transaction(tx -> {
                tx.collection(TetherDB.DEFAULT_COLLECTION).updateOne(Filters.eq("_id", "a"), Updates.inc("balance", -30));
                tx.collection(TetherDB.DEFAULT_COLLECTION).updateOne(Filters.eq("_id", "b"), Updates.inc("balance", 30));
            });
            db.flush();
            crashed = crashCopy(file, "tx-crashed.db");
        }
        try (TetherDB db = store(crashed).open()) {
            assertThat(db.get("a")).get().extracting(d -> d.get("balance")).isEqualTo(70);
            assertThat(db.get("b")).get().extracting(d -> d.get("balance")).isEqualTo(30);
        }
    }

    @Test
    void anEncryptedStoresLogHoldsNoPlainTextAndReplays() throws IOException {
        Path file = directory.resolve("secret.db");
        Path crashed;
        String marker = "plain-text-marker-that-must-not-leak";
        try (TetherDB db = store(file).encryption(TestPasswords.password(), TestPasswords.FAST).open()) {
            for (int i = 0; i < 20; i++) {
                db.put(Map.of("secret", marker + i), PutOptions.id("s" + i));
            }
            db.flush();
            crashed = crashCopy(file, "secret-crashed.db");
        }
        String logText = new String(Files.readAllBytes(logOf(crashed)), StandardCharsets.ISO_8859_1);
        assertThat(logText).doesNotContain(marker).doesNotContain("secret").doesNotContain("s19");
        try (TetherDB db = store(crashed).encryption(TestPasswords.password(), TestPasswords.FAST).open()) {
            assertThat(db.count()).isEqualTo(20);
            assertThat(db.get("s19")).get().extracting(d -> d.get("secret")).isEqualTo(marker + 19);
        }
    }

    @Test
    void aRecordOfAnEncryptedLogAlteredAsACrcWouldAllowIsNotReplayed() throws IOException {
        Path file = directory.resolve("altered.db");
        Path crashed;
        byte[] beforeLast;
        try (TetherDB db = store(file).flushThreshold(1).encryption(TestPasswords.password(), TestPasswords.FAST)
                .open()) {
            db.put(Map.of("amount", 100), PutOptions.id("one"));
            beforeLast = Files.readAllBytes(logOf(file));
            db.put(Map.of("amount", 200), PutOptions.id("two"));
            crashed = crashCopy(file, "altered-crashed.db");
        }
        byte[] log = Files.readAllBytes(logOf(crashed));
        int[] last = lastRecord(beforeLast, log);
        int recordStart = last[0];
        int recordEnd = last[1];
        // CTR lets whoever can write the file flip a chosen plaintext bit by flipping the same
        // ciphertext bit; a CRC32C after the length would be adjusted by the CRC of that difference
        // (CRCs are affine), which needs no key. Alter the record's last byte so.
        int bodyLength = recordEnd - recordStart - 8;
        byte[] difference = new byte[bodyLength];
        difference[bodyLength - 1] = 0x01;
        CRC32C crc = new CRC32C();
        crc.update(difference);
        long withDifference = crc.getValue();
        crc.reset();
        crc.update(new byte[bodyLength]);
        int adjust = (int) (withDifference ^ crc.getValue());
        log[recordEnd - 1] ^= 0x01;
        for (int i = 0; i < 4; i++) {
            log[recordStart + 4 + i] ^= (byte) (adjust >>> 24 - 8 * i);
        }
        Files.write(logOf(crashed), log);

        // the record's check is keyed (HMAC-SHA256), so the altered record ends the replay
        try (TetherDB db = store(crashed).encryption(TestPasswords.password(), TestPasswords.FAST).open()) {
            assertThat(db.get("one")).get().extracting(d -> d.get("amount")).isEqualTo(100);
            assertThat(db.get("two")).isEmpty();
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    @Test
    void theLogHasTheStoreFilesPermissions() throws IOException {
        Path file = directory.resolve("private.db");
        try (TetherDB db = store(file).open()) {
            db.put(Map.of("i", 1));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logOf(file))))
                    .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void aCheckpointStartsANewGenerationOverTheOldRecordsWhichAreNeverReplayed() throws IOException {
        Path file = directory.resolve("checkpoint.db");
        try (TetherDB db = store(file).open()) {
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                batch.add(json("{_id: 'd" + i + "', n: " + i + "}").append("text", "y".repeat(200)));
            }
            db.put(Map.of("n", -1), PutOptions.id("first"));
            db.flush();
            assertThat(Files.size(logOf(file))).as("allocated ahead with zeros: 32-byte header, 1 MiB")
                    .isEqualTo(32 + (1 << 20));
            db.putBatch(batch);
            db.flush();
            long logSize = Files.size(logOf(file));
            long checkpoints = db.statistics().commits();
            // a compaction commits the maps to the file: a checkpoint, after which a new generation
            // overwrites the log from its start
            db.compact();
            assertThat(db.statistics().commits()).isGreaterThan(checkpoints);
            db.delete("d5");
            db.flush();
            assertThat(Files.size(logOf(file))).as("the file is reused, not grown").isEqualTo(logSize);
            Path crashed = crashCopy(file, "checkpoint-crashed.db");
            try (TetherDB reopened = store(crashed).open()) {
                assertThat(reopened.count()).isEqualTo(2_000);
                assertThat(reopened.get("d5")).as("the new generation's delete is replayed").isEmpty();
                assertThat(reopened.get("d1999")).isPresent();
                assertThat(reopened.verify().isClean()).isTrue();
            }
        }
    }
}
