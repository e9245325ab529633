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

/**
 * The other process in the integration tests: {@code hold FILE} opens a store and keeps it open
 * until its standard input closes; {@code write FILE THREADS} writes batches of 100 from several
 * threads and reports each flushed batch count, until it is killed.
 */
public final class ForkedStore {

    public static final int BATCH = 100;

    private ForkedStore() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (TetherDB db = TetherDB.open(file)) {
                db.put(Map.of("holder", true));
                System.out.println("OPEN");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
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

    /** Starts this class in a new JVM with the test class path. */
    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ForkedStore.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
