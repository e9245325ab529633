package io.tetherdb.document;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Reads documents one at a time from Extended JSON text, as {@code mongoexport} writes it: one
 * document per line (JSON lines, blank lines skipped), or a JSON array of documents when the text
 * starts with {@code [} (which may be indented over many lines). Memory holds one document at a
 * time. A bad document is an {@link ExtendedJsonException} naming its line; after it
 * {@link #read()} goes on with the next document, except after a syntax error inside an array
 * ({@link ExtendedJsonException#resumable()} is then false and the reader is at its end). Not
 * thread-safe.
 *
 * @since 0.2
 */
public final class ExtendedJsonReader implements Closeable {

    private final BufferedReader in;
    private final boolean array;
    private JsonParser parser;
    private int line;
    private int element;
    private boolean finished;

    /**
     * @param in the text; not null. It is closed by {@link #close()}.
     * @throws UncheckedIOException if the text cannot be read
     */
    public ExtendedJsonReader(Reader in) {
        this.in = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in, 1 << 16);
        try {
            this.array = startsWithBracket();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean startsWithBracket() throws IOException {
        in.mark(1 << 16);
        int c;
        int read = 0;
        do {
            c = in.read();
            read++;
        } while (c != -1 && (Character.isWhitespace(c) || c == '\uFEFF') && read < (1 << 16) - 1);
        in.reset();
        return c == '[';
    }

    /** @return whether the text is a JSON array rather than one document per line */
    public boolean isArray() {
        return array;
    }

    /**
     * Reads the next document.
     *
     * @return the document, or null at the end of the text
     * @throws ExtendedJsonException if the next document is bad; its line is {@link #line()}
     * @throws UncheckedIOException if the text cannot be read
     */
    public Document read() {
        if (finished) {
            return null;
        }
        try {
            return array ? readElement() : readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the line on which the document last read (or refused) starts, 1-based; 0 before the first */
    public int line() {
        return line;
    }

    private Document readLine() throws IOException {
        String text;
        do {
            text = in.readLine();
            if (text == null) {
                finished = true;
                return null;
            }
            line++;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        } while (text.isBlank());
        return ExtendedJson.parseDocument(text, line);
    }

    private Document readElement() {
        if (parser == null) {
            parser = ExtendedJson.STRICT.createParser(ObjectReadContext.empty(), in);
        }
        ExtendedJson.ValueReader values = new ExtendedJson.ValueReader(parser, 0, false);
        try {
            if (element == 0 && parser.currentToken() == null) {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    finished = true;
                    return null;
                }
                if (first != JsonToken.START_ARRAY) {
                    throw fatal(values, "Expected a JSON array of documents");
                }
            }
            JsonToken token = parser.nextToken();
            line = parser.currentTokenLocation().getLineNr();
            if (token == JsonToken.END_ARRAY) {
                finished = true;
                JsonToken trailing = parser.nextToken();
                if (trailing != null) {
                    throw fatal(values, "Unexpected content after the array of documents: " + trailing);
                }
                return null;
            }
            if (token == null) {
                throw fatal(values, "The array of documents is not closed with ]");
            }
            element++;
            try {
                return values.readDocumentValue(token);
            } catch (ExtendedJsonException e) {
                skipToArrayLevel();
                throw e;
            }
        } catch (JacksonException e) {
            finished = true;
            throw ExtendedJson.syntax(e, 0, false);
        }
    }

    /** After a bad element, moves past its end so that the next read starts at the next element. */
    private void skipToArrayLevel() {
        if (parser.currentToken() == JsonToken.START_ARRAY || parser.currentToken() == JsonToken.START_OBJECT) {
            parser.skipChildren();
        }
        while (parser.streamReadContext().getNestingDepth() > 1) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return;
            }
            if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
                parser.skipChildren();
            }
        }
    }

    private ExtendedJsonException fatal(ExtendedJson.ValueReader values, String problem) {
        finished = true;
        return values.error(problem, false);
    }

    @Override
    public void close() throws IOException {
        try {
            if (parser != null) {
                parser.close();
            }
        } finally {
            in.close();
        }
    }
}
