package io.tetherdb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tetherdb.CopyOptions;
import io.tetherdb.CopyResult;
import io.tetherdb.TetherDB;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tetherdb compact FILE [--to NEW]}: rewrites a closed store's live data into a new file,
 * replacing the old one atomically (or into {@code NEW}), through the core's
 * {@link TetherDB#compactInPlace} and {@link TetherDB#compact}. Not thread-safe.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Shrinks a store file to its live data: writes the live data to FILE.compact-tmp and renames"
                + " it over FILE in one atomic step, so that a crash or kill at any moment leaves the old file or the"
                + " new one complete. Expired documents are removed first. The store must not be open anywhere.",
            "A FILE.compact-tmp left by a crash is deleted by the next open of FILE for writing.",
            "With --to, the compacted copy is written to NEW instead and FILE is left as it is."})
class CompactCommand extends StoreCommand {

    @Option(names = {"-t", "--to"}, paramLabel = "NEW", description = "Write the compacted store to NEW and leave FILE"
            + " unchanged.")
    Path to;

    @Option(names = "--overwrite", description = "With --to: replace NEW if it exists.")
    boolean overwrite;

    @Override
    int run() {
        long before = sizeOf(file);
        CopyResult result;
        try (CopyProgress progress = new CopyProgress(showProgress(), "Compacting")) {
            CopyOptions options = CopyOptions.defaults().overwrite(overwrite).progress(progress);
            // an encrypted store's compacted file keeps its key
            result = to == null ? TetherDB.compactInPlace(file, password(), options)
                    : TetherDB.compact(file, to, password(), options);
        }
        out().printf("compacted %s%s: %,d bytes before, %,d after (%,d document%s)%n", file,
                to == null ? "" : " to " + result.file(), before, result.bytes(), result.documents(),
                result.documents() == 1 ? "" : "s");
        return ExitCodes.OK;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
