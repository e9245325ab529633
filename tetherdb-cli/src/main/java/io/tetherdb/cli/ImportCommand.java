package io.tetherdb.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.tetherdb.CopyOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJsonException;
import io.tetherdb.document.ExtendedJsonReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tetherdb import FILE --collection C --in PATH}: reads Extended JSON, as mongoexport
 * writes it, into a collection in batches. Bad lines are reported and skipped, or with
 * {@code --stop-on-error} the import stops at the first and leaves the store as it was. Not
 * thread-safe.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Reads documents into a collection from Extended JSON (canonical or relaxed; one document per"
                + " line, or a JSON array), as mongoexport writes them. Opens the store for writing.",
            "A bad line (malformed JSON, a type TetherDB cannot hold, a duplicate _id in insert mode, a missing one in"
                + " replace mode) is reported with its line number and skipped; the command then ends with exit code 1."
                + " With --stop-on-error the import stops at the first bad line and the store is left exactly as it"
                + " was: the input is checked whole before the store is touched, and the store is backed up beside"
                + " its file before the first write and put back if a write is refused."})
class ImportCommand extends StoreCommand {

    enum Mode { insert, upsert, replace }

    @Option(names = {"-c", "--collection"}, paramLabel = "NAME", required = true, description = "The collection.")
    String collection;

    @Option(names = {"-i", "--in"}, paramLabel = "PATH", required = true,
            description = "What to read: a file, or - for standard input.")
    String in;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "insert",
            description = "insert (default: a taken _id is a bad line), upsert (insert or replace by _id), or replace"
                    + " (replace by _id; a missing document is a bad line).")
    Mode mode;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Documents written per batch in insert mode (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--stop-on-error", description = "Stop at the first bad line and leave the store as it was.")
    boolean stopOnError;

    @Option(names = "--create", description = "Create the store file if it does not exist.")
    boolean create;

    private String label;
    private long imported;
    private long rejected;

    @Override
    int run() {
        if (batchSize < 1 || batchSize > 100_000) {
            throw CliFailure.usage("--batch-size must be between 1 and 100000 but was " + batchSize);
        }
        boolean existed = Files.exists(file);
        if (!existed && !create) {
            throw new CliFailure(ExitCodes.STORE, "no store file " + file + " (add --create to make a new one)");
        }
        label = in.equals("-") ? "<stdin>" : in;
        Path input = in.equals("-") ? null : Path.of(in);
        if (input != null && !Files.isRegularFile(input)) {
            throw CliFailure.usage("--in " + in + (Files.isDirectory(input) ? " is a directory" : " does not exist"));
        }
        if (!stopOnError) {
            try (TetherDB db = openForWriting()) {
                read(db.collection(collection), input);
            }
            return summary();
        }
        Path spooled = null;
        try {
            if (input == null) {
                // the input is read twice, checked and then written: keep standard input in a file
                spooled = Files.createTempFile("tetherdb-import-", ".json");
                Files.copy(cli.stdin(), spooled, StandardCopyOption.REPLACE_EXISTING);
                input = spooled;
            }
            if (!read(null, input)) {
                err().printf("tetherdb import: stopped at the first bad line; nothing was imported%n");
                return ExitCodes.PROBLEMS;
            }
            return importRestoringOnFailure(input, existed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (spooled != null) {
                try {
                    Files.deleteIfExists(spooled);
                } catch (IOException e) {
                    err().println("tetherdb import: could not remove " + spooled + ": " + e);
                }
            }
        }
    }

    /**
     * Imports input that parsed whole; if a write is refused or fails, puts back the copy of the
     * store file taken before the first write (or removes a file the import created).
     */
    private int importRestoringOnFailure(Path input, boolean existed) throws IOException {
        TetherDB db = openForWriting();
        Path snapshot = null;
        boolean done = false;
        try {
            if (existed) {
                // taken while this process holds the file's lock, so no writer can slip in between the
                // copy and the import; the core's backup is a complete store or no file at all
                snapshot = file.resolveSibling("." + file.getFileName() + ".tetherdb-import-backup");
                db.backup(snapshot, CopyOptions.defaults().overwrite(true));
            }
            if (!read(db.collection(collection), input)) {
                // the input changed since it was checked
                throw new StopImport();
            }
            db.close();
            done = true;
            return summary();
        } catch (StopImport stop) {
            err().printf("tetherdb import: stopped at the first bad line; the store is left as it was before the"
                    + " import%n");
            return ExitCodes.PROBLEMS;
        } finally {
            if (!done) {
                try {
                    db.close();
                } catch (RuntimeException e) {
                    err().println("tetherdb import: closing the store failed (" + e.getMessage() + "); restoring it");
                }
                if (snapshot != null) {
                    Files.move(snapshot, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(file);
                }
            } else if (snapshot != null) {
                Files.deleteIfExists(snapshot);
            }
        }
    }

    private int summary() {
        out().printf("imported %,d document%s into '%s'%s%n", imported, imported == 1 ? "" : "s", collection,
                rejected == 0 ? "" : String.format("; skipped %,d bad line%s", rejected, rejected == 1 ? "" : "s"));
        return rejected == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /**
     * Reads the input and writes its documents to the target, or only checks it when the target is
     * null.
     *
     * @return whether every document was read (and written)
     */
    private boolean read(TetherCollection target, Path input) {
        long size = -1;
        try {
            if (input != null) {
                size = Files.size(input);
            }
            InputStream source = input == null ? cli.stdin() : Files.newInputStream(input);
            try (CountingStream counting = new CountingStream(source);
                    ExtendedJsonReader reader = new ExtendedJsonReader(
                            new InputStreamReader(counting, StandardCharsets.UTF_8));
                    Progress progress = target == null ? Progress.NONE
                            : progress("Importing", size, "MiB", 1 << 20)) {
                List<Document> batch = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                while (true) {
                    Document document;
                    try {
                        document = reader.read();
                    } catch (ExtendedJsonException e) {
                        reject(reader.line(), e.getMessage());
                        if (stopOnError) {
                            return false;
                        }
                        if (!e.resumable()) {
                            err().printf("tetherdb import: the rest of %s cannot be read after this error%n", label);
                            break;
                        }
                        continue;
                    }
                    if (document == null) {
                        break;
                    }
                    if (target != null) {
                        batch.add(document);
                        lines.add(reader.line());
                        if (batch.size() >= batchSize) {
                            write(target, batch, lines);
                            progress.stepTo(counting.count);
                        }
                    }
                }
                if (target != null) {
                    write(target, batch, lines);
                    progress.stepTo(counting.count);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private void write(TetherCollection target, List<Document> batch, List<Integer> lines) {
        if (batch.isEmpty()) {
            return;
        }
        if (mode == Mode.insert) {
            try {
                target.putBatch(batch);
                imported += batch.size();
                batch.clear();
                lines.clear();
                return;
            } catch (RuntimeException e) {
                if (!FailureTranslator.isDocumentProblem(e)) {
                    throw e;
                }
                // a batch is all or nothing: find the refused documents one by one
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            writeOne(target, batch.get(i), lines.get(i));
        }
        batch.clear();
        lines.clear();
    }

    private void writeOne(TetherCollection target, Document document, int line) {
        try {
            switch (mode) {
                case insert -> target.put(document);
                case upsert -> target.save(document);
                case replace -> {
                    if (!(document.get(Document.ID) instanceof String id)) {
                        refuse(line, "the document has no string _id, so there is nothing to replace");
                        return;
                    }
                    if (!target.replace(id, document)) {
                        refuse(line, "no document with _id '" + id + "' to replace");
                        return;
                    }
                }
            }
            imported++;
        } catch (RuntimeException e) {
            if (!FailureTranslator.isDocumentProblem(e)) {
                throw e;
            }
            refuse(line, e.getMessage());
        }
    }

    private void reject(int line, String reason) {
        rejected++;
        err().printf("%s:%d: %s%n", label, line, reason);
    }

    /** Reports a refused write; with {@code --stop-on-error} ends the import. */
    private void refuse(int line, String reason) {
        reject(line, reason);
        if (stopOnError) {
            throw new StopImport();
        }
    }

    /** Ends an import with {@code --stop-on-error} at its first refused write. */
    private static final class StopImport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopImport() {
            super(null, null, false, false);
        }
    }

    /** Counts the bytes read, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
