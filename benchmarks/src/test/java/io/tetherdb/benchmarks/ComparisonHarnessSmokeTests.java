package io.tetherdb.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.benchmarks.ComparisonHarness.Results;

/**
 * Runs the whole harness on a tiny workload (and a tiny forked streaming phase) to check that it
 * completes, prints every row for every system, and that all systems give the same answers.
 * Timings are never asserted.
 */
class ComparisonHarnessSmokeTests {

    @Test
    @Timeout(120)
    void runsEveryPhaseOnEverySystemAndPrintsEveryRow(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path report = dir.resolve("results.md");
        Path chart = dir.resolve("chart.svg");
        ComparisonHarness.Options options = ComparisonHarness.Options.parse("--n=500", "--warmup=200", "--rounds=1",
                "--stream-docs=2000", "--durable-ops=40", "--min-millis=10", "--dir=" + dir.resolve("work"),
                "--report=" + report, "--chart=" + chart);

        Results results;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            results = ComparisonHarness.run(options, out);
        }
        Files.writeString(report, Report.markdown(results));
        Files.writeString(chart, SvgChart.render(results));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(results.systems).containsExactly("TetherDB", "TetherDB (no compression)", "Nitrite", "SQLite",
                "raw MVStore");
        for (Phase phase : Phase.values()) {
            assertThat(printed).contains(Report.label(phase, results));
            assertThat(results.values.get(phase)).containsKeys(results.systems.toArray(String[]::new));
        }
        assertThat(results.get(Phase.STREAM_PEAK_HEAP, "TetherDB")).isNotNull();
        assertThat(results.streamCompleted).isTrue();
        assertThat(printed).contains("Goals (issue 8):", "all systems agree");
        assertThat(Report.disagreements(results)).isEmpty();
        assertThat(Files.readString(report)).contains("| insert one by one |");
        assertThat(Files.readString(chart)).startsWith("<svg").contains("TetherDB vs SQLite").endsWith("</svg>\n");
    }

    @Test
    void rejectsUnknownArguments() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonHarness.Options.parse("--size=5"))
                .withMessageContaining("Unknown arguments: [size]");
    }
}
