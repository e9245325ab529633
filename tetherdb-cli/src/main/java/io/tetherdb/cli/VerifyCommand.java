package io.tetherdb.cli;

import java.io.PrintWriter;

import io.tetherdb.TetherDB;
import io.tetherdb.VerifyReport;
import picocli.CommandLine.Command;

/**
 * {@code tetherdb verify FILE}: checks the whole store and prints what it checked and every
 * problem. Opens the store read-only. Not thread-safe.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks a store: every document decodes, every index and the expiry index match the documents,"
                + " unique keys are held once, the metadata names exactly the maps in the file. Opens the store"
                + " read-only.", "Exit code 0 when it is clean, 1 when problems were found."})
class VerifyCommand extends StoreCommand {

    @Override
    int run() {
        VerifyReport report = verify();
        PrintWriter out = out();
        out.printf("checked %,d collection%s, %,d documents, %,d index entries, %,d expiry entries%n",
                report.collections(), report.collections() == 1 ? "" : "s", report.documents(),
                report.indexEntries(), report.expiryEntries());
        if (report.isClean()) {
            out.println("clean: no problems found");
            return ExitCodes.OK;
        }
        // when the list is cut, its last entry says how many more there were
        out.printf("%d problem%s:%n", report.problems().size(), report.problems().size() == 1 ? "" : "s");
        for (var problem : report.problems()) {
            out.println("  " + problem);
        }
        return ExitCodes.PROBLEMS;
    }

    private VerifyReport verify() {
        // verify() reports no progress while it runs: the bar shows the time it has taken
        try (TetherDB db = openReadOnly(); Progress progress = progress("Verifying", -1, null, 1)) {
            return db.verify();
        }
    }
}
