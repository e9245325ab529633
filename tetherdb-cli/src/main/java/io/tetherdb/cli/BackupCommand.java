package io.tetherdb.cli;

import java.nio.file.Path;

import io.tetherdb.CopyOptions;
import io.tetherdb.CopyResult;
import io.tetherdb.TetherDB;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tetherdb backup FILE --to PATH}: a consistent copy of a store that is not open for
 * writing elsewhere, through the core's {@link TetherDB#backup(Path, CopyOptions)}. Not thread-safe.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Writes a consistent copy of a store to a new file, holding only its live data. Opens the"
                + " store read-only, so it must not be open for writing elsewhere: an application backs up its"
                + " live store itself, with db.backup(path) or the starter's actuator endpoint.",
            "The copy is written beside the target and renamed into place once complete: the target never holds"
                + " a partial copy."})
class BackupCommand extends StoreCommand {

    @Option(names = {"-t", "--to"}, paramLabel = "PATH", required = true, description = "The file to write.")
    Path to;

    @Option(names = "--overwrite", description = "Replace the target if it exists (by default that is refused).")
    boolean overwrite;

    @Override
    int run() {
        try (TetherDB db = openReadOnly(); CopyProgress progress = new CopyProgress(showProgress(), "Backing up")) {
            CopyResult result = db.backup(to, CopyOptions.defaults().overwrite(overwrite).progress(progress));
            progress.close();
            out().printf("backed up %s to %s: %,d document%s, %,d bytes%n", file, result.file(), result.documents(),
                    result.documents() == 1 ? "" : "s", result.bytes());
        }
        return ExitCodes.OK;
    }
}
