package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.tetherdb.EncryptionOptions;
import io.tetherdb.Explanation;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherDBBuilder;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.VerifyReport;
import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.TargetFileException;
import io.tetherdb.index.IndexBuildProgress;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index builds whose keys exceed the sort budget write sorted runs to temporary files beside the
 * store and merge them: the index they build is the one an in-memory build gives, a unique
 * violation found in the merge is reported as at any other time, the runs of an encrypted store
 * hold no key in plain text, and no run file outlives the build, whether it completes, fails or is
 * cut short by close(). A tiny budget (a package-private hook) makes a small collection spill.
 */
@ExtendWith(TetherTestExtension.class)
class SpilledIndexBuildTests {

    /** About 200 entries a run: 150 runs for 30,000 documents, so the merge also runs in passes. */
    private static final long TINY_BUDGET = 16_000;
    private static final int DOCUMENTS = 30_000;

    @TempDir
    Path directory;

    @AfterEach
    void restoreTheBudget() {
        IndexBuilder.budgetOverride = 0;
    }

    private static List<Map<String, Object>> documents(int count) {
        Random random = new Random(23);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("_id", String.format("d%05d", i));
            document.put("v", random.nextInt(1_000));
            document.put("name", "secret-name-" + random.nextInt(5_000));
            document.put("tags", List.of("t" + random.nextInt(20), "t" + random.nextInt(20)));
            document.put("email", "user" + i + "@x.io");
            if (i % 7 == 0) {
                document.remove("v");
            }
            documents.add(document);
        }
        return documents;
    }

    private static final List<IndexDefinition> INDEXES = List.of(IndexDefinition.ascending("v"),
            IndexDefinition.parse("{name: 1, v: -1}"), IndexDefinition.ascending("tags"),
            IndexDefinition.ascending("email").unique());

    private static final List<Filter> QUERIES = List.of(Filters.eq("v", 500), Filters.gte("v", 0), Filters.lt("v", 100),
            Filters.eq("v", null), Filters.and(Filters.eq("name", "secret-name-17"), Filters.gt("v", 300)),
            Filters.gte("name", "secret-name-4"), Filters.eq("tags", "t3"), Filters.in("tags", "t1", "t19"),
            Filters.eq("email", "user29999@x.io"), Filters.gt("email", "user2"));

    /** Run files beside the store, and how many the progress callbacks saw while building. */
    private final Set<String> runFilesSeen = new TreeSet<>();

    private IndexBuildProgress watchingRunFiles(Path dir, String prefix) {
        return (done, total) -> runFilesSeen.addAll(runFiles(dir, prefix));
    }

    private static List<String> runFiles(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix + ".index-build-") && name.endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, Object> buildAndQuery(TetherDBBuilder builder, Path file, long budget) {
        IndexBuilder.budgetOverride = budget;
        Map<String, Object> answers = new LinkedHashMap<>();
        try (TetherDB db = builder.cleanupInterval(Duration.ZERO).open()) {
            TetherCollection items = db.collection("items");
            for (List<Map<String, Object>> batch : batches(documents(DOCUMENTS))) {
                items.putBatch(batch);
            }
            for (IndexDefinition index : INDEXES) {
                assertThat(items.createIndex(index, file == null ? IndexBuildProgress.NONE
                        : watchingRunFiles(file.getParent(), file.getFileName().toString()))).isTrue();
            }
            answers.put("indexes", items.listIndexes().stream().map(IndexStatus::toString).toList());
            int indexed = 0;
            for (Filter query : QUERIES) {
                Explanation explanation = items.find(query).explain();
                indexed += explanation.index() == null ? 0 : 1;
                answers.put(query + " explain", explanation.index() + " " + explanation.bounds() + " "
                        + explanation.keysExamined() + " " + explanation.returned());
                // without a sort the documents come in index order: the order is compared too
                answers.put(query.toString(), items.find(query).toList().stream().map(Document::getId).toList());
            }
            // the planner scans for the widest ranges
            assertThat(indexed).as("queries answered from an index").isGreaterThanOrEqualTo(QUERIES.size() - 3);
            VerifyReport report = db.verify();
            assertThat(report.isClean()).as("%s", report).isTrue();
            answers.put("index entries", report.indexEntries());
        }
        return answers;
    }

    private static List<List<Map<String, Object>>> batches(List<Map<String, Object>> documents) {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += 5_000) {
            batches.add(documents.subList(from, Math.min(documents.size(), from + 5_000)));
        }
        return batches;
    }

    @Test
    void aBuildThatSpillsManyRunsGivesTheIndexAnInMemoryBuildGives() {
        Path inMemoryFile = directory.resolve("sorted-in-memory.db");
        Map<String, Object> sortedInMemory = buildAndQuery(TetherDB.builder().path(inMemoryFile), inMemoryFile, 0);
        assertThat(runFilesSeen).as("runs of the in-memory build").isEmpty();

        Path spilledFile = directory.resolve("spilled.db");
        Map<String, Object> spilled = buildAndQuery(TetherDB.builder().path(spilledFile), spilledFile, TINY_BUDGET);

        assertThat(runFilesSeen).as("runs of the spilled build").hasSizeGreaterThan(IndexKeySorter.MAX_MERGE_WIDTH);
        assertThat(spilled).isEqualTo(sortedInMemory);
        assertThat((long) spilled.get("index entries")).isGreaterThan(3L * DOCUMENTS);
        assertThat(runFiles(directory, "spilled.db")).as("run files left").isEmpty();
        assertThat(runFiles(directory, "sorted-in-memory.db")).isEmpty();
    }

    @Test
    void anInMemoryStoreSpillsToTheTemporaryDirectoryAndLeavesNothingThere() {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        Map<String, Object> sortedInMemory = buildAndQuery(TetherDB.builder(), null, 0);
        Set<String> created = new TreeSet<>();
        IndexBuilder.budgetOverride = TINY_BUDGET;
        try (TetherDB db = TetherDB.builder().cleanupInterval(Duration.ZERO).open()) {
            TetherCollection items = db.collection("items");
            items.putBatch(documents(2_000));
            items.createIndex(IndexDefinition.ascending("v"), (done, total) -> created.addAll(runFiles(temporary, "tetherdb")));
            // the progress callback runs only between documents: a second build with more documents sees its runs
            items.putBatch(documents(DOCUMENTS).subList(2_000, DOCUMENTS));
            items.createIndex(IndexDefinition.ascending("name"), (done, total) -> created.addAll(runFiles(temporary,
                    "tetherdb")));
            assertThat(db.verify().isClean()).isTrue();
        }
        assertThat(created).as("runs in the temporary directory").isNotEmpty();
        assertThat(runFiles(temporary, "tetherdb")).as("run files left").doesNotContainAnyElementsOf(created);
        assertThat(buildAndQuery(TetherDB.builder(), null, TINY_BUDGET)).isEqualTo(sortedInMemory);
    }

    @Test
    void aUniqueViolationFoundWhileMergingRunsNamesBothDocumentsAndLeavesNoIndexOrFile() {
        Path file = directory.resolve("unique.db");
        IndexBuilder.budgetOverride = TINY_BUDGET;
        try (TetherDB db = TetherDB.builder().path(file).open()) {
            TetherCollection items = db.collection("items");
            List<Map<String, Object>> documents = documents(DOCUMENTS);
            // far apart in the collection, so in different runs
            documents.get(28_123).put("email", "user123@x.io");
            for (List<Map<String, Object>> batch : batches(documents)) {
                items.putBatch(batch);
            }

            assertThatExceptionOfType(DuplicateKeyException.class)
                    .isThrownBy(() -> items.createIndex(IndexDefinition.ascending("email").unique(),
                            watchingRunFiles(directory, "unique.db")))
                    .withMessageContaining("documents 'd00123' and 'd28123' share the key {\"email\":\"user123@x.io\"}");

            assertThat(runFilesSeen).as("runs").isNotEmpty();
            assertThat(runFiles(directory, "unique.db")).as("run files left").isEmpty();
            assertThat(items.listIndexes()).isEmpty();
            assertThat(items.find(Filters.eq("email", "user123@x.io")).explain().index()).isNull();
            assertThat(db.verify().isClean()).isTrue();
            // the rejected build leaves the name free: a plain index of the same field builds
            assertThat(items.createIndex(IndexDefinition.ascending("email"))).isTrue();
        }
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.verify().isClean()).isTrue();
            assertThat(db.collection("items").listIndexes()).extracting(index -> index.definition().isUnique())
                    .containsExactly(false);
        }
    }

    @Test
    void anEncryptedStoreWritesItsRunsEncryptedAndDeletesThem() throws IOException {
        Path file = directory.resolve("encrypted.db");
        // a builder clears its password once the store is open: each open gets its own
        Supplier<TetherDBBuilder> builder = () -> TetherDB.builder().path(file)
                .encryption("correct horse".toCharArray(), EncryptionOptions.defaults().memoryKiB(128).iterations(3));
        IndexBuilder.budgetOverride = TINY_BUDGET;
        byte[] plainKey = "secret-name-".getBytes(StandardCharsets.UTF_8);
        List<Boolean> runsHoldPlainKeys = new ArrayList<>();
        try (TetherDB db = builder.get().open()) {
            TetherCollection items = db.collection("items");
            for (List<Map<String, Object>> batch : batches(documents(DOCUMENTS))) {
                items.putBatch(batch);
            }
            items.createIndex(IndexDefinition.ascending("name"), (done, total) -> {
                for (String run : runFiles(directory, "encrypted.db")) {
                    runFilesSeen.add(run);
                    runsHoldPlainKeys.add(contains(directory.resolve(run), plainKey));
                }
            });
            assertThat(items.find(Filters.eq("name", "secret-name-17")).explain().index()).isEqualTo("name_1");
            assertThat(items.count(Filters.eq("name", "secret-name-17")))
                    .isEqualTo(documents(DOCUMENTS).stream().filter(d -> d.get("name").equals("secret-name-17")).count());
            assertThat(db.verify().isClean()).isTrue();
        }
        assertThat(runFilesSeen).as("runs").isNotEmpty();
        assertThat(runsHoldPlainKeys).isNotEmpty().containsOnly(false);
        assertThat(runFiles(directory, "encrypted.db")).as("run files left").isEmpty();
        try (TetherDB db = builder.get().open()) {
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    private static boolean contains(Path file, byte[] text) {
        try {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return content.contains(new String(text, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // the build deleted the run meanwhile
            return false;
        }
    }

    @Test
    void aPlainStoreWritesItsRunsInPlainText() {
        // the check above can fail: the same probe finds the keys in a plain store's runs
        Path file = directory.resolve("plain.db");
        IndexBuilder.budgetOverride = TINY_BUDGET;
        byte[] plainKey = "secret-name-".getBytes(StandardCharsets.UTF_8);
        List<Boolean> runsHoldPlainKeys = new ArrayList<>();
        try (TetherDB db = TetherDB.builder().path(file).open()) {
            TetherCollection items = db.collection("items");
            items.putBatch(documents(DOCUMENTS));
            items.createIndex(IndexDefinition.ascending("name"), (done, total) -> {
                for (String run : runFiles(directory, "plain.db")) {
                    runsHoldPlainKeys.add(contains(directory.resolve(run), plainKey));
                }
            });
        }
        assertThat(runsHoldPlainKeys).contains(true);
    }

    @Test
    void closeDuringTheScanOrTheMergeOfASpilledBuildLeavesNoIndexAndNoFile() throws Exception {
        // during the scan: close at the first progress after runs were written; during the merge:
        // close once every document was read, before the merged entries are written
        for (boolean duringMerge : new boolean[] {false, true}) {
            Path file = directory.resolve("closed-" + duringMerge + ".db");
            String prefix = file.getFileName().toString();
            IndexBuilder.budgetOverride = TINY_BUDGET;
            TetherDB db = TetherDB.builder().path(file).open();
            TetherCollection items = db.collection("items");
            for (List<Map<String, Object>> batch : batches(documents(DOCUMENTS))) {
                items.putBatch(batch);
            }
            List<String> runsAtClose = new ArrayList<>();
            CompletableFuture<Void> closing = new CompletableFuture<>();
            CompletableFuture<Boolean> build = CompletableFuture.supplyAsync(() -> items.createIndex(
                    IndexDefinition.ascending("name"), (done, total) -> {
                        boolean closeNow = duringMerge ? done == total : done >= 10_000;
                        if (closeNow && runsAtClose.isEmpty()) {
                            runsAtClose.addAll(runFiles(directory, prefix));
                            CompletableFuture.runAsync(db::close).whenComplete((none, failure) -> closing.complete(null));
                            // close() sets its flag before it waits for the build's write lock
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                            while (!db.isClosed() && System.nanoTime() < deadline) {
                                Thread.onSpinWait();
                            }
                        }
                    }));

            assertThat(build).failsWithin(Duration.ofSeconds(60)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(StoreClosedException.class);
            closing.get(60, TimeUnit.SECONDS);
            assertThat(runsAtClose).as("runs when closing, merge %s", duringMerge).isNotEmpty();
            assertThat(runFiles(directory, prefix)).as("run files left, merge %s", duringMerge).isEmpty();
            try (TetherDB reopened = TetherDB.open(file)) {
                assertThat(reopened.verify().isClean()).isTrue();
                assertThat(reopened.collection("items").listIndexes()).isEmpty();
                assertThat(reopened.collection("items").count()).isEqualTo(DOCUMENTS);
            }
        }
    }

    @Test
    void aBuildThatCannotWriteItsRunsThrowsAndCreatesNoIndex() {
        String temporary = System.getProperty("java.io.tmpdir");
        IndexBuilder.budgetOverride = TINY_BUDGET;
        try (TetherDB db = TetherDB.builder().cleanupInterval(Duration.ZERO).open()) {
            TetherCollection items = db.collection("items");
            items.putBatch(documents(2_000));
            System.setProperty("java.io.tmpdir", directory.resolve("missing").toString());
            try {
                assertThatExceptionOfType(TargetFileException.class)
                        .isThrownBy(() -> items.createIndex(IndexDefinition.ascending("v")))
                        .withMessageContaining(directory.resolve("missing").toString())
                        .withMessageContaining("an index build cannot create a temporary file for its sorted keys");
            } finally {
                System.setProperty("java.io.tmpdir", temporary);
            }
            assertThat(items.listIndexes()).isEmpty();
            assertThat(db.verify().isClean()).isTrue();
            assertThat(items.createIndex(IndexDefinition.ascending("v"))).isTrue();
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    @Test
    void openingForWritingDeletesTheRunsOfABuildThatACrashInterrupted() throws IOException {
        Path file = directory.resolve("crashed.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("a", 1));
        }
        Path leftover = directory.resolve("crashed.db.index-build-4711.tmp");
        Files.writeString(leftover, "keys of a build a crash interrupted");
        Path otherStores = directory.resolve("other.db.index-build-4711.tmp");
        Files.writeString(otherStores, "another store's build");

        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            assertThat(db.count()).isEqualTo(1);
        }
        assertThat(leftover).as("kept by a read-only open").exists();
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.count()).isEqualTo(1);
        }
        assertThat(leftover).doesNotExist();
        assertThat(otherStores).exists();
    }
}
