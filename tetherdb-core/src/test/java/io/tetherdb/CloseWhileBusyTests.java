package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code close()} while eight threads are busy: writes, batches, long streams, group-commit
 * flushes, index builds over 50,000 documents, cleanups, queries and compaction. Every call in
 * flight when the store closes, and every call after, must end normally or with
 * {@link StoreClosedException} naming the store (never an MVStore exception,
 * {@code IllegalStateException}, {@code NullPointerException} or a hang); close() must return;
 * no {@code tetherdb-} thread may outlive it; and a file store must reopen with every acknowledged
 * write and batch (close commits them) and nothing of a failed one. Races depend on timing, so
 * each run repeats with a random delay before the close.
 *
 * <p>20 runs in CI (every fourth in memory); more with {@code -Dtetherdb.close.iterations=N},
 * and a fixed base seed with {@code -Dtetherdb.close.seed=S} (printed in failure messages).
 * {@link CloseRaceRegressionTests} pins down each bug these runs found.
 */
@ExtendWith(TetherTestExtension.class)
class CloseWhileBusyTests {

    private static final int ITERATIONS = Integer.getInteger("tetherdb.close.iterations", 20);
    private static final long SEED = Long.getLong("tetherdb.close.seed", System.nanoTime());
    private static final int BIG = 50_000;
    private static final int BATCH = 10;
    private static final long HANG_SECONDS = 60;

    @TempDir
    static Path directory;

    /** A store file with a 50,000-document collection, copied for each run. */
    private static Path template;

    @BeforeAll
    static void buildTemplate() {
        template = directory.resolve("template.db");
        try (TetherDB db = TetherDB.open(template)) {
            fillBig(db);
            db.collection("work").createIndex(IndexDefinition.ascending("key").unique().named("key_unique"));
            db.collection("work").createIndex(IndexDefinition.ascending("n").named("n"));
        }
    }

    private static void fillBig(TetherDB db) {
        TetherCollection big = db.collection("big");
        for (int from = 0; from < BIG; from += 10_000) {
            List<Map<String, ?>> documents = new ArrayList<>();
            for (int i = from; i < from + 10_000; i++) {
                documents.add(Map.of("_id", String.format("b%06d", i), "i", i, "group", i % 97));
            }
            big.putBatch(documents);
        }
    }

    @Test
    void closeEndsEveryCallInFlightWithStoreClosedAndLeavesAConsistentStore() throws Exception {
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            runOnce(iteration, new Random(SEED + iteration), iteration % 4 == 3);
        }
    }

    private void runOnce(int iteration, Random random, boolean inMemory) throws Exception {
        String context = "iteration " + iteration + " (seed " + (SEED + iteration) + ", "
                + (inMemory ? "in memory" : "file") + ")";
        Set<Thread> threadsBefore = tetherThreads();
        Path file = directory.resolve("busy-" + iteration + ".db");
        TetherDB db;
        if (inMemory) {
            db = TetherDB.builder().inMemory().flushThreshold(1 + random.nextInt(100))
                    .flushInterval(Duration.ofMillis(5)).cleanupInterval(Duration.ofMillis(10)).open();
            fillBig(db);
            db.collection("work").createIndex(IndexDefinition.ascending("key").unique().named("key_unique"));
        } else {
            Files.copy(template, file);
            db = TetherDB.builder().path(file).flushThreshold(1 + random.nextInt(100))
                    .flushInterval(Duration.ofMillis(5)).cleanupInterval(Duration.ofMillis(10))
                    .cacheSize(1024 * 1024).open();
        }
        String storeName = inMemory ? "(in-memory)" : file.toAbsolutePath().normalize().toString();

        Busy busy = new Busy(db, storeName, context);
        ExecutorService pool = Executors.newFixedThreadPool(Busy.KINDS.size());
        CountDownLatch started = new CountDownLatch(Busy.KINDS.size());
        List<Future<?>> workers = new ArrayList<>();
        for (int k = 0; k < Busy.KINDS.size(); k++) {
            String kind = Busy.KINDS.get(k);
            long workerSeed = random.nextLong();
            workers.add(pool.submit(() -> busy.run(kind, new Random(workerSeed), started)));
        }
        assertThat(started.await(HANG_SECONDS, TimeUnit.SECONDS)).as(context).isTrue();
        Thread.sleep(random.nextInt(120));

        // close on its own thread, so that a hang fails the test instead of blocking it
        ExecutorService closer = Executors.newSingleThreadExecutor();
        Future<?> closing = closer.submit(db::close);
        closing.get(HANG_SECONDS, TimeUnit.SECONDS);
        closer.shutdown();
        for (Future<?> worker : workers) {
            worker.get(HANG_SECONDS, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(HANG_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(busy.failures).as("unexpected failures, %s", context).isEmpty();
        assertThat(busy.closedSeen.keySet()).as("kinds that saw the close, %s", context)
                .containsExactlyInAnyOrderElementsOf(Busy.KINDS);
        assertNoThreadOutlives(threadsBefore, context);

        if (!inMemory) {
            try (TetherDB reopened = TetherDB.open(file)) {
                checkReopened(reopened, busy, context);
            }
        }
    }

    private static Set<Thread> tetherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tetherdb-"))
                .collect(Collectors.toSet());
    }

    private static void assertNoThreadOutlives(Set<Thread> before, String context) throws InterruptedException {
        Set<Thread> left = new HashSet<>();
        for (Thread thread : tetherThreads()) {
            if (!before.contains(thread)) {
                // a pool thread may still be finishing its exit after the pool terminated
                thread.join(TimeUnit.SECONDS.toMillis(5));
                if (thread.isAlive()) {
                    left.add(thread);
                }
            }
        }
        assertThat(left).as("tetherdb threads alive after close, %s", context).isEmpty();
    }

    private static void checkReopened(TetherDB db, Busy busy, String context) {
        VerifyReport report = db.verify();
        assertThat(report.isClean()).as("verify(), %s: %s", context, report).isTrue();
        TetherCollection work = db.collection("work");
        List<Document> all;
        try (Stream<Document> stream = work.stream(Filter.all())) {
            all = stream.toList();
        }
        Map<String, Integer> batches = new HashMap<>();
        Set<String> singles = new HashSet<>();
        Set<Object> keys = new HashSet<>();
        for (Document document : all) {
            String batch = document.getString("batch");
            if (batch != null) {
                batches.merge(batch, 1, Integer::sum);
            } else {
                singles.add(document.getId());
            }
            assertThat(keys.add(document.get("key"))).as("unique key %s, %s", document.get("key"), context).isTrue();
        }
        assertThat(work.count()).isEqualTo(all.size());
        assertThat(batches.keySet()).as("batches after reopening, %s", context).isEqualTo(busy.acknowledgedBatches);
        batches.forEach((batch, size) -> assertThat(size).as("batch %s, %s", batch, context).isEqualTo(BATCH));
        assertThat(singles).as("single documents after reopening, %s", context).isEqualTo(busy.liveSingles);

        TetherCollection big = db.collection("big");
        assertThat(big.count()).isEqualTo(BIG);
        // through the index on i if the build finished before the close, else by a scan
        assertThat(big.count(Filters.gte("i", BIG - 100))).as(context).isEqualTo(100);
        assertThat(big.count(Filters.eq("group", 5))).as(context)
                .isEqualTo(big.find().toList().stream().filter(d -> d.getInteger("group") == 5).count());
    }

    /** The busy threads of one run and what they saw. */
    private static final class Busy {

        static final List<String> KINDS = List.of("writer", "batcher", "scanner", "flusher", "indexer", "cleaner",
                "querier", "compactor");

        private final TetherDB db;
        private final String storeName;
        private final String context;
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final Map<String, Boolean> closedSeen = new ConcurrentHashMap<>();
        final Set<String> acknowledgedBatches = ConcurrentHashMap.newKeySet();
        /** Single documents the writer stored and did not delete; only the writer touches them. */
        final Set<String> liveSingles = ConcurrentHashMap.newKeySet();

        Busy(TetherDB db, String storeName, String context) {
            this.db = db;
            this.storeName = storeName;
            this.context = context;
        }

        Void run(String kind, Random random, CountDownLatch started) {
            started.countDown();
            long step = 0;
            try {
                while (true) {
                    step(kind, random, step++);
                }
            } catch (StoreClosedException e) {
                check(kind, e);
                // a later call fails the same way
                try {
                    step(kind, random, step);
                    failures.add(kind + ": a call after the close completed, " + context);
                } catch (StoreClosedException again) {
                    check(kind, again);
                } catch (Throwable other) {
                    failures.add(kind + " after the close: " + trace(other));
                }
            } catch (Throwable e) {
                failures.add(kind + ": " + trace(e));
            }
            return null;
        }

        private void check(String kind, StoreClosedException e) {
            closedSeen.put(kind, true);
            if (!e.getMessage().equals("TetherDB store " + storeName + " is closed")) {
                failures.add(kind + ": message " + e.getMessage() + ", " + context);
            }
        }

        private String trace(Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return context + ": " + trace;
        }

        private void step(String kind, Random random, long step) {
            TetherCollection work = db.collection("work");
            TetherCollection big = db.collection("big");
            switch (kind) {
                case "writer" -> {
                    String id = "s-" + step;
                    work.put(Map.of("key", id, "n", random.nextInt(1000)), PutOptions.id(id));
                    liveSingles.add(id);
                    if (step % 3 == 2) {
                        String old = "s-" + (step - 1);
                        assertThat(work.replace(old, Map.of("key", old, "n", -1))).isTrue();
                    }
                    if (step % 5 == 4) {
                        String gone = "s-" + (step - 2);
                        // removed from the model first: if the close cuts the delete short it did
                        // not happen, and the reopened store still has it
                        liveSingles.remove(gone);
                        try {
                            assertThat(work.delete(gone)).isEqualTo(1);
                        } catch (StoreClosedException e) {
                            liveSingles.add(gone);
                            throw e;
                        }
                    }
                }
                case "batcher" -> {
                    String marker = "batch-" + step;
                    List<Map<String, ?>> batch = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        batch.add(Map.of("_id", marker + "-" + i, "batch", marker, "key", marker + "-" + i,
                                "n", i));
                    }
                    work.putBatch(batch);
                    acknowledgedBatches.add(marker);
                }
                case "scanner" -> {
                    Set<String> seen = new HashSet<>();
                    try (Stream<Document> stream = big.stream(Filter.all())) {
                        stream.forEach(document -> {
                            if (!seen.add(document.getId())) {
                                throw new AssertionError("repeated _id " + document.getId());
                            }
                        });
                    }
                    assertThat(seen).hasSize(BIG);
                }
                case "flusher" -> {
                    db.collection("flushed").save(Map.of("_id", "flushed", "n", step));
                    db.flush();
                }
                case "indexer" -> {
                    if (random.nextBoolean()) {
                        big.createIndex(IndexDefinition.ascending("i").named("i"));
                        big.dropIndex("i");
                    } else {
                        big.createIndex(IndexDefinition.ascending("group").named("group"));
                        assertThat(big.count(Filters.eq("group", 3))).isEqualTo(BIG / 97 + (3 < BIG % 97 ? 1 : 0));
                        big.dropIndex("group");
                    }
                }
                case "cleaner" -> {
                    db.collection("ttl").put(Map.of("n", step), PutOptions.defaults().ttl(Duration.ofMillis(1)));
                    db.cleanup();
                }
                case "querier" -> {
                    List<Document> page = work.find(Filters.gte("n", random.nextInt(500))).sort("{n: -1}").limit(20)
                            .toList();
                    assertThat(page.size()).isLessThanOrEqualTo(20);
                    Map<String, Object> first = new LinkedHashMap<>();
                    big.find(Filters.lt("i", 5_000)).limit(100).forEach(d -> first.put(d.getId(), d));
                    assertThat(first).hasSize(100);
                    big.get(String.format("b%06d", random.nextInt(BIG))).orElseThrow();
                }
                case "compactor" -> {
                    work.count(Filters.exists("batch"));
                    db.compact();
                    db.statistics();
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }
    }
}
