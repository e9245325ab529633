package io.tetherdb.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the update benchmark on a tiny workload to check that it completes, that both systems
 * matched the same documents and ended with the same counters, and that it prints every row.
 * Timings are never asserted.
 */
class UpdateBenchmarkSmokeTests {

    @Test
    @Timeout(120)
    void runsEveryUpdatePhaseOnBothSystems(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        UpdateBenchmark.Results results;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            results = UpdateBenchmark.run(1_000, 200, 1, dir, out);
        }
        assertThat(results.matched()).isBetween(50L, 150L);
        assertThat(results.tetherVisits()).isEqualTo(results.sqliteVisits() + 200L * 2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("warm-up", "round 0");
        assertThat(results.markdown(1_000)).contains("| $inc one field by id (ops/s) |",
                "| get + replace by id, the same change (ops/s) |", "| updateMany over 10% (", "| 8 threads on 100 hot");
        assertThat(results.contendedIncOps()).isPositive();
    }
}
