package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.tetherdb.TetherDB;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCommandTests {

    @TempDir
    Path dir;

    private String file;

    @BeforeEach
    void createStore() {
        file = SampleStore.create(dir.resolve("s.db")).toString();
    }

    @Test
    void printsMatchesAsJsonLinesWithSortSkipLimitAndProjection() {
        Cli.Result result = Cli.run("query", file, "people", "{age: {$gte: 18}}", "--sort", "{age: -1}",
                "--projection", "{name: 1, _id: 0}");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"name\":\"Cid\"}\n{\"name\":\"Ann\"}\n".replace("\n", System.lineSeparator()));

        Cli.Result paged = Cli.run("query", file, "things", "--sort", "{int: 1}", "--skip", "1", "--limit", "2",
                "--projection", "{int: 1}");
        assertThat(paged.out().lines()).containsExactly("{\"_id\":\"doc-1\",\"int\":1}", "{\"_id\":\"doc-2\",\"int\":2}");
    }

    @Test
    void writesRelaxedOrCanonicalExtendedJsonAndFiltersWithExtendedJsonValues() {
        Cli.Result relaxed = Cli.run("query", file, "things", "{at: {$gte: {$date: '2024-05-06T07:08:12Z'}}}",
                "--projection", "{at: 1, long: 1, price: 1}");
        assertThat(relaxed.out().lines()).containsExactly(
                "{\"_id\":\"doc-3\",\"long\":5000000003,\"price\":{\"$numberDecimal\":\"15.50\"},"
                        + "\"at\":{\"$date\":\"2024-05-06T07:08:12.123456789Z\"}}",
                "{\"_id\":\"doc-4\",\"long\":5000000004,\"price\":{\"$numberDecimal\":\"16.50\"},"
                        + "\"at\":{\"$date\":\"2024-05-06T07:08:13.123456789Z\"}}");

        Cli.Result canonical = Cli.run("query", file, "things", "{long: {$numberLong: '5000000000'}}", "--mode",
                "canonical", "--projection", "{int: 1, long: 1}");
        assertThat(canonical.out().lines()).containsExactly(
                "{\"_id\":\"doc-0\",\"int\":{\"$numberInt\":\"0\"},\"long\":{\"$numberLong\":\"5000000000\"}}");
    }

    @Test
    void acceptsTheCoresOwnRelaxedSyntaxSuchAsRegularExpressionLiterals() {
        Cli.Result result = Cli.run("query", file, "people", "{name: /^b/i}", "--projection", "{name: 1}");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines()).containsExactly("{\"_id\":\"bob\",\"name\":\"Bob\"}");
    }

    @Test
    void prettyPrintsOnRequest() {
        Cli.Result result = Cli.run("query", file, "people", "{_id: 'ann'}", "--pretty");

        assertThat(result.out()).contains("{\n  \"_id\" : \"ann\",\n  \"name\" : \"Ann\",\n  \"age\" : 31\n}"
                .replace("\n", System.lineSeparator()));
    }

    @Test
    void explainsWhichIndexTheQueryReads() {
        Cli.Result result = Cli.run("query", file, "things", "{int: {$gt: 2}}", "--explain");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("\"stage\":\"IXSCAN\"", "\"index\":\"int_1\"", "\"returned\":2");
    }

    @Test
    void badInputIsAUsageError() {
        Cli.Result unknown = Cli.run("query", file, "nosuch");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no collection 'nosuch'", "its collections are: people, things");

        Cli.Result badJson = Cli.run("query", file, "people", "{age: ");
        assertThat(badJson.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badJson.err()).contains("line 1, column");

        Cli.Result badWrapper = Cli.run("query", file, "people", "{age: {$numberLong: 'x'}}");
        assertThat(badWrapper.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badWrapper.err()).contains("the filter {age: {$numberLong: 'x'}} is not valid: $numberLong at 'age'");

        Cli.Result badOperator = Cli.run("query", file, "people", "{age: {$frob: 1}}");
        assertThat(badOperator.exitCode()).as(badOperator.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(badOperator.err()).contains("$frob");

        Cli.Result badSort = Cli.run("query", file, "people", "--sort", "{age: 1, age: -1}");
        assertThat(badSort.exitCode()).as(badSort.toString()).isEqualTo(ExitCodes.USAGE);

        assertThat(Cli.run("query", file, "people", "--limit", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("query", file, "people", "--jsonl", "--pretty").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anOutputThatFailsEndsTheCommandWithThree() {
        java.io.OutputStream closedPipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = new picocli.CommandLine(new TetherCli());
        commandLine.setOut(new java.io.PrintWriter(closedPipe));
        commandLine.setErr(new java.io.PrintWriter(err, true));

        assertThat(commandLine.execute("query", file, "things")).isEqualTo(ExitCodes.STORE);
        assertThat(commandLine.execute("export", file, "-c", "things", "--out", "-")).isEqualTo(ExitCodes.STORE);
        assertThat(err.toString()).contains("tetherdb query: cannot write to standard output",
                "tetherdb export: cannot write to standard output");
    }

    @Test
    void storeErrorsExitWithThree() {
        Cli.Result missing = Cli.run("query", dir.resolve("none.db").toString(), "people");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.STORE);

        try (TetherDB open = TetherDB.open(Path.of(file))) {
            Cli.Result locked = Cli.run("query", file, "people");
            assertThat(locked.exitCode()).isEqualTo(ExitCodes.STORE);
            assertThat(locked.err()).contains("already open");
        }
    }
}
