package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads run a random mix of every operation against one store for a bounded time, and the
 * store must keep its invariants throughout and at the end. Unlike {@link ConcurrencyTests}, whose
 * fixed workloads check that operations complete, this suite checks results against a model:
 *
 * <ul>
 * <li>each thread owns the documents it writes ({@code owner} = its number) and keeps a model of
 * them; every result about its own documents (put, replace, delete, deleteIf, deleteMany counts,
 * indexed finds with sort, skip and limit, counts) must equal the model exactly, and indexed
 * queries must equal a full scan evaluated with {@link Filter#matches};</li>
 * <li>shared counters are incremented by versioned compare-and-set loops ({@code replaceIf} on the
 * version read): at the end each counter equals the number of successful increments, so no
 * update was lost;</li>
 * <li>batches of {@value #BATCH} documents carry a marker and are inserted and deleted whole:
 * every snapshot any thread streams holds each marker 0 or {@value #BATCH} times, and a batch that
 * fails (duplicate id) leaves nothing;</li>
 * <li>streams running during writes never throw and never return one {@code _id} twice; the
 * unique index never holds two documents with one key; expired documents are never returned;</li>
 * <li>at the end: {@code count()} equals the number of documents streamed, per-owner counts
 * through the index equal full-scan counts and the models, and a file store reopens with the same
 * contents.</li>
 * </ul>
 *
 * <p>Each store runs for 3 seconds in CI; run longer with {@code -Dtetherdb.stress.seconds=N},
 * and replay a failing run with {@code -Dtetherdb.stress.seed=S} (the seed is in every failure
 * message; timing still varies between runs).
 */
@ExtendWith(TetherTestExtension.class)
class ConcurrencyStressTests {

    private static final int THREADS = 8;
    private static final int COUNTERS = 4;
    private static final int BATCH = 5;
    private static final long SECONDS = Long.getLong("tetherdb.stress.seconds", 3);
    private static final long SEED = Long.getLong("tetherdb.stress.seed", System.nanoTime());

    @TempDir
    Path directory;

    @Test
    void inMemoryStoreKeepsItsInvariantsUnderEightThreads() throws Exception {
        TetherDBBuilder builder = TetherDB.builder().inMemory().flushThreshold(50).flushInterval(Duration.ofMillis(5));
        try (TetherDB db = builder.open()) {
            Run run = new Run(db, Clock.systemUTC(), null, SEED);
            run.execute();
            run.checkFinalState(db);
        }
    }

    @Test
    void fileStoreKeepsItsInvariantsUnderEightThreadsAndAfterReopening() throws Exception {
        Path file = directory.resolve("stress.db");
        MutableClock clock = new MutableClock(Instant.now());
        TetherDBBuilder builder = TetherDB.builder().path(file).flushThreshold(8).flushInterval(Duration.ofMillis(20))
                .cacheSize(1024 * 1024).pageSize(1024).clock(clock);
        Run run;
        try (TetherDB db = builder.open()) {
            run = new Run(db, clock, clock, SEED + 1);
            run.execute();
            run.checkFinalState(db);
        }
        try (TetherDB reopened = builder.open()) {
            run.checkFinalState(reopened);
        }
    }

    /** One timed run of the workload on one store, with the threads' models. */
    private static final class Run {

        private final TetherDB db;
        private final Clock clock;
        private final MutableClock mutableClock;
        private final long seed;
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Worker> workers = new ArrayList<>();

        Run(TetherDB db, Clock clock, MutableClock mutableClock, long seed) {
            this.db = db;
            this.clock = clock;
            this.mutableClock = mutableClock;
            this.seed = seed;
        }

        void execute() throws Exception {
            TetherCollection docs = db.collection("docs");
            docs.createIndex(IndexDefinition.ascending("email").unique().sparse().named("email_unique"));
            docs.createIndex(IndexDefinition.ascending("owner").thenAscending("n").named("owner_n"));
            TetherCollection counters = db.collection("counters");
            for (int k = 0; k < COUNTERS; k++) {
                counters.put(Map.of("value", 0L, "version", 0L), PutOptions.id("c" + k));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Worker worker = new Worker(t, new Random(seed * 31 + t));
                workers.add(worker);
                futures.add(pool.submit(() -> {
                    start.await();
                    worker.run(deadline);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(SECONDS + 120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).as("failures (seed %d)", seed).isEmpty();
            Map<String, Long> tallies = new TreeMap<>();
            for (Worker worker : workers) {
                worker.ops.forEach((op, n) -> tallies.merge(op, n, Long::sum));
            }
            // the mix must really have run: every kind of operation, on every thread
            assertThat(tallies.keySet()).as("operations run (seed %d)", seed).containsAll(List.of("put", "putGenerated",
                    "replace", "delete", "deleteIf", "deleteMany", "batch", "failedBatch", "deleteBatch", "increment",
                    "ownQuery", "page", "stream", "ttlPut", "ttlRead", "cleanup", "flush", "duplicateEmail"));
            System.out.println("ConcurrencyStressTests seed " + seed + ": " + tallies);
        }

        /** Checks the end state against the threads' models. */
        void checkFinalState(TetherDB store) {
            VerifyReport report = store.verify();
            assertThat(report.isClean()).as("verify() (seed %d): %s", seed, report).isTrue();
            TetherCollection docs = store.collection("docs");
            List<Document> all;
            try (Stream<Document> stream = docs.stream(Filter.all())) {
                all = stream.toList();
            }
            Set<String> ids = new HashSet<>();
            for (Document document : all) {
                assertThat(ids.add(document.getId())).as("duplicate _id %s", document.getId()).isTrue();
            }
            assertThat(docs.count()).isEqualTo(all.size());

            Map<String, Set<String>> emails = new HashMap<>();
            Map<String, Integer> batchSizes = new HashMap<>();
            for (Document document : all) {
                if ("batch".equals(document.getString("kind"))) {
                    batchSizes.merge(document.getString("batch"), 1, Integer::sum);
                } else {
                    emails.computeIfAbsent(document.getString("email"), e -> new HashSet<>()).add(document.getId());
                }
            }
            emails.forEach((email, holders) -> assertThat(holders).as("documents with email %s", email).hasSize(1));

            Set<String> acknowledgedBatches = new HashSet<>();
            long modelledDocuments = 0;
            for (Worker worker : workers) {
                acknowledgedBatches.addAll(worker.batches);
                modelledDocuments += worker.live.size();
                Filter own = Filters.and(Filters.eq("owner", worker.number), Filters.eq("kind", "doc"));
                Map<String, Long> stored = new TreeMap<>();
                for (Document document : all) {
                    if (own.matches(document)) {
                        stored.put(document.getId(), ((Number) document.get("n")).longValue());
                    }
                }
                assertThat(stored).as("documents of thread %d (seed %d)", worker.number, seed)
                        .isEqualTo(new TreeMap<>(worker.live));
                Filter indexed = Filters.and(Filters.eq("owner", worker.number), Filters.gte("n", 0));
                assertThat(docs.count(indexed)).isEqualTo(worker.live.size() + 0L);
                assertThat(docs.find(indexed).toList()).extracting(Document::getId)
                        .containsExactlyInAnyOrderElementsOf(worker.live.keySet());
            }
            assertThat(batchSizes.keySet()).as("batches present (seed %d)", seed).isEqualTo(acknowledgedBatches);
            batchSizes.forEach((marker, size) -> assertThat(size).as("documents of batch %s", marker).isEqualTo(BATCH));
            assertThat(all).hasSize((int) (modelledDocuments + BATCH * acknowledgedBatches.size()));
            for (Map.Entry<String, Set<String>> entry : emails.entrySet()) {
                assertThat(docs.find(Filters.eq("email", entry.getKey())).toList()).extracting(Document::getId)
                        .containsExactlyElementsOf(entry.getValue());
            }

            TetherCollection counters = store.collection("counters");
            for (int k = 0; k < COUNTERS; k++) {
                long increments = 0;
                for (Worker worker : workers) {
                    increments += worker.increments[k];
                }
                Document counter = counters.get("c" + k).orElseThrow();
                assertThat(((Number) counter.get("value")).longValue()).as("counter c%d (seed %d)", k, seed)
                        .isEqualTo(increments);
                assertThat(((Number) counter.get("version")).longValue()).isEqualTo(increments);
            }

            long now = clock.millis();
            for (Document document : store.collection("ttl").find().toList()) {
                assertThat(((Number) document.get("expiresAt")).longValue()).isGreaterThan(now);
            }
        }

        /** One thread's random mix of operations and its model of the documents it owns. */
        private final class Worker {

            final int number;
            final Random random;
            final Map<String, Long> live = new LinkedHashMap<>();
            final List<String> liveIds = new ArrayList<>();
            final Set<String> batches = new HashSet<>();
            final long[] increments = new long[COUNTERS];
            final Map<String, Long> ops = new TreeMap<>();
            private long sequence;
            private String op = "none";

            Worker(int number, Random random) {
                this.number = number;
                this.random = random;
            }

            void run(long deadline) {
                TetherCollection docs = db.collection("docs");
                try {
                    while (System.nanoTime() < deadline) {
                        step(docs);
                        ops.merge(op, 1L, Long::sum);
                    }
                } catch (Throwable e) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    failures.add("thread " + number + " in " + op + " (seed " + seed + "): " + trace);
                }
            }

            private Map<String, Object> newDocument(long n) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("owner", number);
                document.put("kind", "doc");
                document.put("n", n);
                document.put("email", "t" + number + "-" + n + "@example.com");
                document.put("pad", "p".repeat(random.nextInt(200)));
                return document;
            }

            private void remember(String id, long n) {
                if (live.put(id, n) == null) {
                    liveIds.add(id);
                }
            }

            private void forget(String id) {
                live.remove(id);
                liveIds.remove(id);
            }

            private String anyLiveId() {
                return liveIds.get(random.nextInt(liveIds.size()));
            }

            private void step(TetherCollection docs) {
                int dice = random.nextInt(100);
                if (dice < 14 || liveIds.size() < 5) {
                    op = "put";
                    long n = ++sequence;
                    String id = "t" + number + "-" + n;
                    assertThat(docs.put(newDocument(n), PutOptions.id(id))).isEqualTo(id);
                    remember(id, n);
                } else if (dice < 20) {
                    op = "putGenerated";
                    long n = ++sequence;
                    remember(docs.put(newDocument(n)), n);
                } else if (dice < 28) {
                    op = "replace";
                    String id = anyLiveId();
                    long n = ++sequence;
                    assertThat(docs.replace(id, newDocument(n))).isTrue();
                    remember(id, n);
                } else if (dice < 31) {
                    op = "duplicateEmail";
                    String holder = anyLiveId();
                    String id = "t" + number + "-dup-" + (++sequence);
                    assertThatExceptionOfType(DuplicateKeyException.class)
                            .isThrownBy(() -> docs.put(newDocument(live.get(holder)), PutOptions.id(id)))
                            .withMessageContaining("email_unique");
                    assertThat(docs.get(id)).isEmpty();
                } else if (dice < 35) {
                    op = "delete";
                    String id = anyLiveId();
                    assertThat(docs.delete(id)).isEqualTo(1);
                    forget(id);
                } else if (dice < 38) {
                    op = "deleteIf";
                    String id = anyLiveId();
                    long n = live.get(id);
                    assertThat(docs.deleteIf(id, Filters.eq("n", n + 1))).isZero();
                    assertThat(docs.deleteIf(id, Filters.eq("n", n))).isEqualTo(1);
                    forget(id);
                } else if (dice < 40) {
                    op = "deleteMany";
                    long below = sequence - random.nextInt(40);
                    List<String> expected = live.entrySet().stream().filter(e -> e.getValue() < below)
                            .map(Map.Entry::getKey).toList();
                    Filter filter = Filters.and(Filters.eq("owner", number), Filters.eq("kind", "doc"),
                            Filters.lt("n", below));
                    assertThat(docs.deleteMany(filter)).isEqualTo(expected.size());
                    expected.forEach(this::forget);
                } else if (dice < 46) {
                    op = "batch";
                    String marker = "t" + number + "-b" + (++sequence);
                    assertThat(docs.putBatch(batch(marker, null))).hasSize(BATCH);
                    batches.add(marker);
                } else if (dice < 48) {
                    op = "failedBatch";
                    String marker = "t" + number + "-b" + (++sequence);
                    String taken = anyLiveId();
                    assertThatExceptionOfType(DuplicateKeyException.class)
                            .isThrownBy(() -> docs.putBatch(batch(marker, taken))).withMessageContaining(taken);
                    assertThat(docs.count(Filters.eq("batch", marker))).isZero();
                } else if (dice < 50 && !batches.isEmpty()) {
                    op = "deleteBatch";
                    String marker = batches.iterator().next();
                    assertThat(docs.deleteMany(Filters.eq("batch", marker))).isEqualTo(BATCH);
                    batches.remove(marker);
                } else if (dice < 62) {
                    op = "increment";
                    increment(db.collection("counters"), random.nextInt(COUNTERS));
                } else if (dice < 68) {
                    op = "ownQuery";
                    ownQuery(docs);
                } else if (dice < 72) {
                    op = "page";
                    page(docs);
                } else if (dice < 76) {
                    op = "stream";
                    streamSnapshot(docs);
                } else if (dice < 84) {
                    op = "ttlPut";
                    ttlPut();
                } else if (dice < 90) {
                    op = "ttlRead";
                    ttlRead();
                } else if (dice < 94) {
                    op = "cleanup";
                    if (mutableClock != null) {
                        mutableClock.advance(Duration.ofMillis(random.nextInt(40)));
                    }
                    assertThat(db.cleanup()).isNotNegative();
                } else if (dice < 97) {
                    op = "flush";
                    db.flush();
                } else {
                    op = "get";
                    String id = anyLiveId();
                    assertThat(((Number) docs.get(id).orElseThrow().get("n")).longValue()).isEqualTo(live.get(id));
                }
            }

            private List<Map<String, ?>> batch(String marker, String takenId) {
                List<Map<String, ?>> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("_id", i == BATCH - 1 && takenId != null ? takenId : marker + "-" + i);
                    document.put("owner", number);
                    document.put("kind", "batch");
                    document.put("batch", marker);
                    batch.add(document);
                }
                return batch;
            }

            /** A versioned compare-and-set loop: read the version, replace only if it is unchanged. */
            private void increment(TetherCollection counters, int k) {
                String id = "c" + k;
                while (true) {
                    Document current = counters.get(id).orElseThrow();
                    long version = ((Number) current.get("version")).longValue();
                    long value = ((Number) current.get("value")).longValue();
                    if (counters.replaceIf(id, Filters.eq("version", version),
                            Map.of("value", value + 1, "version", version + 1), PutOptions.defaults())) {
                        increments[k]++;
                        return;
                    }
                    ops.merge("incrementRetry", 1L, Long::sum);
                }
            }

            /** Indexed find and count of own documents, against the model and a full scan. */
            private void ownQuery(TetherCollection docs) {
                long from = Math.max(0, sequence - random.nextInt(100));
                long to = from + random.nextInt(60);
                Filter filter = Filters.and(Filters.eq("owner", number), Filters.gte("n", from), Filters.lt("n", to));
                Set<String> expected = new HashSet<>();
                live.forEach((id, n) -> {
                    if (n >= from && n < to) {
                        expected.add(id);
                    }
                });
                FindQuery cursor = docs.find(filter);
                assertThat(cursor.explain().stage()).isEqualTo("IXSCAN");
                assertThat(cursor.toList()).extracting(Document::getId).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(cursor.count()).isEqualTo(expected.size());
                if (random.nextInt(4) == 0) {
                    List<String> scanned;
                    try (Stream<Document> all = docs.stream(Filter.all())) {
                        scanned = all.filter(filter::matches).map(Document::getId).toList();
                    }
                    assertThat(scanned).containsExactlyInAnyOrderElementsOf(expected);
                }
            }

            /** A sorted page of own documents against the model sorted the same way. */
            private void page(TetherCollection docs) {
                boolean ascending = random.nextBoolean();
                int skip = random.nextInt(Math.max(1, live.size()));
                int limit = 1 + random.nextInt(20);
                Comparator<Map.Entry<String, Long>> byN = Map.Entry.comparingByValue();
                List<String> expected = live.entrySet().stream().sorted(ascending ? byN : byN.reversed())
                        .skip(skip).limit(limit).map(Map.Entry::getKey).toList();
                List<Document> page = docs.find(Filters.and(Filters.eq("owner", number), Filters.eq("kind", "doc")))
                        .sort(ascending ? "{n: 1}" : "{n: -1}").skip(skip).limit(limit).toList();
                assertThat(page).extracting(Document::getId).containsExactlyElementsOf(expected);
            }

            /** A stream over everything while others write: one snapshot, no repeated id, whole batches. */
            private void streamSnapshot(TetherCollection docs) {
                Set<String> seen = new HashSet<>();
                Map<String, Integer> batchSizes = new HashMap<>();
                try (Stream<Document> all = docs.stream(Filter.all())) {
                    all.forEach(document -> {
                        assertThat(seen.add(document.getId())).as("repeated _id %s", document.getId()).isTrue();
                        if ("batch".equals(document.getString("kind"))) {
                            batchSizes.merge(document.getString("batch"), 1, Integer::sum);
                        }
                    });
                }
                batchSizes.forEach((marker, size) -> assertThat(size).as("batch %s in one snapshot", marker)
                        .isEqualTo(BATCH));
                for (String marker : batches) {
                    // this thread's own acknowledged batches are in every later snapshot
                    assertThat(batchSizes).containsKey(marker);
                }
            }

            private void ttlPut() {
                long ttlMillis = mutableClock != null ? 1 + random.nextInt(100) : 20 + random.nextInt(60);
                long expiresAt = clock.millis() + ttlMillis;
                db.collection("ttl").put(Map.of("owner", number, "expiresAt", expiresAt),
                        PutOptions.defaults().expireAt(Instant.ofEpochMilli(expiresAt)));
            }

            /** Reads of time-limited documents never return one that expired before the read began. */
            private void ttlRead() {
                TetherCollection ttl = db.collection("ttl");
                long before = clock.millis();
                List<Document> found = ttl.find(Filters.eq("owner", number)).toList();
                for (Document document : found) {
                    assertThat(((Number) document.get("expiresAt")).longValue()).isGreaterThan(before);
                }
                if (!found.isEmpty()) {
                    String id = found.get(random.nextInt(found.size())).getId();
                    long beforeGet = clock.millis();
                    ttl.get(id).ifPresent(document -> assertThat(((Number) document.get("expiresAt")).longValue())
                            .isGreaterThan(beforeGet));
                }
            }
        }
    }
}
