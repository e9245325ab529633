package io.tetherdb.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import io.tetherdb.EncryptionOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherDBBuilder;
import io.tetherdb.query.Filter;

/**
 * Encryption at rest against a plain store, in the same run ({@code java -cp tetherdb-benchmarks.jar
 * io.tetherdb.benchmarks.EncryptionBenchmark --n=100000}): N documents of the harness's
 * {@link Workload} inserted one by one (default flush policy), N gets by id in random order after a
 * reopen (a cold cache of the store's default 16 MB, so many gets read and decrypt pages from the
 * file), a full scan with a filter on an unindexed field, and {@code --durable=2000} puts each
 * followed by {@code flush()} (commit + fsync). Each phase is the median of three passes, the
 * plain and the encrypted store taking turns, each pass on a new file, after a warm-up pass of both.
 * Then the time to open an encrypted store, which is the key derivation's: at OWASP's default cost
 * and at two higher ones, the median of five opens each, against a plain open. Not thread-safe; a
 * program.
 */
public final class EncryptionBenchmark {

    private static final int PASSES = 3;

    private EncryptionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = 100_000;
        int durable = 2_000;
        for (String arg : args) {
            if (arg.startsWith("--n=")) {
                n = Integer.parseInt(arg.substring(4));
            } else if (arg.startsWith("--durable=")) {
                durable = Integer.parseInt(arg.substring(10));
            }
        }
        Path dir = Files.createTempDirectory("encryption-bench");
        Workload workload = Workload.generate(n, 42);
        System.out.printf("Encryption benchmark: N = %,d, %,d durable writes, %d passes (median), %d cores%n", n, durable,
                PASSES, Runtime.getRuntime().availableProcessors());

        String[] phases = {"insert (put, default flush policy)", "get by id (random order, after reopen)",
            "scan (filter on an unindexed field, all N read)", "durable put (put + flush)"};
        double[][][] rates = new double[2][phases.length][PASSES];
        // warm-up of both paths at N, then the measured passes in turns
        passes(dir, workload, durable, false, -1, null);
        passes(dir, workload, durable, true, -1, null);
        for (int pass = 0; pass < PASSES; pass++) {
            passes(dir, workload, durable, false, pass, rates[0]);
            passes(dir, workload, durable, true, pass, rates[1]);
        }
        System.out.printf("%n| Phase | plain (ops/s) | encrypted (ops/s) | encrypted / plain time |%n|---|---:|---:|---:|%n");
        for (int p = 0; p < phases.length; p++) {
            double plain = median(rates[0][p]);
            double encrypted = median(rates[1][p]);
            System.out.printf("| %s | %,.0f | %,.0f | %.2fx |%n", phases[p], plain, encrypted, plain / encrypted);
        }

        System.out.printf("%n| Open of an existing store | median of 5 (ms) |%n|---|---:|%n");
        Path plainFile = dir.resolve("open-plain.db");
        TetherDB.open(plainFile).close();
        System.out.printf("| plain | %.1f |%n", medianOpenMillis(() -> TetherDB.builder().path(plainFile)));
        List<EncryptionOptions> costs = List.of(EncryptionOptions.defaults(),
                EncryptionOptions.defaults().memoryKiB(47_104).iterations(1),
                EncryptionOptions.defaults().memoryKiB(65_536).iterations(3));
        for (EncryptionOptions cost : costs) {
            Path file = dir.resolve("open-" + cost.memoryKiB() + "-" + cost.iterations() + ".db");
            TetherDB.builder().path(file).encryption(password(), cost).open().close();
            System.out.printf("| encrypted, %s | %.1f |%n", cost,
                    medianOpenMillis(() -> TetherDB.builder().path(file).encryption(password(), cost)));
        }
        deleteTree(dir);
    }

    private static char[] password() {
        return "benchmark password".toCharArray();
    }

    private static TetherDBBuilder builder(Path file, boolean encrypted) {
        TetherDBBuilder builder = TetherDB.builder().path(file);
        return encrypted ? builder.encryption(password()) : builder;
    }

    /** One pass of every phase on a new file; records ops/s at {@code rates[phase][pass]} unless pass < 0. */
    private static void passes(Path dir, Workload workload, int durable, boolean encrypted, int pass,
            double[][] rates) {
        int n = workload.size();
        Path file = dir.resolve((encrypted ? "encrypted-" : "plain-") + pass + ".db");
        double[] measured = new double[4];

        long start = System.nanoTime();
        try (TetherDB db = builder(file, encrypted).open()) {
            TetherCollection docs = db.collection("docs");
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                docs.put(withId(workload, i));
            }
            db.flush();
            measured[0] = rate(n, start);
        }

        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        shuffle(order, new Random(pass + 1L));
        try (TetherDB db = builder(file, encrypted).open()) {
            TetherCollection docs = db.collection("docs");
            start = System.nanoTime();
            long found = 0;
            for (int i : order) {
                found += docs.get(workload.id(i)).isPresent() ? 1 : 0;
            }
            measured[1] = rate(n, start);
            check(found == n, "gets found " + found + " of " + n);

            start = System.nanoTime();
            long matched = docs.count(Filter.parse("{text: {$regex: 'zulu'}}"));
            measured[2] = rate(n, start);
            check(matched > 0, "the scan matched nothing");

            TetherCollection writes = db.collection("durable");
            start = System.nanoTime();
            for (int i = 0; i < durable; i++) {
                writes.put(withId(workload, i));
                db.flush();
            }
            measured[3] = rate(durable, start);
        }
        deleteQuietly(file);
        if (pass >= 0) {
            for (int p = 0; p < measured.length; p++) {
                rates[p][pass] = measured[p];
            }
        }
    }

    private static double medianOpenMillis(Supplier<TetherDBBuilder> builders) {
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            TetherDBBuilder builder = builders.get();
            long start = System.nanoTime();
            builder.open().close();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(millis);
    }

    private static Map<String, Object> withId(Workload workload, int i) {
        Map<String, Object> doc = new LinkedHashMap<>(workload.document(i));
        doc.put("_id", workload.id(i));
        return doc;
    }

    private static double rate(long ops, long startNanos) {
        return ops / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            // a temporary file; the directory goes at the end
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
