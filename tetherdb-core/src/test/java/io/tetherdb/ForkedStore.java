package io.tetherdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.tetherdb.error.StoreLockedException;

/**
 * The other process in the integration tests: {@code hold FILE} opens a store and keeps it open
 * until its standard input closes; {@code read FILE} opens it read-only, prints {@code OPEN} and its
 * document count, and keeps it open the same way; {@code probe FILE} prints {@code LOCKED} if the store is open
 * elsewhere, else opens and closes it; {@code write FILE THREADS} writes batches of 100 from several
 * threads and reports each flushed batch count, until it is killed.
 */
public final class ForkedStore {

    public static final int BATCH = 100;

    private ForkedStore() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (TetherDB db = TetherDB.builder().path(file).flushInterval(java.time.Duration.ZERO).open()) {
                db.put(Map.of("holder", true));
                db.flush();
                System.out.println("OPEN");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            return;
        }
        if (args[0].equals("read")) {
            try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
                System.out.println("OPEN " + db.count());
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (StoreLockedException e) {
                System.out.println("LOCKED");
                System.out.flush();
            }
            return;
        }
        if (args[0].equals("probe")) {
            // whether this process can open the store: another process holding it must keep it locked
            try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(java.time.Duration.ZERO).open()) {
                System.out.println("OPENED " + db.count());
            } catch (StoreLockedException e) {
                System.out.println("LOCKED");
            }
            System.out.flush();
            return;
        }
        if (args[0].equals("large")) {
            large(file, Integer.parseInt(args[2]));
            return;
        }
        int threads = Integer.parseInt(args[2]);
        TetherDB db = TetherDB.builder().path(file).flushThreshold(250).open();
        AtomicLong batches = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (int b = 0; ; b++) {
                    List<Map<String, Object>> docs = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        docs.add(Map.of("_id", thread + "-" + b + "-" + i, "thread", thread, "batch", b,
                                "payload", "x".repeat(i % 50)));
                    }
                    db.putBatch(docs);
                    if (b % 10 == 9) {
                        db.flush();
                        synchronized (System.out) {
                            System.out.println("FLUSHED " + thread + " " + b);
                            System.out.flush();
                        }
                    }
                    batches.incrementAndGet();
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }

    /**
     * Writes {@code count} small documents, then streams them all, builds an index over them and
     * queries it, printing what it measured; meant to run with a small heap.
     */
    private static void large(Path file, int count) {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(java.time.Duration.ZERO).open()) {
            TetherCollection readings = db.collection("readings");
            List<Map<String, Object>> batch = new ArrayList<>(10_000);
            for (int i = 0; i < count; i++) {
                batch.add(Map.of("n", i, "sensor", "s" + (i % 100), "value", i * 0.5));
                if (batch.size() == 10_000) {
                    readings.putBatch(batch);
                    batch.clear();
                }
            }
            readings.putBatch(batch);
            db.flush();
            long streamed;
            long sum;
            try (java.util.stream.Stream<io.tetherdb.document.Document> all = readings.stream("{n: {$gte: 0}}")) {
                long[] acc = new long[2];
                all.forEach(d -> {
                    acc[0]++;
                    acc[1] += d.getInteger("n");
                });
                streamed = acc[0];
                sum = acc[1];
            }
            System.out.println("STREAMED " + streamed + " " + sum);
            long[] lastProgress = new long[2];
            readings.createIndex(io.tetherdb.index.IndexDefinition.ascending("sensor"), (done, total) -> {
                lastProgress[0] = done;
                lastProgress[1] = total;
            });
            System.out.println("INDEXED " + lastProgress[0] + " " + lastProgress[1]);
            io.tetherdb.Explanation explanation = readings.find("{sensor: 's42'}").explain();
            System.out.println("QUERIED " + explanation.stage() + " " + explanation.returned() + " "
                    + explanation.documentsExamined());
            System.out.println("HEAP " + memory.getHeapMemoryUsage().getMax());
        }
    }

    /** Starts this class in a new JVM with the test class path. */
    static Process start(String... args) throws IOException {
        return startWithHeap("-Xmx256m", args);
    }

    /** Starts this class in a new JVM with the test class path and a maximum heap such as {@code -Xmx64m}. */
    static Process startWithHeap(String heap, String... args) throws IOException {
        return startMain(ForkedStore.class, List.of(heap), args);
    }

    /**
     * Starts a main class of the test sources in a new JVM with the test class path, the same
     * Java as this one, and the child's standard error inherited. Its standard output is a pipe
     * the caller reads.
     *
     * @param mainClass the class whose {@code main} runs
     * @param jvmOptions options such as {@code -Xmx64m}
     * @param args the program's arguments
     * @return the started process
     */
    public static Process startMain(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
        return startMain(mainClass, jvmOptions, ProcessBuilder.Redirect.INHERIT, args);
    }

    /**
     * As {@link #startMain(Class, List, String...)}, with the child's standard error sent where the
     * caller says, such as a file whose text a failed assertion can show.
     *
     * @param mainClass the class whose {@code main} runs
     * @param jvmOptions options such as {@code -Xmx64m}
     * @param errors where the child's standard error goes
     * @param args the program's arguments
     * @return the started process
     */
    public static Process startMain(Class<?> mainClass, List<String> jvmOptions, ProcessBuilder.Redirect errors,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(errors).start();
    }
}
