package io.tetherdb.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.concurrent.Callable;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.document.Json;

/**
 * Aggregation pipelines against SQLite's JSON functions, on the same generated data: {@code $match}
 * + {@code $group} with {@code $avg/$sum/$count} vs {@code GROUP BY json_extract(...)},
 * {@code $unwind} + {@code $group} over an array vs {@code json_each}, and a {@code $lookup} of 1,000
 * documents into N with an index on the foreign field vs a join on an expression index whose rows
 * are read into documents as the pipeline's are. Each measurement is the median of several timed
 * runs after warm-up runs ({@code --warmup=2 --rounds=5} by default), and the two systems' answers
 * are checked to agree; the calling thread's CPU time is reported beside the wall time. Run:
 * {@code java -Xms2g -Xmx2g -cp benchmarks/target/tetherdb-benchmarks.jar
 * io.tetherdb.benchmarks.AggregationBenchmark --n=100000}. Not thread-safe; a command-line program.
 */
public final class AggregationBenchmark {

    private static final int ORDERS = 1_000;
    private static int warmup = 2;
    private static int rounds = 5;

    private AggregationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = 100_000;
        for (String arg : args) {
            if (arg.startsWith("--n=")) {
                n = Integer.parseInt(arg.substring(4));
            } else if (arg.startsWith("--warmup=")) {
                warmup = Integer.parseInt(arg.substring(9));
            } else if (arg.startsWith("--rounds=")) {
                rounds = Integer.parseInt(arg.substring(9));
            }
        }
        Path dir = Files.createTempDirectory("tetherdb-aggregation-bench");
        Random random = new Random(16);
        List<Map<String, Object>> people = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_id", String.format("%09d", i));
            doc.put("cid", i);
            doc.put("age", random.nextInt(80));
            doc.put("city", "city-" + random.nextInt(50));
            doc.put("score", random.nextInt(100_000) / 100.0);
            doc.put("tags", List.of("t" + random.nextInt(20), "t" + random.nextInt(20)));
            people.add(doc);
        }
        List<Map<String, Object>> orders = new ArrayList<>(ORDERS);
        for (int i = 0; i < ORDERS; i++) {
            orders.add(Map.of("_id", "o" + i, "cid", random.nextInt(n), "amount", random.nextInt(500)));
        }
        Map<String, double[]> results = new LinkedHashMap<>();
        try (TetherDB db = TetherDB.open(dir.resolve("tether.db"));
                Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sqlite.db"))) {
            TetherCollection customers = db.collection("customers");
            for (int from = 0; from < n; from += 10_000) {
                customers.putBatch(people.subList(from, Math.min(n, from + 10_000)));
            }
            customers.createIndex("{cid: 1}");
            customers.createIndex("{age: 1}");
            TetherCollection orderCollection = db.collection("orders");
            orderCollection.putBatch(orders);
            db.flush();
            load(sqlite, people, orders);

            String group = "[{$match: {age: {$gte: 20}}}, {$group: {_id: '$city', avg: {$avg: '$score'},"
                    + " sum: {$sum: '$score'}, n: {$sum: 1}}}]";
            String groupSql = "SELECT json_extract(body, '$.city'), AVG(json_extract(body, '$.score')),"
                    + " SUM(json_extract(body, '$.score')), COUNT(*) FROM customers"
                    + " WHERE json_extract(body, '$.age') >= 20 GROUP BY json_extract(body, '$.city')";
            measure(results, "$match + $group ($avg, $sum, count) by city",
                    () -> countGroups(customers.aggregate(group).toList()), () -> rows(sqlite, groupSql, 4));

            String unwind = "[{$unwind: '$tags'}, {$group: {_id: '$tags', n: {$sum: 1}}}]";
            String unwindSql = "SELECT j.value, COUNT(*) FROM customers, json_each(customers.body, '$.tags') j"
                    + " GROUP BY j.value";
            measure(results, "$unwind + $group over an array field",
                    () -> sumOf(customers.aggregate(unwind).toList(), "n"), () -> sumColumn(sqlite, unwindSql, 2));

            // both sides hand out each order with its customer's whole document
            String lookup = "[{$lookup: {from: 'customers', localField: 'cid', foreignField: 'cid', as: 'c'}}]";
            String lookupSql = "SELECT o.body, c.body FROM orders o JOIN customers c"
                    + " ON json_extract(c.body, '$.cid') = json_extract(o.body, '$.cid')";
            measure(results, "$lookup of 1,000 documents into " + n + " (index on the foreign field)",
                    () -> sumOf(orderCollection.aggregate(lookup).toList(), d -> ((List<?>) d.get("c")).size()),
                    () -> joinedRows(sqlite, lookupSql));
        }
        System.out.println();
        System.out.println("| N = " + n + ", " + warmup + " warm-up and " + rounds + " timed runs | TetherDB (ms) | SQLite (ms)"
                + " | TetherDB / SQLite | TetherDB CPU (ms) | SQLite CPU (ms) | CPU ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        results.forEach((name, ms) -> System.out.printf("| %s | %.1f | %.1f | %.2fx | %.1f | %.1f | %.2fx |%n", name,
                ms[0], ms[1], ms[0] / ms[1], ms[2], ms[3], ms[2] / ms[3]));
    }

    private static void load(Connection sqlite, List<Map<String, Object>> people, List<Map<String, Object>> orders)
            throws SQLException {
        try (Statement s = sqlite.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE customers (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
            s.execute("CREATE TABLE orders (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        }
        sqlite.setAutoCommit(false);
        for (String table : List.of("customers", "orders")) {
            try (PreparedStatement insert = sqlite.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                for (Map<String, Object> doc : table.equals("customers") ? people : orders) {
                    insert.setString(1, (String) doc.get("_id"));
                    insert.setString(2, Json.write(doc));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        sqlite.commit();
        sqlite.setAutoCommit(true);
        try (Statement s = sqlite.createStatement()) {
            s.execute("CREATE INDEX customers_cid ON customers(json_extract(body, '$.cid'))");
            s.execute("CREATE INDEX customers_age ON customers(json_extract(body, '$.age'))");
            s.execute("ANALYZE");
        }
    }

    private static void measure(Map<String, double[]> results, String name, Callable<Long> tether,
            Callable<Long> sqlite) throws Exception {
        long a = tether.call();
        long b = sqlite.call();
        if (a != b) {
            throw new IllegalStateException(name + ": TetherDB answered " + a + ", SQLite " + b);
        }
        double[] ours = medians(tether);
        double[] theirs = medians(sqlite);
        results.put(name, new double[] {ours[0], theirs[0], ours[1], theirs[1]});
        System.out.printf("%s: answer %d, TetherDB %.1f ms (CPU %.1f), SQLite %.1f ms (CPU %.1f)%n", name, a, ours[0],
                ours[1], theirs[0], theirs[1]);
    }

    /**
     * @return the median wall time and the median CPU time of the calling thread, in ms: on a shared
     *         machine the CPU time moves less with the load (SQLite's native code runs in the calling
     *         thread too; neither side's JIT or garbage collector threads count)
     */
    private static double[] medians(Callable<Long> run) throws Exception {
        for (int i = 0; i < warmup; i++) {
            run.call();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] times = new double[rounds];
        double[] cpu = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            run.call();
            cpu[i] = (threads.getCurrentThreadCpuTime() - startCpu) / 1e6;
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        Arrays.sort(cpu);
        return new double[] {times[rounds / 2], cpu[rounds / 2]};
    }

    private static long countGroups(List<Document> groups) {
        long total = 0;
        for (Document group : groups) {
            total += ((Number) group.get("n")).longValue();
        }
        return total;
    }

    private static long sumOf(List<Document> documents, java.util.function.ToLongFunction<Document> value) {
        long total = 0;
        for (Document document : documents) {
            total += value.applyAsLong(document);
        }
        return total;
    }

    /** Reads each joined row's two JSON bodies into documents, as the pipeline hands out documents. */
    private static long joinedRows(Connection sqlite, String sql) throws SQLException {
        long rows = 0;
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Document order = Document.parse(rs.getString(1));
                order.put("c", List.of(Document.parse(rs.getString(2))));
                rows++;
            }
        }
        return rows;
    }

    private static long sumOf(List<Document> documents, String field) {
        long total = 0;
        for (Document document : documents) {
            total += ((Number) document.get(field)).longValue();
        }
        return total;
    }

    private static long rows(Connection sqlite, String sql, int countColumn) throws SQLException {
        return sumColumn(sqlite, sql, countColumn);
    }

    private static long sumColumn(Connection sqlite, String sql, int column) throws SQLException {
        long total = 0;
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                total += rs.getLong(column);
            }
        }
        return total;
    }
}
