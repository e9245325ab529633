package io.tetherdb.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.event.ChangeEvent;
import io.tetherdb.event.ChangeHistory;
import io.tetherdb.event.ChangeListener;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.SubscriberFellBehindException;
import io.tetherdb.event.WatchOptions;

/**
 * Write throughput with change subscribers (issue 20): N documents of the harness's
 * {@link Workload} put one by one into a new file store (default flush policy, sweep off) with 0, 1
 * and 10 subscribers watching the store, each listener counting its events and reading the
 * document's field {@code name} (so each event is decoded); then 0 and 1 subscribers with a change
 * history kept ({@code changeHistory(retain(N, 1 day))}). Writer throughput is the N puts over the
 * time the writing thread took; "all delivered" is the time until every subscriber had every event.
 * Subscribers' buffers hold N events, so none falls behind (the benchmark checks). Each configuration
 * runs once to warm up, then {@code --rounds} times in turns; the median is reported. Usage:
 * {@code java -cp benchmarks/target/tetherdb-benchmarks.jar io.tetherdb.benchmarks.ChangeEventBenchmark
 * [--n=100000] [--rounds=3] [--dir=/tmp/...]}. Not thread-safe; one run at a time.
 */
public final class ChangeEventBenchmark {

    private static final long SEED = 20_261_203L;

    private ChangeEventBenchmark() {
    }

    /** One configuration: how many subscribers, and whether history is kept. */
    record Config(String label, int subscribers, boolean history) {
    }

    static final List<Config> CONFIGS = List.of(new Config("0 subscribers", 0, false),
            new Config("1 subscriber", 1, false), new Config("10 subscribers", 10, false),
            new Config("0 subscribers, history kept", 0, true), new Config("1 subscriber, history kept", 1, true));

    /** Medians per configuration, in {@link #CONFIGS} order. */
    record Results(double[] writeOps, double[] deliveredOps, long fellBehind) {

        String markdown(int n) {
            StringBuilder out = new StringBuilder();
            out.append("| configuration (N = ").append(String.format("%,d", n))
                    .append(" puts) | writer (puts/s) | vs 0 subscribers | all delivered (events/s per subscriber) |\n");
            out.append("|---|---:|---:|---:|\n");
            for (int i = 0; i < CONFIGS.size(); i++) {
                out.append(String.format("| %s | %,.0f | %.0f%% | %s |%n", CONFIGS.get(i).label(), writeOps[i],
                        100 * writeOps[i] / writeOps[0],
                        CONFIGS.get(i).subscribers() == 0 ? "–" : String.format("%,.0f", deliveredOps[i])));
            }
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
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Path dir = options.containsKey("dir") ? Path.of(options.get("dir"))
                : Files.createTempDirectory("tetherdb-event-bench");
        System.out.printf("Change event benchmark: N = %,d, %d rounds (median), %d cores%n", n, rounds,
                Runtime.getRuntime().availableProcessors());
        Results results = run(n, rounds, dir, System.out);
        System.out.println();
        System.out.print(results.markdown(n));
    }

    static Results run(int n, int rounds, Path dir, PrintStream out) throws Exception {
        Files.createDirectories(dir);
        Workload workload = Workload.generate(n, SEED);
        double[][] writes = new double[CONFIGS.size()][rounds];
        double[][] delivered = new double[CONFIGS.size()][rounds];
        long fellBehind = 0;
        for (int round = -1; round < rounds; round++) {
            for (int c = 0; c < CONFIGS.size(); c++) {
                double[] measured = new double[2];
                fellBehind += pass(workload, n, CONFIGS.get(c), dir, measured);
                if (round >= 0) {
                    writes[c][round] = measured[0];
                    delivered[c][round] = measured[1];
                }
                out.printf("%s %s: %,.0f puts/s%n", round < 0 ? "warm-up" : "round " + round, CONFIGS.get(c).label(),
                        measured[0]);
            }
        }
        double[] writeOps = new double[CONFIGS.size()];
        double[] deliveredOps = new double[CONFIGS.size()];
        for (int c = 0; c < CONFIGS.size(); c++) {
            writeOps[c] = median(writes[c]);
            deliveredOps[c] = median(delivered[c]);
        }
        if (fellBehind > 0) {
            throw new IllegalStateException(fellBehind + " subscriber(s) fell behind; the numbers would not compare");
        }
        return new Results(writeOps, deliveredOps, fellBehind);
    }

    /** @return how many subscribers fell behind; fills {writer puts/s, delivered events/s} */
    private static long pass(Workload workload, int n, Config config, Path dir, double[] measured) throws Exception {
        Path file = dir.resolve("events-" + System.nanoTime() + ".db");
        AtomicInteger behind = new AtomicInteger();
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO)
                .changeHistory(config.history() ? ChangeHistory.retain(n, Duration.ofDays(1)) : ChangeHistory.off())
                .open()) {
            TetherCollection docs = db.collection("docs");
            List<ChangeSubscription> subscriptions = new ArrayList<>();
            List<LongAdder> counts = new ArrayList<>();
            for (int s = 0; s < config.subscribers(); s++) {
                LongAdder count = new LongAdder();
                counts.add(count);
                subscriptions.add(db.watch(WatchOptions.defaults().bufferSize(n + 1), new ChangeListener() {
                    @Override
                    public void onChange(ChangeEvent event) {
                        // the event's document is decoded; reading a field keeps that work from being skipped
                        event.fullDocument().map(document -> document.get("name")).ifPresent(name -> count.increment());
                    }

                    @Override
                    public void onFellBehind(SubscriberFellBehindException signal) {
                        behind.incrementAndGet();
                    }
                }));
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                docs.put(workload.document(i), PutOptions.id(workload.id(i)));
            }
            long written = System.nanoTime();
            for (LongAdder count : counts) {
                while (count.sum() < n && behind.get() == 0) {
                    Thread.sleep(1);
                }
            }
            long allDelivered = System.nanoTime();
            measured[0] = n / ((written - start) / 1e9);
            measured[1] = n / ((allDelivered - start) / 1e9);
            for (ChangeSubscription subscription : subscriptions) {
                subscription.close();
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return behind.get();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
