package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.StoreLockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared behaviour on a file-backed store, plus what only a file can show: reopening. */
class FileCollectionTests extends AbstractCollectionTests {

    @TempDir
    static Path directory;

    private Path file;

    @Override
    protected TetherDB open(TetherDBBuilder builder) {
        if (file == null) {
            file = directory.resolve("test-" + System.nanoTime() + ".db");
        }
        return builder.path(file).open();
    }

    private void reopen() {
        db.close();
        db = open(builder());
    }

    @Test
    void documentsAndCollectionsSurviveReopening() {
        String id = db.put(Map.of("name", "John"));
        db.collection("users").put(json("{_id: 'u1', tags: ['a']}"));
        db.collection("empty-after-drop").put(Map.of("x", 1));
        db.dropCollection("empty-after-drop");

        reopen();

        assertThat(db.get(id).orElseThrow().getString("name")).isEqualTo("John");
        assertThat(db.collection("users").get("u1").orElseThrow().getList("tags")).containsExactly("a");
        assertThat(db.collectionNames()).containsExactly("default", "users");
    }

    @Test
    void closeWritesEverythingEvenBelowTheFlushThreshold() {
        db.close();
        db = open(builder().flushThreshold(1_000_000).flushInterval(Duration.ZERO));
        for (int i = 0; i < 10; i++) {
            db.put(Map.of("i", i), PutOptions.id("d" + i));
        }
        reopen();
        assertThat(db.count()).isEqualTo(10);
    }

    @Test
    void aSweepRunsWhenTheStoreOpens() {
        db.put(Map.of("v", 1), PutOptions.defaults().ttl(Duration.ofSeconds(1)));
        db.put(Map.of("v", 2));
        db.close();
        clock.advance(Duration.ofSeconds(5));

        db = open(builder());

        assertThat(db.statistics().expiredRemoved()).isEqualTo(1);
        assertThat(db.collection(TetherDB.DEFAULT_COLLECTION).count()).isEqualTo(1);
    }

    @Test
    void compressedDocumentsReadBackAndTakeLessSpace() {
        String text = "sensor reading with a long, repetitive description ".repeat(40);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            docs.add(new Document().append("i", i).append("text", text));
        }
        db.putBatch(docs);
        db.flush();
        long compressedSize = db.statistics().fileSize();
        db.close();

        Path plainFile = directory.resolve("plain-" + System.nanoTime() + ".db");
        try (TetherDB plain = TetherDB.builder().path(plainFile).compression(false).open()) {
            plain.putBatch(docs);
            plain.flush();
            assertThat(compressedSize).isLessThan(plain.statistics().fileSize() / 3);
        }
        db = open(builder());
        assertThat(db.count()).isEqualTo(2000);
    }

    @Test
    void compressionIsSkippedBelowTheMinimumSizeAndWhenItDoesNotHelp() {
        db.close();
        db = open(builder().compressMinSize(0));
        byte[] random = new byte[4000];
        new java.util.Random(1).nextBytes(random);
        String id = db.put(Map.of("noise", random));
        String small = db.put(Map.of("a", "b"));
        reopen();
        assertThat((byte[]) db.get(id).orElseThrow().get("noise")).isEqualTo(random);
        assertThat(db.get(small).orElseThrow().getString("a")).isEqualTo("b");
    }

    @Test
    void aSecondOpenOfTheSameFileFailsAndLeavesItUntouched() throws IOException {
        db.put(Map.of("v", 1), PutOptions.id("k"));
        db.flush();
        byte[] before = Files.readAllBytes(file);

        assertThatExceptionOfType(StoreLockedException.class)
                .isThrownBy(() -> TetherDB.open(file))
                .withMessageContaining(file.toAbsolutePath().toString())
                .satisfies(e -> assertThat(e.path()).isEqualTo(file.toAbsolutePath().normalize()));

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(db.get("k")).isPresent();
    }

    @Test
    void aFileThatIsNotAStoreIsReportedAsCorrupt() throws IOException {
        Path garbage = directory.resolve("garbage-" + System.nanoTime() + ".db");
        byte[] bytes = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);

        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> TetherDB.open(garbage))
                .withMessageContaining(garbage.getFileName().toString());
        assertThat(Files.readAllBytes(garbage)).isEqualTo(bytes);
    }

    @Test
    void indexesSurviveReopeningWithoutARebuild() {
        TetherCollection users = db.collection("users");
        users.putBatch(List.of(json("{_id: 'a', email: 'a@x.io', tags: ['t1', 't2']}"),
                json("{_id: 'b', email: 'b@x.io'}")));
        users.createIndex(io.tetherdb.index.IndexDefinition.ascending("email").unique());
        users.createIndex("{tags: 1}");

        reopen();
        users = db.collection("users");

        assertThat(users.listIndexes()).extracting(s -> s.definition().name()).containsExactly("email_1", "tags_1");
        assertThat(users.listIndexes().get(1).multikey()).isTrue();
        assertThat(users.find("{email: 'b@x.io'}").explain().stage()).isEqualTo("IXSCAN");
        assertThat(users.find("{email: 'b@x.io'}").toList()).extracting(Document::getId).containsExactly("b");
        TetherCollection reopened = users;
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> reopened.put(json("{email: 'a@x.io'}")));
        assertThat(users.createIndex("{tags: 1}")).as("already there, not rebuilt").isFalse();
    }

    @Test
    void compactionRewritesSparseDataAndKeepsIt() {
        db.close();
        db = open(builder().flushThreshold(1).flushInterval(Duration.ZERO));
        String text = "payload ".repeat(20);
        for (int i = 0; i < 20_000; i++) {
            db.save(Map.of("_id", "k" + (i % 500), "i", i, "text", text));
        }
        long compactionsBefore = db.statistics().compactions();

        db.compact();

        assertThat(db.statistics().compactions()).isEqualTo(compactionsBefore + 1);
        assertThat(db.count()).isEqualTo(500);
        assertThat(db.get("k7").orElseThrow().getInteger("i")).isEqualTo(19_507);
        reopen();
        assertThat(db.count()).isEqualTo(500);
        assertThat(db.get("k499").orElseThrow().getInteger("i")).isEqualTo(19_999);
    }

    @Test
    void aStreamKeepsReadingItsSnapshotThroughWritesSweepsAndCompaction() {
        db.close();
        db = open(builder().flushThreshold(1).flushInterval(Duration.ZERO));
        for (int i = 0; i < 3000; i++) {
            db.put(Map.of("i", i, "text", "original ".repeat(10)), PutOptions.id(String.format("k%05d", i))
                    .ttl(Duration.ofSeconds(i < 1500 ? 10 : 1000)));
        }
        long count = 0;
        long sum = 0;
        try (java.util.stream.Stream<Document> stream = db.stream("{}")) {
            java.util.Iterator<Document> it = stream.iterator();
            for (int i = 0; i < 10; i++) {
                Document doc = it.next();
                count++;
                sum += doc.getInteger("i");
            }
            for (int i = 0; i < 3000; i += 2) {
                db.save(Map.of("_id", String.format("k%05d", i), "i", -1, "text", "rewritten ".repeat(10)));
            }
            clock.advance(Duration.ofSeconds(20));
            assertThat(db.cleanup()).isEqualTo(750);
            db.compact();
            while (it.hasNext()) {
                Document doc = it.next();
                assertThat(doc.getString("text")).startsWith("original");
                count++;
                sum += doc.getInteger("i");
            }
        }
        assertThat(count).isEqualTo(3000);
        assertThat(sum).isEqualTo(3000L * 2999 / 2);
    }

    @Test
    void statisticsStayReadableAfterClose() {
        db.put(Map.of("a", 1));
        db.close();
        TetherStatistics statistics = db.statistics();
        assertThat(statistics.documentWrites()).isEqualTo(1);
        assertThat(statistics.collections()).isEmpty();
    }

    @Test
    void anIndexCanBeRebuiltOnRequest() {
        TetherCollection c = db.collection("c");
        c.putBatch(List.of(json("{v: 1}"), json("{v: 2}")));
        c.createIndex("{v: 1}");
        assertThat(c.rebuildIndex("v_1")).isTrue();
        assertThat(c.rebuildIndex("nope")).isFalse();
        assertThat(c.listIndexes()).singleElement().satisfies(s -> assertThat(s.entries()).isEqualTo(2));
        assertThat(c.find("{v: 2}").explain().returned()).isEqualTo(1);
    }

    @Test
    void flushCommitsADroppedCollectionOrIndex() {
        TetherCollection c = db.collection("c");
        c.put(json("{v: 1}"));
        c.createIndex("{v: 1}");
        db.flush();

        long commits = db.statistics().commits();
        c.dropIndex("v_1");
        db.flush();
        assertThat(db.statistics().commits()).isEqualTo(commits + 1);

        db.dropCollection("c");
        db.flush();
        assertThat(db.statistics().commits()).isEqualTo(commits + 2);
    }

    @Test
    void theFileIsCreatedWithItsDirectories() {
        Path nested = directory.resolve("a/b/c-" + System.nanoTime() + ".db");
        try (TetherDB created = TetherDB.open(nested)) {
            created.put(Map.of("x", 1));
        }
        assertThat(nested).exists();
    }
}
