package io.tetherdb.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the store file parameter, {@code --quiet}, opening the store, and
 * turning a failure into one line on the error stream and an exit code. Not thread-safe.
 */
abstract class StoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    TetherCli cli;

    @Parameters(index = "0", paramLabel = "FILE", description = "The store file.")
    Path file;

    @Option(names = {"-q", "--quiet"}, description = "Show no progress bar (it is shown only on a terminal anyway).")
    boolean quiet;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Open an encrypted store with the password in"
            + " environment variable VAR.")
    String passwordEnv;

    @Option(names = "--password", description = "Open an encrypted store with a password typed at a prompt (not"
            + " echoed); without a terminal, the first line of standard input.")
    boolean promptPassword;

    /** The password read for {@code --password}, kept so that a command that opens twice prompts once. */
    private char[] typedPassword;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (RuntimeException e) {
            out().flush();
            err().println("tetherdb " + spec.name() + ": " + FailureTranslator.message(e));
            return FailureTranslator.exitCode(e);
        } finally {
            if (typedPassword != null) {
                Arrays.fill(typedPassword, '\0');
            }
            out().flush();
            err().flush();
        }
    }

    /** @return the exit code */
    abstract int run();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Stops a long listing once standard output fails (a closed pipe, a full disk), which a
     * {@link PrintWriter} only records; checked every 1024 documents and at the end.
     */
    void checkStandardOutput(long written, boolean end) {
        if ((end || written % 1024 == 0) && out().checkError()) {
            throw new CliFailure(ExitCodes.STORE,
                    "cannot write to standard output (it was closed, or its disk is full)");
        }
    }

    /** Opens the store for reading only: it is never written, and other readers may share it. */
    TetherDB openReadOnly() {
        return TetherDB.builder().path(file).readOnly(true).encryption(password()).open();
    }

    /** Opens the store for writing, with no background expiry sweep, so that only this command writes. */
    TetherDB openForWriting() {
        return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).encryption(password()).open();
    }

    /**
     * @return a new copy of the password from {@code --password-env} or {@code --password}, or null
     *         when neither was given; the core wipes the copy once it has derived the key
     */
    char[] password() {
        if (promptPassword && typedPassword == null && passwordEnv == null) {
            typedPassword = readPassword("Password: ", "--password");
        }
        return password(passwordEnv, promptPassword, typedPassword, "--password-env", "--password");
    }

    /**
     * @param prompted whether the prompt option was given
     * @param typed what was read at the prompt, or null
     * @return a new copy of the password from an environment variable or a prompt, or null for neither
     */
    char[] password(String environmentVariable, boolean prompted, char[] typed, String envOption,
            String promptOption) {
        if (environmentVariable != null && prompted) {
            throw CliFailure.usage(envOption + " and " + promptOption + " exclude each other: give one");
        }
        if (typed != null) {
            return typed.clone();
        }
        if (environmentVariable == null) {
            return null;
        }
        String value = cli.environment().apply(environmentVariable);
        if (value == null || value.isEmpty()) {
            throw CliFailure.usage("environment variable " + environmentVariable + " (" + envOption + ") is "
                    + (value == null ? "not set" : "empty"));
        }
        return value.toCharArray();
    }

    /**
     * Reads a password at the terminal without echo, or, with no terminal (a pipe, a script, a test),
     * the first line of standard input; only that line is consumed, so that {@code import --in -}
     * still reads the rest.
     *
     * @return the password; not empty
     */
    char[] readPassword(String prompt, String promptOption) {
        Console console = System.console();
        char[] password;
        if (console != null) {
            password = console.readPassword("%s", prompt);
            if (password == null) {
                throw CliFailure.usage("no password was typed for " + promptOption + " (end of input)");
            }
        } else {
            // on the error stream, so that it never mixes with a command's output
            err().print(prompt);
            err().flush();
            password = PasswordLine.read(cli.stdin());
            if (password == null) {
                throw CliFailure.usage("no password for " + promptOption + ": there is no terminal to prompt at"
                        + " and standard input is empty");
            }
        }
        if (password.length == 0) {
            throw CliFailure.usage("the password typed for " + promptOption + " is empty");
        }
        return password;
    }

    /** @return the collection, which must exist: reading a collection that is not there is a typo */
    TetherCollection existingCollection(TetherDB db, String name) {
        List<String> names = db.collectionNames();
        if (!names.contains(name)) {
            throw CliFailure.usage("no collection '" + name + "' in " + file
                    + (names.isEmpty() ? " (it has none)" : "; its collections are: " + String.join(", ", names)));
        }
        return db.collection(name);
    }

    /** @return whether a progress bar is shown: on a terminal, without {@code --quiet} */
    boolean showProgress() {
        return !quiet && System.console() != null;
    }

    /** @return a progress bar on the error stream, or one that shows nothing */
    Progress progress(String task, long max, String unit, long unitSize) {
        return showProgress() ? Progress.onTerminal(task, max, unit, unitSize) : Progress.NONE;
    }
}
