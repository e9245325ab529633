package io.tetherdb.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;

/**
 * Runs one workload on TetherDB (default options and compression off), Nitrite, SQLite and raw
 * MVStore in this JVM, after a warm-up pass of the same workload on every system, and prints a
 * table of the results with the ratio of TetherDB to each peer, the goals met or missed,
 * and cross-system sanity checks (the same queries must find the same documents everywhere).
 * Peak heap while streaming a large store is measured in a forked JVM under {@code -Xmx64m}.
 *
 * <pre>
 * java -jar benchmarks/target/tetherdb-benchmarks.jar [--n=100000] [--warmup=20000] [--rounds=3]
 *     [--stream-docs=1000000] [--durable-ops=2000] [--commit-ops=20000] [--durable-millis=10000] [--threads=8]
 *     [--min-millis=1000] [--gets=N] [--deletes=N/10] [--skip=insert_one,...] [--open-heap=64m]
 *     [--dir=/tmp/...] [--report=results.md] [--chart=docs/benchmarks.svg] [--systems=TetherDB,SQLite]
 *     [--results=scale.tsv] [--scaling-chart=docs/benchmarks-scaling.svg] [--help]
 * </pre>
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class ComparisonHarness {

    static final String BASELINE = "TetherDB";
    private static final long SEED = 20_240_801L;
    private static final int QUERY_AGE = 42;
    private static volatile Object sink;

    /**
     * Settings of a run.
     *
     * @param n documents in the measured pass
     * @param warmup documents in the warm-up pass (0: none)
     * @param rounds measured passes; each value reported is the median over the rounds
     * @param streamDocs documents in the forked streaming phase (0: skip it)
     * @param durableOps durable writes in all, shared among the threads
     * @param threads writer threads of the durable phase
     * @param minMillis shortest measuring time of a repeated query
     * @param dir working directory (deleted afterwards unless given)
     * @param report markdown file to write, or null
     * @param chart SVG file to write, or null
     * @param systems the systems to run (empty: all)
     * @param commitOps writes of each commit-each-write phase, shared among its threads
     * @param durableMillis longest time of each commit-each-write or fsync-each-write phase: it stops
     *        there and reports the rate of the writes made so far
     * @param gets random gets of the get phase
     * @param deletes documents deleted one by one in the delete phase (the first of a fixed shuffle)
     * @param skip phases not run (n/a in the table); without {@link Phase#INSERT_ONE} the store is
     *        loaded in batches, timed as {@link Phase#INSERT_BATCH}, and no second store is loaded
     * @param openHeap the -Xmx of the forked JVM that opens TetherDB's loaded store and queries it
     *        (empty: skip that phase)
     */
    record Options(int n, int warmup, int rounds, int streamDocs, int durableOps, int threads, long minMillis, Path dir,
            Path report, Path chart, List<String> systems, int commitOps, long durableMillis, int gets, int deletes,
            Set<Phase> skip, String openHeap) {

        static Options parse(String... args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("Arguments look like --name=value but got '" + arg + "'");
                }
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            int n = intArg(values, "n", 100_000);
            Options options = new Options(n, intArg(values, "warmup", Math.max(n / 5, Math.min(n, 1000))),
                    intArg(values, "rounds", 3),
                    intArg(values, "stream-docs", 1_000_000),
                    intArg(values, "durable-ops", Math.max(200, Math.min(4000, n / 50))), intArg(values, "threads", 8),
                    intArg(values, "min-millis", 1000), pathArg(values, "dir"), pathArg(values, "report"),
                    pathArg(values, "chart"), listArg(values, "systems"),
                    intArg(values, "commit-ops", Math.min(n, 20_000)), intArg(values, "durable-millis", 10_000),
                    intArg(values, "gets", n), intArg(values, "deletes", n / 10), phasesArg(values, "skip"),
                    values.containsKey("open-heap") ? values.remove("open-heap") : "64m");
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("Unknown arguments: " + values.keySet());
            }
            if (n < 100) {
                throw new IllegalArgumentException("--n must be at least 100 but was " + n);
            }
            if (options.gets() < 1 || options.deletes() < 1 || options.deletes() > n) {
                throw new IllegalArgumentException("--gets must be at least 1 and --deletes from 1 to --n but were "
                        + options.gets() + " and " + options.deletes());
            }
            if (!options.openHeap().isEmpty() && !options.openHeap().matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("--open-heap takes a -Xmx size such as 64m (or nothing to skip)"
                        + " but was '" + options.openHeap() + "'");
            }
            return options;
        }

        private static Set<Phase> phasesArg(Map<String, String> values, String name) {
            String value = values.remove(name);
            Set<Phase> phases = java.util.EnumSet.noneOf(Phase.class);
            if (value != null && !value.isBlank()) {
                for (String phase : value.split(",")) {
                    try {
                        phases.add(Phase.valueOf(phase.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--" + name + " takes phase names such as insert_one or"
                                + " delete_one, one of " + java.util.Arrays.toString(Phase.values()) + ", but got '"
                                + phase + "'", e);
                    }
                }
            }
            return phases;
        }

        /** @return whether the phase runs */
        boolean runs(Phase phase) {
            return !skip.contains(phase);
        }

        private static int intArg(Map<String, String> values, String name, int fallback) {
            String value = values.remove(name);
            return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
        }

        private static List<String> listArg(Map<String, String> values, String name) {
            String value = values.remove(name);
            return value == null ? List.of() : List.of(value.toLowerCase(Locale.ROOT).split(","));
        }

        /** @return whether the system is to run: all do unless --systems names some */
        boolean includes(String system) {
            return systems.isEmpty() || systems.contains(system.toLowerCase(Locale.ROOT));
        }

        private static Path pathArg(Map<String, String> values, String name) {
            String value = values.remove(name);
            return value == null ? null : Path.of(value);
        }
    }

    /** The measurements of a run: one value per phase and system (null: not applicable). */
    static final class Results {
        final List<String> systems = new ArrayList<>();
        final Map<Phase, Map<String, Double>> values = new EnumMap<>(Phase.class);
        /** The smallest and largest value over the rounds, by phase and system. */
        final Map<Phase, Map<String, double[]>> spreads = new EnumMap<>(Phase.class);
        final Map<String, Map<String, Object>> checks = new LinkedHashMap<>();
        final Map<String, String> durability = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        Options options;
        boolean streamCompleted;
        long streamMillis;

        /** Takes the systems, checks and notes of the last round and the median of every value. */
        void medianOf(List<Results> rounds) {
            Results last = rounds.get(rounds.size() - 1);
            systems.addAll(last.systems);
            checks.putAll(last.checks);
            durability.putAll(last.durability);
            for (Results round : rounds) {
                notes.addAll(round.notes);
            }
            for (Results round : rounds) {
                for (Map.Entry<String, Map<String, Object>> system : round.checks.entrySet()) {
                    if (!system.getValue().equals(last.checks.get(system.getKey()))) {
                        notes.add("Checks of " + system.getKey() + " differ between rounds: " + system.getValue());
                    }
                }
            }
            for (Phase phase : Phase.values()) {
                for (String system : systems) {
                    List<Double> all = new ArrayList<>();
                    for (Results round : rounds) {
                        Double value = round.get(phase, system);
                        if (value != null) {
                            all.add(value);
                        }
                    }
                    Collections.sort(all);
                    put(phase, system, all.isEmpty() ? null : all.get(all.size() / 2));
                    if (!all.isEmpty()) {
                        spreads.computeIfAbsent(phase, p -> new LinkedHashMap<>()).put(system,
                                new double[] {all.get(0), all.get(all.size() - 1)});
                    }
                }
            }
            if (rounds.size() > 1) {
                notes.add("Each value is the median of " + rounds.size() + " measured passes.");
            }
        }

        void put(Phase phase, String system, Double value) {
            values.computeIfAbsent(phase, p -> new LinkedHashMap<>()).put(system, value);
        }

        Double get(Phase phase, String system) {
            return values.getOrDefault(phase, Map.of()).get(system);
        }

        /** @return the smallest and largest value over the rounds (the value itself for one round) */
        double[] spread(Phase phase, String system) {
            double[] spread = spreads.getOrDefault(phase, Map.of()).get(system);
            Double value = get(phase, system);
            return spread != null ? spread : new double[] {value, value};
        }

        /** @return value of TetherDB divided by the peer's, or null */
        Double ratio(Phase phase, String peer) {
            Double mine = get(phase, BASELINE);
            Double theirs = get(phase, peer);
            return mine == null || theirs == null || theirs == 0 ? null : mine / theirs;
        }
    }

    private ComparisonHarness() {
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>();
        Path scalingResults = null;
        Path scalingChart = null;
        for (String arg : args) {
            if (arg.equals("--help")) {
                System.out.print(HELP);
                return;
            } else if (arg.startsWith("--results=")) {
                scalingResults = Path.of(arg.substring("--results=".length()));
            } else if (arg.startsWith("--scaling-chart=")) {
                scalingChart = Path.of(arg.substring("--scaling-chart=".length()));
            } else {
                rest.add(arg);
            }
        }
        Options options = Options.parse(rest.toArray(String[]::new));
        DiskSpaceGuard.check(options, options.dir() != null ? options.dir()
                : Path.of(System.getProperty("java.io.tmpdir")));
        Results results = run(options, System.out);
        if (options.report() != null) {
            Files.writeString(options.report(), Report.markdown(results), StandardCharsets.UTF_8);
            System.out.println("Wrote " + options.report());
        }
        if (options.chart() != null) {
            Files.writeString(options.chart(), SvgChart.render(results), StandardCharsets.UTF_8);
            System.out.println("Wrote " + options.chart());
        }
        if (scalingResults != null) {
            List<ScalingResults.Row> all = ScalingResults.merge(scalingResults, ScalingResults.rows(results));
            System.out.println("Added to " + scalingResults);
            if (scalingChart != null) {
                Files.writeString(scalingChart, ScalingChart.render(all), StandardCharsets.UTF_8);
                System.out.println("Wrote " + scalingChart);
            }
        }
    }

    private static final String HELP = """
            Compares TetherDB with Nitrite, SQLite and raw MVStore on one generated workload.

              --n=100000            documents in the measured pass
              --warmup=N/5          documents in the warm-up pass (0: none)
              --rounds=3            measured passes; each value is the median, with min-max in the spread table
              --stream-docs=1000000 documents streamed in a forked -Xmx64m JVM (0: skip)
              --durable-ops=N/50    writes of each fsync-each-write phase (200 to 4,000; 1 thread, then --threads=8)
              --commit-ops=20000    writes of each commit-each-write phase (at most N; 1 thread, then --threads)
              --durable-millis=10000  longest time of each of those phases: it stops there and reports the rate so far
              --min-millis=1000     shortest measuring time of a repeated query
              --gets=N              random gets of the get phase
              --deletes=N/10        documents deleted one by one (the first of a fixed shuffle)
              --skip=a,b            phases not run (n/a), by name: insert_one, delete_one, open_get, open_query,
                                    commit_each, commit_each_threads, fsync_each, durable; without insert_one
                                    the store is loaded once, in batches (the batch row), instead of twice
              --open-heap=64m       -Xmx of a forked JVM that opens TetherDB's loaded, indexed store, gets one
                                    document and streams an indexed query; its peak heap is a row (empty: skip)
              --systems=a,b         run only these (TetherDB, "TetherDB (no compression)", Nitrite, SQLite, "raw MVStore")
              --dir=path            working directory (default: a temporary one, deleted afterwards)
              --report=file.md      the tables as markdown
              --chart=file.svg      TetherDB's advantage over each peer, per phase
              --results=file.tsv    add this run's medians and min-max to a file of runs at several N
              --scaling-chart=file.svg  with --results: each phase against N (log-log) from every run in the file
              --help                this text

            A run refuses to start without enough free disk space in --dir: about 2,000 bytes a document
            (500,000 with Nitrite, whose file grows with every auto-commit) plus 0.5 GB.

            At scale (issue 23), one command per size, each adding to the same results file:
              java -Xms4g -Xmx4g -jar tetherdb-benchmarks.jar --n=1000000 --rounds=5 --stream-docs=0 \\
                  --systems=TetherDB,SQLite,"raw MVStore" --results=scale.tsv --scaling-chart=scale.svg   (2.5 GB free)
              java -Xms4g -Xmx4g -jar tetherdb-benchmarks.jar --n=10000000 --rounds=5 --stream-docs=0 \\
                  --warmup=100000 --gets=1000000 --deletes=100000 \\
                  --systems=TetherDB,SQLite,"raw MVStore" --results=scale.tsv --scaling-chart=scale.svg  (20.5 GB free;
                  the documents are generated on demand, so the heap does not grow with N)
            """;

    static List<Function<MutableClock, Contender>> contenders() {
        return List.of(clock -> new TetherContender(clock, true), clock -> new TetherContender(clock, false),
                NitriteContender::new, SqliteContender::new, MvStoreContender::new);
    }

    /**
     * Runs the warm-up pass, the measured pass and the forked streaming phase, and prints the table.
     *
     * @param options the run's settings
     * @param out where the progress and the table go
     * @return the measurements
     */
    static Results run(Options options, PrintStream out) throws Exception {
        Path dir = options.dir() != null ? Files.createDirectories(options.dir())
                : Files.createTempDirectory("tetherdb-bench");
        MutableClock clock = new MutableClock();
        Results results = new Results();
        results.options = options;
        try {
            if (options.warmup() > 0) {
                out.printf(Locale.ROOT, "Warm-up pass: %,d documents on every system%n", options.warmup());
                Workload warm = Workload.generate(options.warmup(), SEED + 1);
                Options warmOptions = new Options(options.warmup(), 0, 1, 0, Math.max(50, options.durableOps() / 4),
                        options.threads(), Math.max(50, options.minMillis() / 5), dir, null, null, options.systems(),
                        Math.max(50, options.commitOps() / 4), Math.max(100, options.durableMillis() / 5),
                        Math.min(options.gets(), options.warmup()), Math.min(options.deletes(), options.warmup() / 10 + 1),
                        options.skip(), "");
                for (Function<MutableClock, Contender> factory : contenders()) {
                    runWorkload(factory, clock, warm, warmOptions, dir.resolve("warmup"), new Results(), out);
                }
            }
            Workload workload = Workload.generate(options.n(), SEED);
            List<Results> rounds = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                out.printf(Locale.ROOT, "Measured pass %d of %d: %,d documents%n", round, options.rounds(), options.n());
                Results pass = new Results();
                for (Function<MutableClock, Contender> factory : contenders()) {
                    runWorkload(factory, clock, workload, options, dir.resolve("run"), pass, out);
                }
                rounds.add(pass);
            }
            results.medianOf(rounds);
            workload = null;
            if (options.streamDocs() > 0) {
                streamPhase(options, dir.resolve("stream"), results, out);
            }
        } finally {
            if (options.dir() == null) {
                deleteTree(dir);
            }
        }
        out.println();
        out.print(Report.text(results));
        return results;
    }

    private static void runWorkload(Function<MutableClock, Contender> factory, MutableClock clock, Workload workload,
            Options options, Path base, Results results, PrintStream out) throws Exception {
        int n = workload.size();
        String name;
        Map<String, Object> checks = new LinkedHashMap<>();
        try (Contender c = factory.apply(clock)) {
            name = c.name();
            if (!options.includes(name)) {
                return;
            }
            results.systems.add(name);
            results.checks.put(name, checks);
            Path dir = Files.createDirectories(base.resolve(name.replaceAll("[^A-Za-z]+", "-")));
            deleteTree(dir);
            Files.createDirectories(dir);
            out.printf(Locale.ROOT, "  %-26s", name);
            out.flush();
            long runStart = System.nanoTime();
            settle();

            c.open(Files.createDirectories(dir.resolve("main")), workload);
            long t = System.nanoTime();
            if (options.runs(Phase.INSERT_ONE)) {
                for (int i = 0; i < n; i++) {
                    c.insertOne(i);
                }
                results.put(Phase.INSERT_ONE, name, opsPerSecond(n, System.nanoTime() - t));
                results.put(Phase.FILE_SIZE, name, c.closeAndMeasure() / 1e6);
                c.reopen();
                try (Contender batch = factory.apply(clock)) {
                    batch.open(Files.createDirectories(dir.resolve("batch")), workload);
                    settle();
                    results.put(Phase.INSERT_BATCH, name, insertInBatches(batch, n));
                }
                deleteTree(dir.resolve("batch"));
            } else {
                // the store the later phases use is loaded in batches, so it is loaded only once
                results.put(Phase.INSERT_ONE, name, null);
                results.put(Phase.INSERT_BATCH, name, insertInBatches(c, n));
                results.put(Phase.FILE_SIZE, name, c.closeAndMeasure() / 1e6);
                c.reopen();
            }

            settle();
            Random random = new Random(SEED + 7);
            int[] gets = new int[options.gets()];
            for (int k = 0; k < gets.length; k++) {
                gets[k] = random.nextInt(n);
            }
            int missing = 0;
            t = System.nanoTime();
            for (int i : gets) {
                if (c.get(i) == null) {
                    missing++;
                }
            }
            results.put(Phase.GET, name, opsPerSecond(gets.length, System.nanoTime() - t));
            checks.put("gets missing", missing);

            checks.put("count all after load", c.countAll());
            checks.put("age = 42 (no index)", c.findByAge(QUERY_AGE).size());
            results.put(Phase.QUERY_UNINDEXED, name, millisPerCall(() -> c.findByAge(QUERY_AGE), options));

            boolean indexed = true;
            settle();
            t = System.nanoTime();
            try {
                c.createAgeIndex();
                results.put(Phase.CREATE_INDEX, name, (System.nanoTime() - t) / 1e6);
            } catch (UnsupportedOperationException e) {
                indexed = false;
                results.put(Phase.CREATE_INDEX, name, null);
            }
            if (indexed) {
                checks.put("age = 42 (indexed)", c.findByAge(QUERY_AGE).size());
                results.put(Phase.QUERY_INDEXED, name, millisPerCall(() -> c.findByAge(QUERY_AGE), options));
            } else {
                results.put(Phase.QUERY_INDEXED, name, null);
            }
            List<Map<String, Object>> top = c.topScoresByAgeRange(30, 40, 10);
            checks.put("range top-10 scores", top.stream().map(doc -> doc.get("score")).toList());
            results.put(Phase.RANGE_SORT_LIMIT, name, millisPerCall(() -> c.topScoresByAgeRange(30, 40, 10), options));
            results.put(Phase.COUNT_ALL, name, millisPerCall(c::countAll, options));
            checks.put("count age = 42", c.countByAge(QUERY_AGE));
            results.put(Phase.COUNT_INDEXED, name, indexed ? millisPerCall(() -> c.countByAge(QUERY_AGE), options) : null);
            reopenPhases(c, gets[0], indexed, options, results, checks);

            int[] deleted = shuffledPrefix(n, options.deletes(), new Random(SEED + 11));
            settle();
            t = System.nanoTime();
            for (int i : deleted) {
                c.delete(i);
            }
            results.put(Phase.DELETE_ONE, name, opsPerSecond(deleted.length, System.nanoTime() - t));
            checks.put("count all after deletes", c.countAll());

            BitSet gone = new BitSet(n);
            for (int i : deleted) {
                gone.set(i);
            }
            List<Integer> expiring = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (Workload.expires(i) && !gone.get(i)) {
                    expiring.add(i);
                }
            }
            clock.advance(Contender.TTL.multipliedBy(2));
            settle();
            t = System.nanoTime();
            int swept = c.sweepExpired();
            results.put(Phase.TTL_SWEEP, name, (System.nanoTime() - t) / 1e6);
            checks.put("swept (expected " + expiring.size() + ")", swept);
            c.restore(expiring);
            settle();
            t = System.nanoTime();
            c.deleteBatch(expiring);
            results.put(Phase.DELETE_BATCH_SAME, name, (System.nanoTime() - t) / 1e6);
            checks.put("count all at end", c.countAll());
            c.closeAndMeasure();
            if (!options.openHeap().isEmpty() && c.storeFile() != null) {
                // the store now holds the index and 90% of the documents; the probe opens it in a small heap
                int present = 0;
                while (gone.get(present) || Workload.expires(present)) {
                    present++;
                }
                openProbe(c.storeFile(), c.workload.id(present), options, results, name, out);
            }

            durablePhase(c, Contender.Guarantee.COMMIT_EACH, 1, options.commitOps(), Phase.COMMIT_EACH, dir, options,
                    results);
            durablePhase(c, Contender.Guarantee.COMMIT_EACH, options.threads(), options.commitOps(),
                    Phase.COMMIT_EACH_THREADS, dir, options, results);
            durablePhase(c, Contender.Guarantee.FSYNC_EACH, 1, options.durableOps(), Phase.FSYNC_EACH, dir, options,
                    results);
            durablePhase(c, Contender.Guarantee.FSYNC_EACH, options.threads(), options.durableOps(), Phase.DURABLE, dir,
                    options, results);
            deleteTree(dir);
            out.printf(Locale.ROOT, " done in %.1f s%n", (System.nanoTime() - runStart) / 1e9);
        }
        results.put(Phase.STREAM_PEAK_HEAP, name, null);
        if (results.get(Phase.OPEN_PEAK_HEAP, name) == null) {
            results.put(Phase.OPEN_PEAK_HEAP, name, null);
        }
    }

    /** @return documents per second, loading documents 0 to n in batches of 1,000 */
    private static double insertInBatches(Contender c, int n) throws Exception {
        long t = System.nanoTime();
        for (int from = 0; from < n; from += 1000) {
            c.insertBatch(from, Math.min(n, from + 1000));
        }
        return opsPerSecond(n, System.nanoTime() - t);
    }

    /**
     * @return the first {@code count} of 0 to n-1 shuffled as {@code Collections.shuffle} shuffles a
     *         list with this generator (so the same documents as when the harness shuffled a list)
     */
    static int[] shuffledPrefix(int n, int count, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n; i > 1; i--) {
            int j = random.nextInt(i);
            int swap = order[i - 1];
            order[i - 1] = order[j];
            order[j] = swap;
        }
        return java.util.Arrays.copyOf(order, count);
    }

    /**
     * Closes the loaded and indexed store and opens it again twice, timing the open with the first
     * get, then the open with the first indexed query ({@code age = 42}, all matches read).
     */
    private static void reopenPhases(Contender c, int present, boolean indexed, Options options, Results results,
            Map<String, Object> checks) throws Exception {
        if (!options.runs(Phase.OPEN_GET)) {
            results.put(Phase.OPEN_GET, c.name(), null);
            results.put(Phase.OPEN_QUERY, c.name(), null);
            return;
        }
        c.closeAndMeasure();
        settle();
        long t = System.nanoTime();
        c.reopen();
        Map<String, Object> found = c.get(present);
        results.put(Phase.OPEN_GET, c.name(), (System.nanoTime() - t) / 1e6);
        checks.put("get after reopen", found != null);
        if (indexed && options.runs(Phase.OPEN_QUERY)) {
            c.closeAndMeasure();
            settle();
            t = System.nanoTime();
            c.reopen();
            int matches = c.findByAge(QUERY_AGE).size();
            results.put(Phase.OPEN_QUERY, c.name(), (System.nanoTime() - t) / 1e6);
            checks.put("age = 42 after reopen", matches);
        } else {
            results.put(Phase.OPEN_QUERY, c.name(), null);
        }
    }

    /**
     * Opens the closed store in a forked JVM under {@code -Xmx<open-heap>}: the open, a get and the
     * indexed query (streamed) must succeed there; records the peak heap it sampled.
     */
    private static void openProbe(Path file, String id, Options options, Results results, String name,
            PrintStream out) throws Exception {
        ProbeRun run = runProbe(options.openHeap(), OpenProbe.class, "OPEN ", file.toString(), id,
                Integer.toString(QUERY_AGE));
        int exit = run.exit();
        List<String> lines = run.lines();
        Map<String, String> probe = run.values();
        if (exit == 0 && "true".equals(probe.get("found"))) {
            results.put(Phase.OPEN_PEAK_HEAP, name, Long.parseLong(probe.get("peakHeap")) / 1e6);
            results.notes.add(String.format(Locale.ROOT, "Open in a forked JVM (-Xmx%s, serial GC) of %s's store"
                    + " (%,d documents, indexed): open %s ms, first get %s ms, indexed age = %d (%s matches, streamed)"
                    + " %s ms; peak heap %.1f MB, sampled every ms.", options.openHeap(), name,
                    Long.parseLong(probe.get("count")), probe.get("openMillis"), probe.get("getMillis"), QUERY_AGE,
                    probe.get("matches"), probe.get("queryMillis"), Long.parseLong(probe.get("peakHeap")) / 1e6));
        } else {
            results.put(Phase.OPEN_PEAK_HEAP, name, null);
            results.notes.add("Open in a forked JVM (-Xmx" + options.openHeap() + ") of " + name + "'s store FAILED"
                    + " (exit " + exit + "): " + String.join(" | ", lines));
            out.print(" [open probe FAILED, exit " + exit + "]");
        }
    }

    /**
     * Writes up to {@code ops} documents from {@code threads} threads into a fresh store that gives
     * each write the guarantee, for at most {@code durableMillis}, and records the rate (n/a where the
     * system cannot give the guarantee).
     */
    private static void durablePhase(Contender c, Contender.Guarantee guarantee, int threads, int ops, Phase phase,
            Path dir, Options options, Results results) throws Exception {
        if (!options.runs(phase)) {
            results.put(phase, c.name(), null);
            return;
        }
        Path store = dir.resolve(phase.name().toLowerCase(Locale.ROOT));
        deleteTree(store);
        settle();
        try (Contender.DurableWriter writer = c.openDurable(Files.createDirectories(store), guarantee)) {
            results.durability.put(c.name() + ", " + guarantee.meaning, writer.howDurable());
            results.put(phase, c.name(), durableWrites(writer, threads, Math.min(ops, c.workload.size()),
                    options.durableMillis()));
        } catch (UnsupportedOperationException e) {
            results.durability.put(c.name() + ", " + guarantee.meaning, "n/a: " + e.getMessage());
            results.put(phase, c.name(), null);
        }
        deleteTree(store);
    }

    /** @return writes per second: {@code ops} writes, or as many as were made in {@code maxMillis} */
    static double durableWrites(Contender.DurableWriter writer, int threads, int ops, long maxMillis)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger written = new AtomicInteger();
            long[] deadline = new long[1];
            List<Future<Void>> done = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                done.add(pool.submit(() -> {
                    start.await();
                    // each thread takes the next document until the count or the time is used up
                    for (int i = next.getAndIncrement(); i < ops && System.nanoTime() - deadline[0] < 0;
                            i = next.getAndIncrement()) {
                        writer.write(i);
                        written.incrementAndGet();
                    }
                    return null;
                }));
            }
            long t = System.nanoTime();
            deadline[0] = t + maxMillis * 1_000_000;
            start.countDown();
            for (Future<Void> f : done) {
                f.get();
            }
            return opsPerSecond(written.get(), System.nanoTime() - t);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** Loads a store with batches in this JVM, then streams it in a forked JVM under -Xmx64m. */
    private static void streamPhase(Options options, Path dir, Results results, PrintStream out) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve("stream.db");
        out.printf(Locale.ROOT, "  streaming: loading %,d documents", options.streamDocs());
        out.flush();
        long start = System.nanoTime();
        try (TetherDB db = TetherDB.open(file)) {
            TetherCollection docs = db.collection("docs");
            List<Map<String, Object>> batch = new ArrayList<>(1000);
            Workload.forEach(options.streamDocs(), SEED + 3, (id, document) -> {
                Map<String, Object> doc = new LinkedHashMap<>(document);
                doc.put("_id", id);
                batch.add(doc);
                if (batch.size() == 1000) {
                    docs.putBatch(batch);
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                docs.putBatch(batch);
            }
        }
        out.printf(Locale.ROOT, " (%.1f s), streaming them in a JVM with -Xmx64m", (System.nanoTime() - start) / 1e9);
        out.flush();
        ProbeRun run = runProbe("64m", StreamProbe.class, "STREAM ", file.toString());
        int exit = run.exit();
        List<String> lines = run.lines();
        Map<String, Long> stream = new LinkedHashMap<>();
        run.values().forEach((key, value) -> stream.put(key, Long.parseLong(value)));
        results.streamCompleted = exit == 0 && stream.getOrDefault("count", -1L) == options.streamDocs();
        if (results.streamCompleted) {
            results.put(Phase.STREAM_PEAK_HEAP, BASELINE, stream.get("peakHeap") / 1e6);
            results.streamMillis = stream.get("millis");
            results.notes.add(String.format(Locale.ROOT,
                    "Streaming: %,d documents in %,d ms in a forked JVM (-Xmx64m, max heap reported %.1f MB,"
                            + " serial GC); peak sampled every ms.", stream.get("count"), stream.get("millis"),
                    stream.get("maxHeap") / 1e6));
            out.printf(Locale.ROOT, ": %,d docs in %,d ms%n", stream.get("count"), stream.get("millis"));
        } else {
            results.notes.add("Streaming FAILED (exit " + exit + "): " + String.join(" | ", lines));
            out.println(": FAILED, exit " + exit);
            lines.forEach(line -> out.println("    " + line));
        }
        deleteTree(dir);
    }

    /**
     * What a forked probe printed: its exit code, every line, and the {@code key=value} pairs of its
     * lines that start with the probe's prefix.
     */
    private record ProbeRun(int exit, List<String> lines, Map<String, String> values) {
    }

    /**
     * Runs a probe's main class in a forked JVM with the serial collector and the given max heap,
     * collecting its output until it exits.
     */
    private static ProbeRun runProbe(String maxHeap, Class<?> probe, String prefix, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp", probeClasspath(), probe.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        int exit = process.waitFor();
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                for (String pair : line.substring(prefix.length()).split(" ")) {
                    values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
        }
        return new ProbeRun(exit, lines, values);
    }

    /** The jars (or class folders) that the probe needs: ours, TetherDB's and its dependencies'. */
    static String probeClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(StreamProbe.class, TetherDB.class, org.h2.mvstore.MVStore.class,
                tools.jackson.core.JsonParser.class)) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static double millisPerCall(Callable<?> call, Options options) throws Exception {
        settle();
        long minNanos = options.minMillis() * 1_000_000;
        int calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            sink = call.call();
            calls++;
            elapsed = System.nanoTime() - start;
        } while ((calls < 3 || elapsed < minNanos) && calls < 100_000);
        return elapsed / 1e6 / calls;
    }

    private static double opsPerSecond(int ops, long nanos) {
        return ops / (nanos / 1e9);
    }

    private static void settle() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
