package io.tetherdb.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.update.Update;
import io.tetherdb.update.Updates;

/**
 * The update-operator phases (issue 15), run apart from {@link ComparisonHarness} on the same
 * workload: N documents in TetherDB (file store, default options) and in SQLite (the harness's
 * table of JSON text, WAL, {@code synchronous=NORMAL}), both with an index on {@code age}, then
 * <ol>
 * <li>{@code $inc} of one field on a random document by id, one operation each;</li>
 * <li>the same change as an application does it without update operators: {@code get}, change the
 * map, {@code replace} (TetherDB only);</li>
 * <li>SQLite's {@code UPDATE docs SET body = json_set(body, '$.visits', ...) WHERE id = ?};</li>
 * <li>{@code updateMany} over the 10% of documents with {@code age < 8} ({@code $inc} one field,
 * {@code $set} another), against SQLite's one {@code UPDATE ... WHERE json_extract(body, '$.age') < 8}
 * through its expression index.</li>
 * </ol>
 * Each phase runs once to warm up and then {@code --rounds} times; the median is reported. The
 * benchmark checks that both systems end with the same total of {@code visits}. Usage:
 * {@code java -cp benchmarks/target/tetherdb-benchmarks.jar io.tetherdb.benchmarks.UpdateBenchmark
 * [--n=100000] [--ops=20000] [--rounds=3] [--cacheSize=bytes] [--dir=/tmp/...]}; {@code --cacheSize} sets
 * TetherDB's page cache (default: the engine's default). Not thread-safe; one run at a time.
 */
public final class UpdateBenchmark {

    private static final long SEED = 20_240_801L;

    private UpdateBenchmark() {
    }

    /** The measured medians: ops/s for the single-document phases, ms for updateMany. */
    record Results(double incOps, double readReplaceOps, double sqliteIncOps, double updateManyMillis,
            double sqliteUpdateManyMillis, long matched, long tetherVisits, long sqliteVisits, double[] cpu,
            double contendedIncOps, double contendedCasOps, long retries) {

        String markdown(int n) {
            StringBuilder out = new StringBuilder();
            out.append("| phase (N = ").append(String.format("%,d", n)).append(") | TetherDB | SQLite | ratio |\n");
            out.append("|---|---:|---:|---:|\n");
            out.append(String.format("| $inc one field by id (ops/s) | %,.0f | %,.0f | %.2fx SQLite |%n", incOps,
                    sqliteIncOps, incOps / sqliteIncOps));
            out.append(String.format("| get + replace by id, the same change (ops/s) | %,.0f | n/a | $inc is %.2fx |%n",
                    readReplaceOps, incOps / readReplaceOps));
            out.append(String.format("| updateMany over 10%% (%,d docs), ms | %.1f | %.1f | %.2fx SQLite's time |%n",
                    matched, updateManyMillis, sqliteUpdateManyMillis, updateManyMillis / sqliteUpdateManyMillis));
            out.append(String.format("| 8 threads on 100 hot documents: $inc vs get + replaceIf retry loop (ops/s) | %,.0f |"
                    + " %,.0f (read + replace, %,d retries) | $inc is %.2fx |%n", contendedIncOps, contendedCasOps, retries,
                    contendedIncOps / contendedCasOps));
            out.append(String.format("%nThe same phases in CPU time of the calling thread (SQLite's native code runs"
                    + " on it too): $inc %.1f us, get + replace %.1f us (%.2fx), SQLite json_set %.1f us (%.2fx);"
                    + " updateMany %.1f ms, SQLite %.1f ms (%.2fx).%n", cpu[0], cpu[1], cpu[1] / cpu[0], cpu[2],
                    cpu[2] / cpu[0], cpu[3], cpu[4], cpu[3] / cpu[4]));
            return out.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value but got '" + arg + "'");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int n = Integer.parseInt(options.getOrDefault("n", "100000"));
        int ops = Integer.parseInt(options.getOrDefault("ops", "20000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Path dir = options.containsKey("dir") ? Path.of(options.get("dir"))
                : Files.createTempDirectory("tetherdb-update-bench");
        long cacheSize = Long.parseLong(options.getOrDefault("cacheSize", "0"));
        Results results = run(n, ops, rounds, cacheSize, dir, System.out);
        System.out.println();
        System.out.print(results.markdown(n));
    }

    static Results run(int n, int ops, int rounds, Path dir, PrintStream out) throws Exception {
        return run(n, ops, rounds, 0, dir, out);
    }

    /** @param cacheSize TetherDB's page cache in bytes, or 0 for the engine's default */
    static Results run(int n, int ops, int rounds, long cacheSize, Path dir, PrintStream out) throws Exception {
        Files.createDirectories(dir);
        Workload workload = Workload.generate(n, SEED);
        Random random = new Random(SEED);
        int[] targets = new int[ops];
        for (int i = 0; i < ops; i++) {
            targets[i] = random.nextInt(n);
        }
        Path tetherFile = dir.resolve("update-bench-" + System.nanoTime() + ".db");
        Path sqliteFile = dir.resolve("update-bench-" + System.nanoTime() + ".sqlite");
        io.tetherdb.TetherDBBuilder builder = TetherDB.builder().path(tetherFile)
                .cleanupInterval(java.time.Duration.ZERO);
        if (cacheSize > 0) {
            builder.cacheSize(cacheSize);
        }
        try (TetherDB db = builder.open();
                Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile)) {
            TetherCollection docs = db.collection("docs");
            load(docs, workload, n);
            loadSqlite(sqlite, workload, n);
            out.println("loaded " + n + " documents into TetherDB and SQLite");

            Update inc = Updates.inc("visits", 1);
            double[] incOps = new double[rounds];
            double[] replaceOps = new double[rounds];
            double[] sqliteOps = new double[rounds];
            double[] manyMillis = new double[rounds];
            double[] sqliteManyMillis = new double[rounds];
            PreparedStatement sqliteInc = sqlite.prepareStatement("UPDATE docs SET body = json_set(body, '$.visits',"
                    + " coalesce(json_extract(body, '$.visits'), 0) + 1) WHERE id = ?");
            Update many = Update.parse("{$inc: {visits: 1}, $set: {flagged: true}}");
            Filter tenPercent = Filters.lt("age", 8);
            PreparedStatement sqliteMany = sqlite.prepareStatement("UPDATE docs SET body = json_set(body, '$.visits',"
                    + " coalesce(json_extract(body, '$.visits'), 0) + 1, '$.flagged', json('true'))"
                    + " WHERE json_extract(body, '$.age') < 8");
            long matched = 0;
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            double[][] cpu = new double[5][rounds];
            long[] cpuMarks = new long[6];
            for (int round = -1; round < rounds; round++) {
                cpuMarks[0] = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                for (int i : targets) {
                    docs.updateOne(Filters.eq("_id", workload.id(i)), inc);
                }
                double a = ops / ((System.nanoTime() - t) / 1e9);
                cpuMarks[1] = threads.getCurrentThreadCpuTime();
                t = System.nanoTime();
                for (int i : targets) {
                    String id = workload.id(i);
                    Document document = docs.get(id).orElseThrow();
                    Object visits = document.get("visits");
                    document.put("visits", visits == null ? 1 : ((Number) visits).intValue() + 1);
                    docs.replace(id, document);
                }
                double b = ops / ((System.nanoTime() - t) / 1e9);
                cpuMarks[2] = threads.getCurrentThreadCpuTime();
                t = System.nanoTime();
                for (int i : targets) {
                    sqliteInc.setString(1, workload.id(i));
                    sqliteInc.executeUpdate();
                }
                double c = ops / ((System.nanoTime() - t) / 1e9);
                cpuMarks[3] = threads.getCurrentThreadCpuTime();
                t = System.nanoTime();
                matched = docs.updateMany(tenPercent, many).matchedCount();
                double d = (System.nanoTime() - t) / 1e6;
                cpuMarks[4] = threads.getCurrentThreadCpuTime();
                t = System.nanoTime();
                int sqliteMatched = sqliteMany.executeUpdate();
                double e = (System.nanoTime() - t) / 1e6;
                cpuMarks[5] = threads.getCurrentThreadCpuTime();
                if (sqliteMatched != matched) {
                    throw new IllegalStateException("updateMany matched " + matched + " in TetherDB and " + sqliteMatched
                            + " in SQLite");
                }
                out.printf("%s: $inc %,.0f ops/s, get+replace %,.0f ops/s, SQLite json_set %,.0f ops/s,"
                        + " updateMany %.1f ms, SQLite %.1f ms%n", round < 0 ? "warm-up" : "round " + round, a, b, c,
                        d, e);
                if (round >= 0) {
                    incOps[round] = a;
                    replaceOps[round] = b;
                    sqliteOps[round] = c;
                    manyMillis[round] = d;
                    sqliteManyMillis[round] = e;
                    for (int k = 0; k < 3; k++) {
                        cpu[k][round] = (cpuMarks[k + 1] - cpuMarks[k]) / 1e3 / ops;
                    }
                    cpu[3][round] = (cpuMarks[4] - cpuMarks[3]) / 1e6;
                    cpu[4][round] = (cpuMarks[5] - cpuMarks[4]) / 1e6;
                }
            }
            long tetherVisits = docs.find(Filters.exists("visits")).toList().stream()
                    .mapToLong(doc -> ((Number) doc.get("visits")).longValue()).sum();
            long sqliteVisits;
            try (Statement s = sqlite.createStatement();
                    ResultSet r = s.executeQuery("SELECT sum(json_extract(body, '$.visits')) FROM docs")) {
                r.next();
                sqliteVisits = r.getLong(1);
            }
            // TetherDB's documents also got the read + replace increments, one per target and round
            long expectedTether = sqliteVisits + (long) ops * (rounds + 1);
            if (tetherVisits != expectedTether) {
                throw new IllegalStateException("visits: TetherDB " + tetherVisits + ", expected " + expectedTether);
            }
            double[] contended = contended(docs, workload, ops);
            return new Results(median(incOps), median(replaceOps), median(sqliteOps), median(manyMillis),
                    median(sqliteManyMillis), matched, tetherVisits, sqliteVisits, new double[] {median(cpu[0]),
                            median(cpu[1]), median(cpu[2]), median(cpu[3]), median(cpu[4])}, contended[0], contended[1],
                    (long) contended[2]);
        } finally {
            Files.deleteIfExists(tetherFile);
            Files.deleteIfExists(sqliteFile);
            Files.deleteIfExists(Path.of(sqliteFile + "-wal"));
            Files.deleteIfExists(Path.of(sqliteFile + "-shm"));
        }
    }

    /**
     * 8 threads each change random documents among 100 hot ones, {@code ops} changes in all: with
     * {@code $inc}, and as an application without operators must to lose no increment (read, then
     * replace only if the counter is still the one read, else read again); four rounds of each,
     * alternating which goes first, the median reported.
     *
     * @return [$inc ops/s, read + replaceIf ops/s, replaceIf retries]
     */
    private static double[] contended(TetherCollection docs, Workload workload, int ops) throws Exception {
        int threads = 8;
        int perThread = Math.max(1, ops / threads);
        java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
        Update inc = Updates.inc("hot", 1);
        int rounds = 4;
        double[][] measured = new double[2][rounds];
        for (int run = 0; run < 2 * rounds; run++) {
            // the two variants alternate, each going first in half of the rounds
            int variant = (run + run / 2) % 2;
            boolean operators = variant == 0;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            long t = System.nanoTime();
            for (int thread = 0; thread < threads; thread++) {
                Random random = new Random(SEED + thread);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = workload.id(random.nextInt(100));
                        if (operators) {
                            docs.updateOne(Filters.eq("_id", id), inc);
                            continue;
                        }
                        while (true) {
                            Document document = docs.get(id).orElseThrow();
                            Object hot = document.get("hot");
                            document.put("hot", hot == null ? 1 : ((Number) hot).intValue() + 1);
                            Filter unchanged = hot == null ? Filters.exists("hot", false) : Filters.eq("hot", hot);
                            if (docs.replaceIf(id, unchanged, document, io.tetherdb.PutOptions.defaults())) {
                                break;
                            }
                            retries.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : futures) {
                future.get();
            }
            measured[variant][run / 2] = (double) threads * perThread / ((System.nanoTime() - t) / 1e9);
            pool.shutdown();
        }
        double[] result = {median(measured[0]), median(measured[1]), 0};
        long total = 0;
        for (int i = 0; i < 100; i++) {
            Object hot = docs.get(workload.id(i)).orElseThrow().get("hot");
            total += hot == null ? 0 : ((Number) hot).longValue();
        }
        if (total != 2L * rounds * threads * perThread) {
            throw new IllegalStateException("lost increments: " + total + " of " + 2L * rounds * threads * perThread);
        }
        result[2] = retries.get();
        return result;
    }

    private static void load(TetherCollection docs, Workload workload, int n) {
        List<Map<String, Object>> batch = new ArrayList<>(1_000);
        for (int i = 0; i < n; i++) {
            Map<String, Object> document = new LinkedHashMap<>(workload.document(i));
            document.put("_id", workload.id(i));
            batch.add(document);
            if (batch.size() == 1_000) {
                docs.putBatch(batch);
                batch.clear();
            }
        }
        docs.putBatch(batch);
        docs.createIndex("{age: 1}");
    }

    private static void loadSqlite(Connection c, Workload workload, int n) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, body TEXT NOT NULL, expires_at INTEGER)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO docs (id, body) VALUES (?, ?)")) {
            for (int i = 0; i < n; i++) {
                insert.setString(1, workload.id(i));
                insert.setString(2, SqliteContender.JSON.writeValueAsString(workload.document(i)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX docs_age ON docs(json_extract(body, '$.age'))");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
