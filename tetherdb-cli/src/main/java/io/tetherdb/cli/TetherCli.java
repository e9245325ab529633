package io.tetherdb.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tetherdb} command: inspects, verifies, queries, exports, imports, backs up, compacts
 * and repairs TetherDB store files, and migrates them to MongoDB. Run it with {@code new CommandLine(new TetherCli()).execute(args)} or {@link #main}; each
 * subcommand reports its own failures on the error stream and returns its exit code. Not
 * thread-safe: one instance serves one run.
 *
 * @since 0.2
 */
@Command(name = "tetherdb", mixinStandardHelpOptions = true, versionProvider = TetherCli.Version.class,
        description = "Inspects, verifies, queries, exports, imports, backs up, compacts and repairs TetherDB"
                + " store files, and migrates them to a MongoDB server.",
        subcommands = {InfoCommand.class, VerifyCommand.class, QueryCommand.class, ShellCommand.class,
                ExportCommand.class, ImportCommand.class, BackupCommand.class, CompactCommand.class,
                RepairCommand.class, RekeyCommand.class, MigrateCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:verify found problems, import skipped bad lines (with --stop-on-error: stopped at one and left"
                + " the store as it was), repair could not read everything, or migrate found a collection that"
                + " differs on the server",
            "2:usage error: unknown command or option, bad value, bad filter, unknown collection, missing input",
            "3:store error: missing, locked, a directory, corrupt, not writable, or failing while used; or the"
                + " output or target cannot be written (backup, compact --to and repair refuse an existing target"
                + " without --overwrite); or the MongoDB server of migrate failed or refused"})
public class TetherCli implements Callable<Integer> {

    private final InputStream stdin;
    private final Function<String, String> environment;

    @Spec
    CommandSpec spec;

    /** A command that reads standard input from {@link System#in}. */
    public TetherCli() {
        this(System.in);
    }

    /** @param stdin what {@code --in -} reads; not null */
    public TetherCli(InputStream stdin) {
        this(stdin, System::getenv);
    }

    /**
     * @param stdin what {@code --in -} reads; not null
     * @param environment the environment variables that {@code --password-env} reads; not null
     */
    public TetherCli(InputStream stdin, Function<String, String> environment) {
        this.stdin = stdin;
        this.environment = environment;
    }

    InputStream stdin() {
        return stdin;
    }

    Function<String, String> environment() {
        return environment;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tetherdb: missing command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * Runs the command and exits with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new TetherCli());
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        commandLine.setOut(out);
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true));
        int code = commandLine.execute(args);
        out.flush();
        System.exit(code);
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = TetherCli.class.getResourceAsStream("/tetherdb-cli-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"tetherdb " + properties.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
