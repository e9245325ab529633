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
 * Runs the change event benchmark on a tiny workload to check that it completes with every event
 * delivered to every subscriber and prints every row. Timings are never asserted.
 */
class ChangeEventBenchmarkSmokeTests {

    @Test
    @Timeout(120)
    void runsEveryConfigurationAndDeliversEveryEvent(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChangeEventBenchmark.Results results;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            results = ChangeEventBenchmark.run(500, 1, dir, out);
        }
        assertThat(results.fellBehind()).isZero();
        assertThat(java.util.Arrays.stream(results.writeOps()).min().orElseThrow()).isPositive();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("warm-up", "round 0");
        assertThat(results.markdown(500)).contains("| 0 subscribers |", "| 1 subscriber |", "| 10 subscribers |",
                "| 1 subscriber, history kept |");
    }
}
