package io.tetherdb.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.Transaction;

/**
 * The transactions phase of the benchmarks, run on its own ({@code java -cp tetherdb-benchmarks.jar
 * io.tetherdb.benchmarks.TransactionBenchmark --n=100000}): N documents of the harness's
 * {@link Workload} written as transactions of 100 puts against {@code putBatch} of the same 100, as
 * small disjoint transactions of 4 puts from 8 threads against the same puts without transactions,
 * and as SQLite transactions of the same sizes (WAL, {@code synchronous=NORMAL}, as the harness's
 * non-durable phases). Each row is the median of three passes, taken in turns with the other rows',
 * after a warm-up pass of every row at N, each pass on a new file; besides the rate it reports the
 * CPU time the process spent (all threads, GC and compilation included), which a loaded machine
 * disturbs less than the elapsed time. Not thread-safe; a program.
 */
public final class TransactionBenchmark {

    private static final int BIG = 100;
    private static final int SMALL = 4;

    private TransactionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = 100_000;
        int threads = 8;
        for (String arg : args) {
            if (arg.startsWith("--n=")) {
                n = Integer.parseInt(arg.substring(4));
            } else if (arg.startsWith("--threads=")) {
                threads = Integer.parseInt(arg.substring(10));
            }
        }
        Path dir = Files.createTempDirectory("tx-bench");
        // a warm-up as large as the run: at N/5 the transactional path was still being compiled when
        // its first measured pass began, and measured at a quarter of its warm speed
        Workload warmup = Workload.generate(n, 7);
        Workload workload = Workload.generate(n, 42);
        int t = threads;
        List<Row> rows = List.of(
                new Row("TetherDB: transaction of 100 puts", (w, f) -> tetherTransactions(w, f, BIG, 1)),
                new Row("TetherDB: putBatch of the same 100", (w, f) -> tetherBatches(w, f)),
                new Row("SQLite: transaction of 100 INSERTs", (w, f) -> sqliteTransactions(w, f, BIG, 1)),
                new Row(t + " threads: TetherDB transactions of 4 puts", (w, f) -> tetherTransactions(w, f, SMALL, t)),
                new Row(t + " threads: TetherDB the same puts, no transaction", (w, f) -> tetherPlain(w, f, t)),
                new Row(t + " threads: SQLite transactions of 4 INSERTs", (w, f) -> sqliteTransactions(w, f, SMALL, t)));
        int file = 0;
        for (Row row : rows) {
            row.pass.run(warmup, dir.resolve("warm-" + file++));
        }
        // the passes of the rows take turns, so that a burst of load on a shared machine falls on all of
        // them rather than on one row's three passes
        double[][] rates = new double[rows.size()][3];
        double[][] cpu = new double[rows.size()][3];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < rows.size(); i++) {
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                rows.get(i).pass.run(workload, dir.resolve("run-" + file++));
                rates[i][r] = n / ((System.nanoTime() - start) / 1e9);
                cpu[i][r] = (os.getProcessCpuTime() - cpuStart) / 1e6;
            }
        }
        System.out.printf("%n| phase (N = %,d) | docs/s (median of 3) | process CPU ms (median) |%n|---|---:|---:|%n", n);
        for (int i = 0; i < rows.size(); i++) {
            Arrays.sort(rates[i]);
            Arrays.sort(cpu[i]);
            System.out.printf("| %s | %,.0f | %,.0f |%n", rows.get(i).name, rates[i][1], cpu[i][1]);
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private record Row(String name, Pass pass) {
    }

    private interface Pass {
        void run(Workload workload, Path file) throws Exception;
    }

    private static Map<String, Object> withId(Workload workload, int i) {
        Map<String, Object> document = new HashMap<>(workload.document(i));
        document.put("_id", workload.id(i));
        return document;
    }

    /** Splits the documents into {@code threads} disjoint ranges and runs each range on its own thread. */
    private static void parallel(Workload workload, int threads, RangeTask task) throws Exception {
        if (threads == 1) {
            task.run(0, workload.size());
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int per = workload.size() / threads;
            for (int i = 0; i < threads; i++) {
                int from = i * per;
                int to = i == threads - 1 ? workload.size() : from + per;
                futures.add(pool.submit(() -> {
                    task.run(from, to);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private interface RangeTask {
        void run(int from, int to) throws Exception;
    }

    private static void tetherTransactions(Workload workload, Path file, int size, int threads) throws Exception {
        try (TetherDB db = TetherDB.builder().path(file).open()) {
            parallel(workload, threads, (from, to) -> {
                for (int start = from; start < to; start += size) {
                    int end = Math.min(to, start + size);
                    try (Transaction tx = db.beginTransaction()) {
                        TetherCollection docs = tx.collection("docs");
                        for (int i = start; i < end; i++) {
                            docs.put(withId(workload, i));
                        }
                        tx.commit();
                    }
                }
            });
        }
    }

    private static void tetherBatches(Workload workload, Path file) {
        try (TetherDB db = TetherDB.builder().path(file).open()) {
            TetherCollection docs = db.collection("docs");
            for (int start = 0; start < workload.size(); start += BIG) {
                List<Map<String, Object>> batch = new ArrayList<>(BIG);
                for (int i = start; i < Math.min(workload.size(), start + BIG); i++) {
                    batch.add(withId(workload, i));
                }
                docs.putBatch(batch);
            }
        }
    }

    private static void tetherPlain(Workload workload, Path file, int threads) throws Exception {
        try (TetherDB db = TetherDB.builder().path(file).open()) {
            TetherCollection docs = db.collection("docs");
            parallel(workload, threads, (from, to) -> {
                for (int i = from; i < to; i++) {
                    docs.put(withId(workload, i));
                }
            });
        }
    }

    private static void sqliteTransactions(Workload workload, Path file, int size, int threads) throws Exception {
        try (Connection setup = connect(file)) {
            try (Statement s = setup.createStatement()) {
                s.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, body TEXT)");
            }
            parallel(workload, threads, (from, to) -> {
                try (Connection c = connect(file);
                        PreparedStatement insert = c.prepareStatement("INSERT INTO docs (id, body) VALUES (?, ?)")) {
                    c.setAutoCommit(false);
                    for (int start = from; start < to; start += size) {
                        for (int i = start; i < Math.min(to, start + size); i++) {
                            insert.setString(1, workload.id(i));
                            insert.setString(2, SqliteContender.JSON.writeValueAsString(workload.document(i)));
                            insert.executeUpdate();
                        }
                        c.commit();
                    }
                }
            });
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=60000");
        }
        return c;
    }
}
