package io.tetherdb.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.benchmarks.ComparisonHarness.Results;

/**
 * The harness's tools for runs at scale: the min-max over rounds, the results file that runs at
 * several N add to, the log-log scaling chart drawn from it, and the disk-space guard. Timings are
 * never asserted.
 */
class ScalingHarnessTests {

    @Test
    @Timeout(120)
    void runsAtTwoSizesFeedOneResultsFileAndOneScalingChart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scale.tsv");
        for (int n : new int[] {300, 600, 300}) {
            ComparisonHarness.Options options = ComparisonHarness.Options.parse("--n=" + n, "--warmup=0", "--rounds=2",
                    "--stream-docs=0", "--durable-ops=20", "--min-millis=5", "--systems=TetherDB,SQLite",
                    "--dir=" + dir.resolve("work"));
            Results results;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                results = ComparisonHarness.run(options, out);
            }
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("Median (min - max) over 2 rounds:");
            assertThat(Report.markdown(results)).contains("| get by random id | ops/s | ");
            double[] spread = results.spread(Phase.GET, "SQLite");
            assertThat(spread[0]).isLessThanOrEqualTo(results.get(Phase.GET, "SQLite"));
            assertThat(spread[1]).isGreaterThanOrEqualTo(results.get(Phase.GET, "SQLite"));
            ScalingResults.merge(file, ScalingResults.rows(results));
        }

        List<ScalingResults.Row> rows = ScalingResults.read(file);
        assertThat(rows).extracting(ScalingResults.Row::n).containsOnly(300, 600);
        assertThat(rows).filteredOn(row -> row.phase() == Phase.GET).hasSize(4);
        String svg = ScalingChart.render(rows);
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("get by random id", "create index on age",
                "TetherDB", "SQLite", ">300<", ">600<", "<polyline");
    }

    @Test
    void refusesToStartWithoutTheDiskSpaceItNeeds(@TempDir Path dir) throws Exception {
        ComparisonHarness.Options huge = ComparisonHarness.Options.parse("--n=2000000000", "--dir=" + dir);
        ComparisonHarness.Options million = ComparisonHarness.Options.parse("--n=1000000", "--stream-docs=0",
                "--systems=TetherDB,SQLite");

        assertThat(DiskSpaceGuard.required(million)).isEqualTo(2_000_000_000L + (512L << 20));
        assertThat(DiskSpaceGuard.required(huge)).isGreaterThan(DiskSpaceGuard.NITRITE_BYTES_PER_DOCUMENT * 1_000_000);
        assertThatIllegalStateException().isThrownBy(() -> DiskSpaceGuard.check(huge, dir.resolve("not/yet")))
                .withMessageContaining("N = 2,000,000,000 with Nitrite needs about")
                .withMessageContaining("GB are free");
        DiskSpaceGuard.check(ComparisonHarness.Options.parse("--n=1000", "--stream-docs=0",
                "--systems=TetherDB"), dir);
        assertThat(Files.exists(dir.resolve("not"))).isFalse();
    }

    @Test
    void sizesAreWrittenShort() {
        assertThat(ScalingChart.size(10_000)).isEqualTo("10k");
        assertThat(ScalingChart.size(10_000_000)).isEqualTo("10M");
        assertThat(ScalingChart.size(1_500)).isEqualTo("1500");
    }
}
