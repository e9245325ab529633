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
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.TargetExistsException;
import io.tetherdb.error.TargetFileException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link TetherDB#backup(Path, CopyOptions)}: online, consistent copies, and where they are written. */
@ExtendWith(TetherTestExtension.class)
class BackupTests {

    private static final int THREADS = 8;

    @TempDir
    Path dir;

    @Test
    void backupsTakenDuringEightThreadWritesOpenCleanAndHoldAPrefixOfEveryThreadsHistory() throws Exception {
        List<Path> backups = new ArrayList<>();
        List<Duration> pauses = new ArrayList<>();
        try (TetherDB db = TetherDB.builder().path(dir.resolve("live.db")).flushThreshold(50).open()) {
            TetherCollection events = db.collection("events");
            events.createIndex(IndexDefinition.ascending("thread"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(THREADS);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread writer = new Thread(() -> {
                    started.countDown();
                    try {
                        for (int seq = 0; !stop.get(); seq++) {
                            Document doc = new Document().append("thread", thread).append("seq", seq)
                                    .append("payload", "x".repeat(seq % 40));
                            PutOptions options = PutOptions.id(thread + "-" + seq);
                            if (seq % 5 == 0) {
                                // expiry entries must come along in the copy
                                options = options.ttl(Duration.ofDays(30));
                            }
                            if (seq % 7 == 3) {
                                // a batch of two: a copy holds both or neither
                                events.putBatch(List.of(doc, new Document().append("thread", thread)
                                        .append("seq", ++seq).append("_id", thread + "-" + seq)));
                            } else {
                                events.put(doc, options);
                            }
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                writer.start();
                writers.add(writer);
            }
            started.await();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(150);
                Path backup = dir.resolve("backup-" + i + ".db");
                CopyResult result = db.backup(backup);
                assertThat(result.file()).isEqualTo(backup.toAbsolutePath().normalize());
                assertThat(result.bytes()).isEqualTo(Files.size(backup));
                backups.add(backup);
                pauses.add(result.pause());
            }
            stop.set(true);
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(failure.get()).isNull();
        }
        System.out.println("backup pauses under 8 writers: " + pauses);
        long previous = -1;
        for (Path backup : backups) {
            try (TetherDB copy = TetherDB.builder().path(backup).readOnly(true).open()) {
                VerifyReport report = copy.verify();
                assertThat(report.isClean()).as(report.toString()).isTrue();
                TetherCollection events = copy.collection("events");
                assertThat(events.listIndexes()).extracting(s -> s.definition().name()).contains("thread_1");
                long total = 0;
                for (int t = 0; t < THREADS; t++) {
                    TreeSet<Integer> seqs = new TreeSet<>();
                    for (Document d : events.find(Filters.eq("thread", t)).toList()) {
                        seqs.add(d.getInteger("seq"));
                    }
                    // a prefix of this thread's history: 0..n-1, no gap
                    assertThat(seqs.isEmpty() ? 0 : seqs.last() + 1).as("thread " + t + " in " + backup)
                            .isEqualTo(seqs.size());
                    total += seqs.size();
                }
                assertThat(report.expiryEntries()).isPositive();
                assertThat(total).isGreaterThan(previous);
                previous = total;
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".backup-tmp"));
        }
    }

    @Test
    void aBackupHoldsEveryCollectionIndexExpiryAndUnflushedWrite() {
        Path target = dir.resolve("copy.db");
        Map<String, Document> written = new TreeMap<>();
        try (TetherDB db = TetherDB.builder().path(dir.resolve("a.db")).flushThreshold(100_000)
                .flushInterval(Duration.ZERO).open()) {
            TetherCollection people = db.collection("people");
            people.createIndex(IndexDefinition.ascending("name").unique());
            people.put(Map.of("name", "ann"), PutOptions.id("a").ttl(Duration.ofHours(1)));
            people.put(Map.of("name", "bob", "big", "y".repeat(5000)), PutOptions.id("b"));
            db.put(Map.of("in", "default"), PutOptions.id("d"));
            for (Document d : people.find().toList()) {
                written.put(d.getString("_id"), d);
            }
            db.backup(target);
        }
        try (TetherDB copy = TetherDB.open(target)) {
            assertThat(copy.verify().isClean()).isTrue();
            assertThat(copy.collectionNames()).containsExactly("default", "people");
            Map<String, Document> read = new TreeMap<>();
            for (Document d : copy.collection("people").find().toList()) {
                read.put(d.getString("_id"), d);
            }
            assertThat(read).isEqualTo(written);
            assertThat(copy.verify().expiryEntries()).isEqualTo(1);
            assertThat(copy.collection("people").find(Filters.eq("name", "bob")).explain().toString())
                    .contains("name_1");
            assertThatExceptionOfType(io.tetherdb.error.DuplicateKeyException.class)
                    .isThrownBy(() -> copy.collection("people").put(Map.of("name", "ann")));
        }
    }

    @Test
    void anInMemoryOrReadOnlyStoreBacksUpToAFile() {
        Path fromMemory = dir.resolve("memory.db");
        try (TetherDB db = TetherDB.inMemory()) {
            db.collection("c").put(Map.of("v", 1), PutOptions.id("one"));
            db.backup(fromMemory);
        }
        Path fromReadOnly = dir.resolve("again.db");
        try (TetherDB db = TetherDB.builder().path(fromMemory).readOnly(true).open()) {
            db.backup(fromReadOnly);
        }
        try (TetherDB copy = TetherDB.open(fromReadOnly)) {
            assertThat(copy.collection("c").get("one")).map(d -> d.get("v")).contains(1);
            assertThat(copy.verify().isClean()).isTrue();
        }
    }

    @Test
    void anExistingTargetIsReplacedOnlyWhenAsked() throws IOException {
        Path target = dir.resolve("existing.db");
        Files.writeString(target, "keep me");
        try (TetherDB db = TetherDB.open(dir.resolve("s.db"))) {
            db.put(Map.of("v", 1));
            assertThatExceptionOfType(TargetExistsException.class).isThrownBy(() -> db.backup(target))
                    .withMessageContaining(target.toString()).withMessageContaining("exists");
            assertThat(Files.readString(target)).isEqualTo("keep me");
            db.backup(target, CopyOptions.defaults().overwrite(true));
        }
        try (TetherDB copy = TetherDB.open(target)) {
            assertThat(copy.count()).isEqualTo(1);
        }
        assertOnlyFiles("existing.db", "s.db");
    }

    @Test
    void badTargetsAreRefusedAndLeaveNothingBehind() throws IOException {
        Path store = dir.resolve("s.db");
        Files.createDirectory(dir.resolve("sub"));
        try (TetherDB db = TetherDB.open(store); TetherDB other = TetherDB.open(dir.resolve("other.db"))) {
            db.put(Map.of("v", 1));
            assertThatExceptionOfType(TargetFileException.class).isThrownBy(() -> db.backup(dir.resolve("sub")))
                    .withMessageContaining("is a directory");
            assertThatExceptionOfType(TargetFileException.class)
                    .isThrownBy(() -> db.backup(store, CopyOptions.defaults().overwrite(true)))
                    .withMessageContaining("the store's own file");
            assertThatExceptionOfType(TargetFileException.class)
                    .isThrownBy(() -> db.backup(dir.resolve("other.db"), CopyOptions.defaults().overwrite(true)))
                    .withMessageContaining("open as a TetherDB store");
            assertThatExceptionOfType(TargetFileException.class)
                    .isThrownBy(() -> db.backup(dir.resolve("missing/b.db")))
                    .withMessageContaining("does not exist");
        }
        assertOnlyFiles("other.db", "s.db", "sub");
    }

    @Test
    void aClosedStoreCannotBeBackedUp() {
        TetherDB db = TetherDB.open(dir.resolve("s.db"));
        db.close();
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> db.backup(dir.resolve("b.db")));
    }

    @Test
    void progressIsReportedUpToTheTotal() {
        List<long[]> reports = new ArrayList<>();
        try (TetherDB db = TetherDB.inMemory()) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                docs.add(Map.of("i", i));
            }
            db.putBatch(docs);
            db.backup(dir.resolve("b.db"),
                    CopyOptions.defaults().progress((done, all) -> reports.add(new long[] {done, all})));
        }
        assertThat(reports.size()).isGreaterThanOrEqualTo(3);
        long[] last = reports.get(reports.size() - 1);
        assertThat(last[0]).isEqualTo(last[1]).isGreaterThanOrEqualTo(2500);
    }

    @Test
    void aBackupTakenWhileCollectionsAreDroppedAndIndexesBuiltHoldsOneMomentOfThem() throws Exception {
        try (TetherDB db = TetherDB.builder().path(dir.resolve("churn.db")).open()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread churn = new Thread(() -> {
                try {
                    for (int round = 0; !stop.get(); round++) {
                        TetherCollection c = db.collection("c" + round % 3);
                        List<Map<String, Object>> docs = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            docs.add(Map.of("i", i, "round", round));
                        }
                        c.putBatch(docs);
                        c.createIndex(IndexDefinition.ascending("i"));
                        db.dropCollection("c" + (round + 1) % 3);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            churn.start();
            try {
                for (int i = 0; i < 10; i++) {
                    Path backup = dir.resolve("churn-" + i + ".db");
                    db.backup(backup);
                    try (TetherDB copy = TetherDB.builder().path(backup).readOnly(true).open()) {
                        VerifyReport report = copy.verify();
                        assertThat(report.isClean()).as(report.toString()).isTrue();
                        for (String name : copy.collectionNames()) {
                            // a collection is copied with its batch whole, and its index if it had one
                            assertThat(copy.collection(name).count() % 200).isZero();
                        }
                    }
                }
            } finally {
                stop.set(true);
                churn.join();
            }
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void theFormatVersionAndTheExpiringCountAreReadCheaply() {
        try (TetherDB db = TetherDB.inMemory()) {
            db.put(Map.of("v", 1), PutOptions.id("a").ttl(Duration.ofHours(1)));
            db.collection("other").put(Map.of("v", 2), PutOptions.id("b").ttl(Duration.ofHours(1)));
            db.put(Map.of("v", 3));
            assertThat(db.formatVersion()).isEqualTo(3);
            assertThat(db.expiringDocuments()).isEqualTo(2).isEqualTo(db.verify().expiryEntries());
        }
    }

    @Test
    void eachCollectionCountsItsOwnExpiringDocuments() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection sessions = db.collection("sessions");
            sessions.put(Map.of("v", 1), PutOptions.id("a").ttl(Duration.ofHours(1)));
            sessions.put(Map.of("v", 2), PutOptions.id("b").ttl(Duration.ofHours(1)));
            sessions.put(Map.of("v", 3));
            db.collection("other").put(Map.of("v", 4), PutOptions.id("c").ttl(Duration.ofHours(1)));
            assertThat(sessions.expiringDocuments()).isEqualTo(2);
            assertThat(db.collection("other").expiringDocuments()).isEqualTo(1);
            assertThat(db.collection("missing").expiringDocuments()).isZero();
            sessions.delete("a");
            assertThat(sessions.expiringDocuments()).isEqualTo(1);
        }
    }

    private void assertOnlyFiles(String... names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(names);
        }
    }
}
