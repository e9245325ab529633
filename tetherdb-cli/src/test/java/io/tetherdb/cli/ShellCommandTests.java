package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell driven through piped standard input, as a script would (a plain, dumb terminal). */
class ShellCommandTests {

    @TempDir
    Path dir;

    @Test
    void runsQueriesWithOptionsAndKeepsAHistory() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        byte[] before = Files.readAllBytes(file);
        Path history = dir.resolve("history");

        Cli.Result result = Cli.runWithInput("""
                collections
                use people
                .sort {age: -1}
                .projection {name: 1, _id: 0}
                {age: {$gte: 18}}
                count {age: {$lt: 18}}
                use things
                explain {int: 3}
                .options
                exit
                {never: 'read'}
                """, "shell", file.toString(), "--history", history.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String out = result.out();
        assertThat(out).contains("people: 3 documents", "things: 5 documents");
        assertThat(out).containsSubsequence("{\"name\":\"Cid\"}", "{\"name\":\"Ann\"}", "(2 documents)");
        assertThat(out).contains("\"index\":\"int_1\"", "sort {age: -1}, skip off, limit off");
        // the prompt, then count's answer: one person under 18
        assertThat(out.lines()).contains("people> 1");
        assertThat(out).doesNotContain("never");
        assertThat(Files.readString(history)).contains("use people", "{age: {$gte: 18}}", "exit");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void mistypedLinesAreReportedAndTheShellGoesOn() {
        Path file = SampleStore.create(dir.resolve("s.db"));

        Cli.Result result = Cli.runWithInput("""
                {a: 1}
                use nothing
                frobnicate
                use things
                {int: {$bogus: 1}}
                .limit many
                .limit 2
                {}
                """, "shell", file.toString(), "--history", dir.resolve("h").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("error: no collection chosen", "error: no collection 'nothing'",
                "error: unknown command 'frobnicate'", "$bogus", "error: .limit takes a number",
                "\"_id\":\"doc-1\"", "(2 documents)");
        assertThat(result.out()).doesNotContain("doc-2");
    }

    @Test
    void aQueryWithoutALimitPrintsTwentyDocumentsAndSaysSo() {
        Path file = dir.resolve("many.db");
        try (io.tetherdb.TetherDB db = io.tetherdb.TetherDB.open(file)) {
            for (int i = 0; i < 25; i++) {
                db.collection("c").put(java.util.Map.of("i", i));
            }
        }
        Cli.Result result = Cli.runWithInput("{}\n", "shell", file.toString(), "-c", "c", "--history",
                dir.resolve("h").toString());

        assertThat(result.out()).contains("(first 20 shown; .limit N shows more)");
        assertThat(result.out().lines().filter(l -> l.contains("\"i\":")).count()).isEqualTo(20);
    }

    @Test
    void storeErrorsEndTheShellWithExitThree() {
        Cli.Result missing = Cli.runWithInput("exit\n", "shell", dir.resolve("missing.db").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(missing.err()).contains("tetherdb shell: ", "does not exist");
        Cli.Result directory = Cli.runWithInput("exit\n", "shell", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(ExitCodes.STORE);
        Cli.Result unknown = Cli.runWithInput("exit\n", "shell", SampleStore.create(dir.resolve("s.db")).toString(),
                "-c", "nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
