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
                "--stream-docs=2000", "--durable-ops=40", "--commit-ops=80", "--durable-millis=20000", "--min-millis=10", "--dir=" + dir.resolve("work"),
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
        assertThat(results.get(Phase.OPEN_PEAK_HEAP, "TetherDB")).isPositive();
        assertThat(results.get(Phase.OPEN_PEAK_HEAP, "SQLite")).isNull();
        assertThat(results.get(Phase.OPEN_GET, "SQLite")).isPositive();
        assertThat(results.get(Phase.OPEN_QUERY, "TetherDB")).isPositive();
        assertThat(results.checks.get("SQLite")).containsEntry("get after reopen", true);
        assertThat(results.notes).anyMatch(note -> note.startsWith("Open in a forked JVM (-Xmx64m, serial GC)"));
        for (Phase equalGuarantees : new Phase[] {Phase.COMMIT_EACH, Phase.COMMIT_EACH_THREADS, Phase.FSYNC_EACH,
                Phase.DURABLE}) {
            assertThat(results.get(equalGuarantees, "TetherDB")).isPositive();
            assertThat(results.get(equalGuarantees, "SQLite")).isPositive();
        }
        assertThat(results.get(Phase.FSYNC_EACH, "Nitrite")).isNull();
        assertThat(results.get(Phase.COMMIT_EACH, "Nitrite")).isPositive();
        assertThat(results.durability).containsEntry("SQLite, forced to the disk, survives a power loss",
                "autocommit INSERT, WAL, synchronous=FULL, one connection per thread")
                .containsEntry("SQLite, committed, survives a process crash",
                        "autocommit INSERT, WAL, synchronous=NORMAL, one connection per thread")
                .containsEntry("TetherDB, committed, survives a process crash",
                        "put with flushThreshold(1) (a commit inside every put, no fsync)");
        assertThat(printed).contains("insert one by one (T commits per 1,000, SQLite per write)",
                "insert, commit each write (crash-safe), 8 threads", "insert, fsync each write (power-safe), 1 thread",
                "commit each write, 1 thread >= SQLite synchronous=NORMAL (issue 23)",
                "fsync each write, 1 thread >= SQLite synchronous=FULL (issue 23)");
        assertThat(results.streamCompleted).isTrue();
        assertThat(printed).contains("Goals (issue 8):", "all systems agree");
        assertThat(Report.disagreements(results)).isEmpty();
        assertThat(Files.readString(report)).contains("| insert one by one (T commits per 1,000, SQLite per write) |");
        assertThat(Files.readString(chart)).startsWith("<svg").contains("TetherDB vs SQLite").endsWith("</svg>\n");
    }

    @Test
    @Timeout(120)
    void withoutOneByOneInsertsLoadsInBatchesAndSkipsTheNamedPhases(@TempDir Path dir) throws Exception {
        ComparisonHarness.Options options = ComparisonHarness.Options.parse("--n=400", "--warmup=0", "--rounds=1",
                "--stream-docs=0", "--min-millis=5", "--systems=TetherDB,SQLite", "--gets=50", "--deletes=7",
                "--skip=insert_one,commit_each,commit_each_threads,fsync_each,durable", "--open-heap=",
                "--dir=" + dir.resolve("work"));

        Results results = ComparisonHarness.run(options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        assertThat(results.systems).containsExactly("TetherDB", "SQLite");
        for (String system : results.systems) {
            assertThat(results.get(Phase.INSERT_ONE, system)).isNull();
            assertThat(results.get(Phase.DURABLE, system)).isNull();
            assertThat(results.get(Phase.OPEN_PEAK_HEAP, system)).isNull();
            assertThat(results.get(Phase.INSERT_BATCH, system)).isPositive();
            assertThat(results.get(Phase.FILE_SIZE, system)).isPositive();
            assertThat(results.get(Phase.DELETE_ONE, system)).isPositive();
            assertThat(results.checks.get(system)).containsEntry("count all after load", 400L)
                    .containsEntry("count all after deletes", 393L);
        }
        assertThat(Report.disagreements(results)).isEmpty();
    }

    @Test
    void rejectsUnknownPhasesToSkip() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonHarness.Options.parse("--skip=insert_one,load"))
                .withMessageContaining("--skip takes phase names").withMessageContaining("'load'");
    }

    @Test
    void durableWritesWriteEachDocumentOnceAndStopAtTheTimeLimit() throws Exception {
        java.util.Set<Integer> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Contender.DurableWriter writer = new Contender.DurableWriter() {
            @Override
            public void write(int i) throws Exception {
                calls.incrementAndGet();
                written.add(i);
                Thread.sleep(2);
            }

            @Override
            public String howDurable() {
                return "test";
            }

            @Override
            public void close() {
            }
        };

        assertThat(ComparisonHarness.durableWrites(writer, 4, 100, 60_000)).isPositive();
        assertThat(calls).hasValue(100);
        assertThat(written).hasSize(100);

        written.clear();
        calls.set(0);
        // 1,000,000 writes of 2 ms each cannot finish in 200 ms on any machine
        ComparisonHarness.durableWrites(writer, 2, 1_000_000, 200);
        assertThat(calls.get()).isLessThan(1_000_000).isEqualTo(written.size());
    }

    @Test
    void rejectsUnknownArguments() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ComparisonHarness.Options.parse("--size=5"))
                .withMessageContaining("Unknown arguments: [size]");
    }
}
