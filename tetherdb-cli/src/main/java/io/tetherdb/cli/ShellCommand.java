package io.tetherdb.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.FindQuery;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.query.InvalidQueryException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tetherdb shell FILE}: reads queries interactively, with line editing and a history kept in
 * the user's home, and prints their results as Extended JSON lines. Opens the store read-only. On
 * no terminal (piped input) it reads lines plainly, so scripts can drive it. Not thread-safe.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Runs queries interactively on a store opened read-only, with line editing and a history"
                + " (~/.tetherdb_history). Type help for the commands: use COLLECTION, a filter such as"
                + " {age: {$gte: 18}}, count FILTER, explain FILTER, .sort/.skip/.limit/.projection, exit.",
            "Without a terminal it reads commands from standard input, one per line."})
class ShellCommand extends StoreCommand {

    /** Documents a query prints when no .limit is set. */
    static final int DEFAULT_SHOWN = 20;

    @Option(names = {"-c", "--collection"}, paramLabel = "NAME", description = "The collection to start in.")
    String collection;

    @Option(names = "--history", paramLabel = "PATH", description = "The history file (default: ~/.tetherdb_history).")
    Path history;

    private TetherDB db;
    private PrintWriter out;
    private String sort;
    private Long skip;
    private Long limit;
    private String projection;

    @Override
    int run() {
        Path historyFile = history != null ? history
                : Path.of(System.getProperty("user.home"), ".tetherdb_history");
        try (TetherDB opened = openReadOnly(); Terminal terminal = terminal()) {
            db = opened;
            if (collection != null) {
                existingCollection(db, collection);
            }
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("tetherdb")
                    .variable(LineReader.HISTORY_FILE, historyFile).build();
            out = terminal.writer();
            out.println("tetherdb shell on " + file + " (read-only); help lists the commands");
            try {
                while (true) {
                    String line;
                    try {
                        line = reader.readLine((collection == null ? "" : collection) + "> ");
                    } catch (UserInterruptException e) {
                        // Ctrl-C drops the line being typed, as in other shells
                        continue;
                    } catch (EndOfFileException e) {
                        // end the prompt's line
                        out.println();
                        break;
                    }
                    if (!execute(line.strip())) {
                        break;
                    }
                    out.flush();
                }
            } finally {
                out.flush();
                try {
                    reader.getHistory().save();
                } catch (IOException e) {
                    err().println("tetherdb shell: the history cannot be saved to " + historyFile + " (" + e + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ExitCodes.OK;
    }

    /** The system terminal when input is the console's, else a plain one over the command's streams. */
    private Terminal terminal() throws IOException {
        if (System.console() != null && cli.stdin() == System.in) {
            return TerminalBuilder.builder().system(true).build();
        }
        return new DumbTerminal("tetherdb", Terminal.TYPE_DUMB, cli.stdin(), new WriterStream(out()),
                StandardCharsets.UTF_8);
    }

    /** @return false when the shell is to end */
    private boolean execute(String line) {
        if (line.isEmpty() || line.startsWith("//")) {
            return true;
        }
        String word = line.split("\\s+", 2)[0];
        String rest = line.substring(word.length()).strip();
        try {
            switch (word) {
                case "exit", "quit" -> {
                    return false;
                }
                case "help" -> help();
                case "collections", "show" -> collections();
                case "use" -> {
                    existingCollection(db, rest);
                    collection = rest;
                }
                case "count" -> out.println(find(rest).count());
                case "explain" -> out.println(ExtendedJson.write(QueryCommand.plan(find(rest).explain()),
                        ExtendedJson.Mode.RELAXED));
                case ".sort" -> sort = rest.equals("off") ? null : rest;
                case ".projection" -> projection = rest.equals("off") ? null : rest;
                case ".skip" -> skip = number(rest, ".skip");
                case ".limit" -> limit = number(rest, ".limit");
                case ".options" -> out.printf("sort %s, skip %s, limit %s, projection %s%n", text(sort), text(skip),
                        text(limit), text(projection));
                default -> {
                    if (!line.startsWith("{")) {
                        throw CliFailure.usage("unknown command '" + word + "' (help lists the commands)");
                    }
                    query(line);
                }
            }
        } catch (CliFailure | IllegalArgumentException | InvalidQueryException | MalformedJsonException e) {
            // a mistyped line: say why and read the next one
            out.println("error: " + FailureTranslator.message(e));
        }
        return true;
    }

    private void query(String filter) {
        FindQuery find = find(filter);
        if (sort != null) {
            find = find.sort(sort);
        }
        if (skip != null) {
            find = find.skip(skip);
        }
        if (projection != null) {
            find = find.projection(projection);
        }
        long shown = limit != null ? limit : DEFAULT_SHOWN;
        if (limit != null) {
            find = find.limit(limit);
        }
        long printed = 0;
        boolean more = false;
        try (Stream<Document> documents = find.stream()) {
            for (Iterator<Document> it = documents.iterator(); it.hasNext(); ) {
                Document document = it.next();
                if (limit == null && printed == shown) {
                    more = true;
                    break;
                }
                out.println(ExtendedJson.write(document, ExtendedJson.Mode.RELAXED));
                printed++;
            }
        }
        if (more) {
            out.printf("(first %d shown; .limit N shows more)%n", shown);
        } else {
            out.printf("(%d document%s)%n", printed, printed == 1 ? "" : "s");
        }
    }

    private FindQuery find(String filter) {
        if (collection == null) {
            throw CliFailure.usage("no collection chosen: use COLLECTION first (collections lists them)");
        }
        TetherCollection source = existingCollection(db, collection);
        String text = filter.isEmpty() ? "{}" : filter;
        Document parsed = FilterText.parse(text);
        return parsed != null ? source.find(parsed) : source.find(text);
    }

    private void collections() {
        List<String> names = db.collectionNames();
        if (names.isEmpty()) {
            out.println("(no collections)");
        }
        for (String name : names) {
            long count = db.collection(name).count();
            out.printf("%s: %,d document%s%n", name, count, count == 1 ? "" : "s");
        }
    }

    private void help() {
        out.println("""
                collections           list the collections with their document counts
                use NAME              query collection NAME from now on
                {FILTER}              print the matching documents (first %d unless .limit is set)
                count [FILTER]        count the matching documents
                explain [FILTER]      show how the query runs (index, keys and documents examined)
                .sort SPEC|off        sort the results, such as .sort {age: -1}
                .skip N|off           skip the first N results
                .limit N|off          print at most N results
                .projection SPEC|off  fields to include or exclude, such as .projection {name: 1}
                .options              show the options in force
                exit                  leave (Ctrl-D too)""".formatted(DEFAULT_SHOWN));
    }

    private static Long number(String text, String option) {
        if (text.equals("off")) {
            return null;
        }
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliFailure.usage(option + " takes a number of 0 or more, or off, but was '" + text + "'");
        }
    }

    private static String text(Object value) {
        return value == null ? "off" : value.toString();
    }

    /**
     * The bytes the plain terminal writes, as text on the command's output writer; the terminal
     * encodes whole characters before each flush, so decoding per flush splits none.
     */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter writer;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            writer.write(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            writer.flush();
        }
    }
}
