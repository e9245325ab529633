package io.tetherdb.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tetherdb.Explanation;
import io.tetherdb.ForkedStore;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TestPasswords;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.VerifyReport;
import io.tetherdb.document.Document;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 suite: a child JVM ({@link CrashWorkload}) runs a seeded random history of writes
 * on a file store ({@link Workload}: puts with chosen ids, duplicate ids and unique keys that must
 * be rejected, saves, replaces, compare-and-set replaces, deletes, delete batches,
 * {@code deleteMany}, put batches of which some must be rejected whole, documents with expiries far
 * ahead and long past, tags, large compressed documents, five secondary indexes created first (one
 * unique and sparse, one that only rarely meets an array) and a sixth built and dropped over
 * existing documents, a collection now and then dropped, {@code cleanup()}, {@code compact()}, a
 * close and reopen of the store, and {@code flush()}; the child checks every answer, reads
 * included, against the model). It is killed with SIGKILL at a random moment: after a random
 * delay (mostly short, sometimes long enough for background compaction and the reuse of freed
 * space), just after a random number of acknowledged flushes, or while it opens the store. The
 * parent then reopens the file and checks, for every cycle:
 * <ol>
 * <li>the store opens;</li>
 * <li>{@link TetherDB#verify()} finds it clean, and its indexes agree with its documents as the
 *     query planner sees them too: an index query for each key returns exactly the documents
 *     holding it, examining no other entry, and each index holds as many entries as the
 *     documents give it;</li>
 * <li>every write covered by an acknowledged flush is there: each document has the value it had
 *     at the last acknowledged {@code flush()} or one a later op gave it, and a document deleted
 *     before that flush stays deleted;</li>
 * <li>every batch is all or nothing: collection {@code events}, which only gains and loses whole
 *     batches, holds every document of a batch or none;</li>
 * <li>the store holds exactly the state after some prefix 1..P of the history, documents compared
 *     field by field along with collections and index names, where P is at least the last
 *     acknowledged flush (and the state the cycle started from) and at most the last op the child
 *     journalled as started: nothing is lost from the middle, nothing from the future appears.</li>
 * </ol>
 * The parent finds P by replaying the same seeded history on its own model. Cycles run in chains
 * of {@value #CHAIN} on one file: the next cycle's child resumes the history after the recovered
 * prefix P on the file just recovered, so recovery is itself recovered from. Cycles vary the flush
 * policy: the defaults (commits by threshold and interval, besides the explicit flushes, so that a
 * kill also meets committed but unflushed writes), small thresholds, adaptive flushing and a short
 * interval.
 *
 * <p>Properties: {@code -Dtetherdb.crash.cycles=N} runs N cycles (default {@value #DEFAULT_CYCLES},
 * about 25 seconds on 2 cores; 250 take about 3 minutes); {@code -Dtetherdb.crash.seed=S} fixes the
 * seed (default: a new one per run). A failure names the seed and cycle; running again with that
 * seed and at least that many cycles replays the same histories and flush policies, though the
 * kill moments, which depend on timing, differ.
 *
 * <p>Not thread-safe; each test method forks its own children.
 */
@ExtendWith(TetherTestExtension.class)
class KillNineIntegrationTests {

    static final int DEFAULT_CYCLES = 25;
    static final int CHAIN = 5;
    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final int KILLED_EXIT = 137;

    @TempDir
    Path directory;

    @Test
    void everyKilledWriterRecoversToAPrefixOfItsHistoryThatHoldsEveryFlushedWrite() throws Exception {
        int cycles = Integer.getInteger("tetherdb.crash.cycles", defaultCycles());
        long seed = Long.getLong("tetherdb.crash.seed", new SplittableRandom().nextLong());
        Path file = null;
        Workload recovered = null;
        long chainSeed = 0;
        long[] prefixes = new long[cycles];
        for (int cycle = 0; cycle < cycles; cycle++) {
            if (cycle % CHAIN == 0) {
                file = directory.resolve("chain-" + cycle / CHAIN + ".db");
                chainSeed = new SplittableRandom(seed + cycle / CHAIN).nextLong();
                recovered = new Workload(chainSeed);
            }
            recovered = runCycle(new Cycle(seed, cycle, chainSeed, file, new SplittableRandom(seed * 31 + cycle)),
                    recovered);
            prefixes[cycle] = recovered.seq();
        }
        System.out.println("kill -9 suite: seed " + seed + ", " + cycles + " cycles, recovered prefixes "
                + java.util.Arrays.toString(prefixes));
    }

    /** @return cycles to run unless {@code tetherdb.crash.cycles} says otherwise */
    int defaultCycles() {
        return DEFAULT_CYCLES;
    }

    /** @return whether the store file is encrypted (children and checks use the tests' password) */
    boolean encrypted() {
        return false;
    }

    /** One cycle's fixed inputs and its flush policy, drawn from its own random. */
    private static final class Cycle {
        final long seed;
        final int number;
        final long chainSeed;
        final Path file;
        final SplittableRandom random;
        final int flushThreshold;
        final long flushIntervalMillis;
        final boolean adaptive;

        Cycle(long seed, int number, long chainSeed, Path file, SplittableRandom random) {
            this.seed = seed;
            this.number = number;
            this.chainSeed = chainSeed;
            this.file = file;
            this.random = random;
            int policy = random.nextInt(100);
            if (policy < 50) {
                flushThreshold = 0;
                flushIntervalMillis = -1;
                adaptive = false;
            } else if (policy < 75) {
                flushThreshold = 1 + random.nextInt(64);
                flushIntervalMillis = -1;
                adaptive = false;
            } else if (policy < 90) {
                flushThreshold = 16 + random.nextInt(240);
                flushIntervalMillis = -1;
                adaptive = true;
            } else {
                flushThreshold = 0;
                flushIntervalMillis = 5 + random.nextInt(50);
                adaptive = false;
            }
        }

        String describe() {
            return "seed " + seed + ", cycle " + number + " (replay: -Dtetherdb.crash.seed=" + seed
                    + " -Dtetherdb.crash.cycles=" + (number + 1) + "), flush threshold "
                    + (flushThreshold == 0 ? "default" : flushThreshold) + ", interval "
                    + (flushIntervalMillis < 0 ? "default" : flushIntervalMillis + " ms") + ", adaptive " + adaptive;
        }
    }

    /**
     * Runs one child from the state {@code start} describes, kills it, checks the file, and returns
     * the workload advanced to the recovered prefix.
     */
    private Workload runCycle(Cycle cycle, Workload start) throws Exception {
        Path journal = directory.resolve("journal-" + cycle.number + ".log");
        Process child = ForkedStore.startMain(CrashWorkload.class, CHILD_JVM, cycle.file.toString(),
                journal.toString(), Long.toString(cycle.chainSeed), Long.toString(start.seq()),
                Integer.toString(cycle.flushThreshold), Long.toString(cycle.flushIntervalMillis),
                Boolean.toString(cycle.adaptive), Boolean.toString(encrypted()));
        ChildOutput output = new ChildOutput(child);
        String kill;
        try {
            output.start();
            int mode = cycle.random.nextInt(100);
            if (mode < 8) {
                // while the store opens: creating the file at a chain's start, else recovery and the
                // sweep at open; the child's JVM is cold, so opening takes tens of milliseconds
                assertThat(output.opening.await(60, TimeUnit.SECONDS))
                        .as("%s: the child did not start; it said %s", cycle.describe(), output.lines).isTrue();
                int delay = cycle.random.nextInt(250);
                Thread.sleep(delay);
                kill = delay + " ms after it began to open the store";
            } else if (!output.started.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError(cycle.describe() + ": the child did not open the store; it said "
                        + output.lines);
            } else if (mode < 45) {
                int acks = 1 + cycle.random.nextInt(4);
                int delay = cycle.random.nextInt(3);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (output.acks() < acks && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(0, 100_000);
                }
                Thread.sleep(delay);
                kill = "after " + acks + " flush acks + " + delay + " ms";
            } else if (cycle.random.nextInt(100) < 10) {
                // long enough for background compaction (every 5 s) and for the reuse of freed
                // chunks (retained 2 s), which short cycles never reach
                int delay = 2_000 + cycle.random.nextInt(4_000);
                Thread.sleep(delay);
                kill = "after " + delay + " ms";
            } else {
                int delay = 10 + cycle.random.nextInt(600);
                Thread.sleep(delay);
                kill = "after " + delay + " ms";
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed child ended").isTrue();
            output.join(30_000);
        }
        return check(cycle, start, child, output, journal, kill);
    }

    /** Checks the file a killed child left and returns the workload advanced to the recovered prefix. */
    private Workload check(Cycle cycle, Workload start, Process child, ChildOutput output, Path journal,
            String kill) throws IOException {
        assertThat(child.isAlive()).isFalse();
        assertThat(output.error).as("%s: the child found the store answering unlike the model", cycle.describe())
                .isNull();
        assertThat(child.exitValue()).as("%s: the child's exit code; it said %s", cycle.describe(), output.lines)
                .isEqualTo(KILLED_EXIT);

        long flushed = output.flushed();
        long journalled = lastJournalled(journal, start.seq());
        String context = cycle.describe() + ", killed " + kill + ", resumed after op " + start.seq()
                + ", last acknowledged flush op " + flushed + ", last op started " + journalled;

        TetherDB db;
        try {
            db = TestPasswords.encryptedIf(encrypted(), TetherDB.builder().path(cycle.file)).open();
        } catch (RuntimeException e) {
            throw new AssertionError(context + ": the store does not open: " + e, e);
        }
        long prefix;
        try {
            VerifyReport report = db.verify();
            assertThat(report.isClean()).as("%s: verify() after recovery: %s", context, report).isTrue();
            Map<String, Document> state = readState(db);
            checkIndexes(db, state, context);
            prefix = findPrefix(start, state, Workload.metaOf(db), flushed, journalled, context);
        } finally {
            db.close();
        }
        // one line per cycle in the test's output shows what the kills met: P > flushed means
        // committed but unacknowledged writes survived, P < journalled that uncommitted ones were lost
        System.out.println("cycle " + cycle.number + ": killed " + kill + ", resumed after " + start.seq()
                + ", flushed " + flushed + ", recovered " + prefix + ", journalled " + journalled);
        Workload recovered = start.copy();
        recovered.advanceTo(prefix);
        return recovered;
    }

    /** Reads the child's standard output on its own thread: STARTED, FLUSHED n, ERROR ... */
    private static final class ChildOutput extends Thread {
        final Process child;
        final CountDownLatch opening = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String error;
        private volatile long flushed;
        private volatile int acks;

        ChildOutput(Process child) {
            super("kill-9-child-output");
            setDaemon(true);
            this.child = child;
        }

        @Override
        public void run() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("FLUSHED ")) {
                        // every line read was written after flush() returned, even one read after the kill
                        flushed = Math.max(flushed, Long.parseLong(line.substring("FLUSHED ".length())));
                        acks++;
                        continue;
                    }
                    if (lines.size() < 20) {
                        lines.add(line);
                    }
                    if (line.equals("OPENING")) {
                        opening.countDown();
                    } else if (line.equals("STARTED")) {
                        started.countDown();
                    } else if (line.startsWith("ERROR")) {
                        error = line;
                    }
                }
            } catch (IOException e) {
                lines.add("(reading the child's output failed: " + e + ")");
            } finally {
                opening.countDown();
                started.countDown();
            }
        }

        long flushed() {
            return flushed;
        }

        int acks() {
            return acks;
        }
    }

    /** @return the sequence number of the last op the journal records as started */
    private static long lastJournalled(Path journal, long startedAfter) throws IOException {
        if (!Files.exists(journal)) {
            return startedAfter;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            // no complete line: the first op had not started when the kill came
            return startedAfter;
        }
        int lineStart = text.lastIndexOf('\n', end - 1) + 1;
        String line = text.substring(lineStart, end);
        return Long.parseLong(line.substring(0, line.indexOf(' ')));
    }

    private static Map<String, Document> readState(TetherDB db) {
        Map<String, Document> state = new HashMap<>();
        for (String collection : Workload.COLLECTIONS) {
            for (Document document : db.collection(collection).find().toList()) {
                state.put(Workload.key(collection, document.getId()), document);
            }
        }
        return state;
    }

    /**
     * Checks that the recovered indexes agree with the recovered documents, through the query
     * planner: a stale entry shows as an examined key too many, a missing one as a missing result.
     */
    private static void checkIndexes(TetherDB db, Map<String, Document> state, String context) {
        TetherCollection users = db.collection(Workload.USERS);
        Set<String> userIndexes = indexNames(users);
        if (userIndexes.contains("city_1")) {
            for (int c = 0; c < Workload.CITIES; c++) {
                String city = "c" + c;
                checkIndexQuery(users, "city", city, "city_1", idsWhere(state, Workload.USERS,
                        d -> city.equals(d.get("city"))), context);
            }
            assertThat(entries(users, "city_1")).as("%s: entries of index city_1", context)
                    .isEqualTo(users.count());
        }
        if (userIndexes.contains("labels_1")) {
            long expectedEntries = 0;
            for (Map.Entry<String, Document> entry : state.entrySet()) {
                if (entry.getKey().startsWith(Workload.USERS + "/")) {
                    // an empty array has one key of its own, as MongoDB keys it undefined
                    expectedEntries += Math.max(1, new HashSet<>(entry.getValue().getList("labels")).size());
                }
            }
            for (int l = 0; l < Workload.LABELS; l++) {
                String label = "l" + l;
                checkIndexQuery(users, "labels", label, "labels_1", idsWhere(state, Workload.USERS,
                        d -> d.getList("labels").contains(label)), context);
            }
            assertThat(entries(users, "labels_1")).as("%s: entries of multikey index labels_1", context)
                    .isEqualTo(expectedEntries);
        }
        String emailIndex = Workload.EMAIL_INDEX.name();
        if (userIndexes.contains(emailIndex)) {
            Map<Object, Set<String>> byEmail = new TreeMap<>();
            state.forEach((key, document) -> {
                if (key.startsWith(Workload.USERS + "/") && document.get("email") != null) {
                    byEmail.computeIfAbsent(document.get("email"), e -> new TreeSet<>()).add(document.getId());
                }
            });
            byEmail.forEach((email, ids) -> {
                assertThat(ids).as("%s: users with email %s under unique index %s", context, email, emailIndex)
                        .hasSize(1);
                checkIndexQuery(users, "email", email, emailIndex, ids, context);
            });
            assertThat(entries(users, emailIndex)).as("%s: entries of sparse unique index %s", context, emailIndex)
                    .isEqualTo(byEmail.size());
        }
        TetherCollection events = db.collection(Workload.EVENTS);
        Set<String> eventIndexes = indexNames(events);
        if (eventIndexes.contains("kind_1")) {
            for (String kind : Workload.KINDS) {
                checkIndexQuery(events, "kind", kind, "kind_1", idsWhere(state, Workload.EVENTS,
                        d -> kind.equals(d.get("kind"))), context);
            }
            assertThat(entries(events, "kind_1")).as("%s: entries of index kind_1", context)
                    .isEqualTo(events.count());
        }
        if (eventIndexes.contains("batch_1")) {
            Set<Long> batches = new TreeSet<>();
            state.forEach((key, document) -> {
                if (key.startsWith(Workload.EVENTS + "/")) {
                    batches.add(document.getLong("batch"));
                }
            });
            for (long batch : batches) {
                checkIndexQuery(events, "batch", batch, "batch_1", idsWhere(state, Workload.EVENTS,
                        d -> d.getLong("batch") == batch), context);
            }
            assertThat(entries(events, "batch_1")).as("%s: entries of index batch_1", context)
                    .isEqualTo(events.count());
        }
    }

    private static void checkIndexQuery(TetherCollection collection, String field, Object value, String index,
            Set<String> expected, String context) {
        Explanation explanation = collection.find(Filters.eq(field, value)).explain();
        assertThat(explanation.index()).as("%s: index used for %s = %s", context, field, value).isEqualTo(index);
        Set<String> found = new TreeSet<>();
        collection.find(Filters.eq(field, value)).forEach(d -> found.add(d.getId()));
        assertThat(found).as("%s: documents found through index %s for %s", context, index, value)
                .isEqualTo(expected);
        assertThat(explanation.keysExamined()).as("%s: keys of index %s examined for %s", context, index, value)
                .isEqualTo(expected.size());
    }

    private static Set<String> indexNames(TetherCollection collection) {
        Set<String> names = new TreeSet<>();
        collection.listIndexes().forEach(status -> names.add(status.definition().name()));
        return names;
    }

    private static long entries(TetherCollection collection, String index) {
        return collection.listIndexes().stream().filter(s -> s.definition().name().equals(index))
                .mapToLong(IndexStatus::entries).findFirst().orElseThrow();
    }

    private static Set<String> idsWhere(Map<String, Document> state, String collection,
            java.util.function.Predicate<Document> predicate) {
        Set<String> ids = new TreeSet<>();
        state.forEach((key, document) -> {
            if (key.startsWith(collection + "/") && predicate.test(document)) {
                ids.add(document.getId());
            }
        });
        return ids;
    }

    /**
     * Replays the history from {@code start} up to the last journalled op, checks the recovered
     * state against it (flushed writes present, batches whole, a prefix of the history) and
     * returns the longest prefix whose state equals the recovered one.
     */
    private static long findPrefix(Workload start, Map<String, Document> state, String stateMeta, long flushed,
            long journalled, String context) {
        checkBatchesWhole(state, context);
        long lowest = Math.max(flushed, start.seq());
        Workload replay = start.copy();
        Map<String, Document> model = replay.documents();
        Set<String> mismatched = new HashSet<>();
        Set<String> all = new HashSet<>(model.keySet());
        all.addAll(state.keySet());
        for (String key : all) {
            if (!Objects.equals(model.get(key), state.get(key))) {
                mismatched.add(key);
            }
        }
        // values each key may hold if every write up to the acknowledged flush survived
        Map<String, List<Document>> allowed = flushed > start.seq() ? null : Map.of();
        long prefix = -1;
        int closest = Integer.MAX_VALUE;
        String closestReport = "";
        for (long p = start.seq(); p <= journalled; p++) {
            if (p > start.seq()) {
                replay.next();
                for (String key : replay.touched()) {
                    if (Objects.equals(model.get(key), state.get(key))) {
                        mismatched.remove(key);
                    } else {
                        mismatched.add(key);
                    }
                    if (allowed != null && allowed.containsKey(key)) {
                        allowed.get(key).add(model.get(key));
                    }
                }
            }
            if (p == flushed && allowed == null) {
                allowed = new HashMap<>();
                Set<String> keys = new HashSet<>(model.keySet());
                keys.addAll(state.keySet());
                for (String key : keys) {
                    List<Document> values = new ArrayList<>();
                    values.add(model.get(key));
                    allowed.put(key, values);
                }
            }
            if (p >= lowest) {
                boolean metaEqual = replay.meta().equals(stateMeta);
                if (mismatched.isEmpty() && metaEqual) {
                    prefix = p;
                }
                int distance = mismatched.size() + (metaEqual ? 0 : 1);
                if (distance < closest) {
                    closest = distance;
                    closestReport = describeDifference(p, model, state, mismatched, replay.meta(), stateMeta);
                }
            }
        }
        checkFlushedWritesPresent(allowed, state, context);
        if (prefix < 0) {
            fail("%s: the recovered store is not the state after any prefix of the history from op %d to op %d"
                    + " (a hole, or a write from nowhere); the closest is %s", context, lowest, journalled,
                    closestReport);
        }
        return prefix;
    }

    private static void checkBatchesWhole(Map<String, Document> state, String context) {
        Map<Long, List<Document>> batches = new TreeMap<>();
        state.forEach((key, document) -> {
            if (key.startsWith(Workload.EVENTS + "/")) {
                batches.computeIfAbsent(document.getLong("batch"), b -> new ArrayList<>()).add(document);
            }
        });
        batches.forEach((batch, documents) -> {
            int size = documents.get(0).getInteger("size");
            Set<Integer> positions = new TreeSet<>();
            documents.forEach(d -> positions.add(d.getInteger("i")));
            assertThat(positions).as("%s: batch of op %d holds %d of its %d documents (positions %s): a batch"
                    + " must be stored all or nothing", context, batch, documents.size(), size, positions)
                    .hasSize(size);
        });
    }

    private static void checkFlushedWritesPresent(Map<String, List<Document>> allowed, Map<String, Document> state,
            String context) {
        List<String> lost = new ArrayList<>();
        new TreeMap<>(allowed).forEach((key, values) -> {
            Document actual = state.get(key);
            if (!values.contains(actual) && lost.size() < 5) {
                lost.add(key + ": at the flush " + brief(values.get(0)) + ", later values "
                        + values.subList(1, values.size()).stream().map(KillNineIntegrationTests::brief).toList()
                        + ", recovered " + brief(actual));
            }
        });
        assertThat(lost).as("%s: writes covered by an acknowledged flush that the store lost", context).isEmpty();
    }

    private static String describeDifference(long p, Map<String, Document> model, Map<String, Document> state,
            Set<String> mismatched, String modelMeta, String stateMeta) {
        StringBuilder text = new StringBuilder("prefix 1.." + p + " with " + mismatched.size()
                + " documents different");
        if (!modelMeta.equals(stateMeta)) {
            text.append(", collections and indexes ").append(modelMeta).append(" expected but ").append(stateMeta)
                    .append(" recovered");
        }
        new TreeSet<>(mismatched).stream().limit(5).forEach(key -> text.append("\n  ").append(key)
                .append(": expected ").append(brief(model.get(key))).append(", recovered ")
                .append(brief(state.get(key))));
        return text.toString();
    }

    /** @return a document's text, shortened for a failure message */
    private static String brief(Document document) {
        String text = String.valueOf(document);
        return text.length() <= 240 ? text : text.substring(0, 240) + "...";
    }
}
