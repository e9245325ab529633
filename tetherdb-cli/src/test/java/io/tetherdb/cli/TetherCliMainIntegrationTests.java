package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link TetherCli#main} in a child JVM, as the launcher script does, to check its exit codes and streams. */
class TetherCliMainIntegrationTests {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TetherCli.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void exitsWithTheCommandsExitCodeAndWritesUtf8() throws Exception {
        String file = dir.resolve("s.db").toString();

        Run imported = run("{\"_id\": \"z\", \"name\": \"Zoë 東京 🚀\"}\n{\"broken\n", "import", file, "-c", "c", "--in", "-",
                "--create");
        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(imported.out()).contains("imported 1 document into 'c'; skipped 1 bad line");
        assertThat(imported.err()).startsWith("<stdin>:2: Malformed JSON");

        Run query = run("", "query", file, "c");
        assertThat(query.exitCode()).as(query.toString()).isZero();
        assertThat(query.out()).isEqualTo("{\"_id\":\"z\",\"name\":\"Zoë 東京 🚀\"}" + System.lineSeparator());

        Run missing = run("", "verify", dir.resolve("none.db").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(missing.err()).contains("tetherdb verify: cannot open");

        Run backup = run("", "backup", file, "--to", dir.resolve("b.db").toString());
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Run compact = run("", "compact", dir.resolve("b.db").toString());
        assertThat(compact.exitCode()).as(compact.toString()).isZero();
        Run repair = run("", "repair", dir.resolve("b.db").toString(), "--to", dir.resolve("r.db").toString());
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(run("", "query", dir.resolve("r.db").toString(), "c").out()).isEqualTo(query.out());
        Run existing = run("", "backup", file, "--to", dir.resolve("b.db").toString());
        assertThat(existing.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(existing.err()).contains("tetherdb backup: cannot write", "exists");

        assertThat(run("", "--version").exitCode()).isZero();
        assertThat(run("", "verify").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
