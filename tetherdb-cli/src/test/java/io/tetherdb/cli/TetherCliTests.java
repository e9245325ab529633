package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TetherCliTests {

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("info", "verify", "query", "export", "import", "Exit codes:",
                "1   verify found problems", "2   usage error", "3   store error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "verify", "query", "export", "import"})
    void everyCommandHasHelp(String command) {
        Cli.Result result = Cli.run(command, "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Usage: tetherdb " + command, "FILE", "--help");
    }

    @Test
    void versionNamesTheProjectVersion() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("tetherdb 0.").contains("Java ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(Cli.run().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run().err()).contains("missing command");
        assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("info").err()).contains("Missing required parameter: 'FILE'");
        assertThat(Cli.run("info", "x.db", "--frob").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("export", "x.db", "--out", "-", "--mode", "loose").err()).contains("'loose' is not a mode");
        assertThat(Cli.run("export", "x.db", "--out", "-", "--format", "xml").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("import", "x.db", "--in", "-").err()).contains("--collection");
    }
}
