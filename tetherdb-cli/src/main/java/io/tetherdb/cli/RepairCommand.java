package io.tetherdb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import io.tetherdb.CopyOptions;
import io.tetherdb.SalvageReport;
import io.tetherdb.TetherDB;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tetherdb repair FILE --to NEW}: salvages every readable document of a damaged store into a
 * new one through the core's {@link TetherDB#salvage}, and reports what was lost. Not thread-safe.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Salvages a damaged store: copies every document that can still be read into a new store NEW,"
                + " with its expiry time, recreates the indexes, and reports per collection what was recovered and"
                + " what could not be read. FILE is opened read-only and not changed. An encrypted FILE needs its"
                + " password (--password-env or --password); NEW is then encrypted with the same password and cost.",
            "Exit code 0 when nothing was found unreadable, 1 when something was lost, 3 when nothing could be read."})
class RepairCommand extends StoreCommand {

    /** Problems printed before the rest is summarised. */
    private static final int PROBLEMS_SHOWN = 20;

    @Option(names = {"-t", "--to"}, paramLabel = "NEW", required = true, description = "The new store to write.")
    Path to;

    @Option(names = "--overwrite", description = "Replace NEW if it exists.")
    boolean overwrite;

    @Override
    int run() {
        SalvageReport report;
        try (CopyProgress progress = new CopyProgress(showProgress(), "Salvaging")) {
            // an encrypted store's new file gets the same password and key derivation cost
            report = TetherDB.salvage(file, to, password(),
                    CopyOptions.defaults().overwrite(overwrite).progress(progress));
        }
        PrintWriter out = out();
        out.printf("salvaged %,d document%s from %s into %s%n", report.recovered(), report.recovered() == 1 ? "" : "s",
                file, report.file());
        for (Map.Entry<String, SalvageReport.CollectionSalvage> entry : report.collections().entrySet()) {
            SalvageReport.CollectionSalvage c = entry.getValue();
            out.printf("  %s: %,d recovered", entry.getKey(), c.recovered());
            if (!c.isComplete()) {
                out.printf(", %,d unreadable document%s, %,d unreadable page%s (%s)", c.unreadableDocuments(),
                        c.unreadableDocuments() == 1 ? "" : "s", c.unreadablePages(),
                        c.unreadablePages() == 1 ? "" : "s",
                        c.documentsInUnreadablePages() < 0 ? "how many documents they held is unknown"
                                : String.format("%,d documents in them", c.documentsInUnreadablePages()));
            }
            out.println();
        }
        if (report.isComplete()) {
            out.println("nothing was found unreadable");
            return ExitCodes.OK;
        }
        out.printf("%d problem%s:%n", report.problems().size(), report.problems().size() == 1 ? "" : "s");
        report.problems().stream().limit(PROBLEMS_SHOWN).forEach(problem -> out.println("  " + problem));
        if (report.problems().size() > PROBLEMS_SHOWN) {
            out.printf("  ... and %d more%n", report.problems().size() - PROBLEMS_SHOWN);
        }
        return ExitCodes.PROBLEMS;
    }
}
