package io.tetherdb.document;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Objects;

/**
 * Writes documents one at a time as Extended JSON: one document per line (JSON lines, what
 * {@code mongoimport} reads by default) or a JSON array with one document per line (what
 * {@code mongoimport --jsonArray} reads). Memory holds one document at a time. Not thread-safe.
 *
 * @since 0.2
 */
public final class ExtendedJsonWriter implements Closeable {

    private final Writer out;
    private final ExtendedJson.Mode mode;
    private final boolean array;
    private long written;
    private boolean closed;

    /**
     * @param out where the text goes; not null. {@link #close()} flushes it but leaves it open.
     * @param mode canonical or relaxed; not null
     * @param array whether to write a JSON array rather than JSON lines
     */
    public ExtendedJsonWriter(Writer out, ExtendedJson.Mode mode, boolean array) {
        this.out = Objects.requireNonNull(out, "out must not be null");
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        this.array = array;
    }

    /**
     * Writes one document.
     *
     * @param document the document; not null
     * @throws InvalidDocumentException if a value has no Extended JSON form
     * @throws UncheckedIOException if the text cannot be written
     */
    public void write(Map<String, ?> document) {
        if (closed) {
            throw new IllegalStateException("the writer is closed");
        }
        String text = ExtendedJson.write(document, mode);
        try {
            if (array) {
                out.write(written == 0 ? "[\n" : ",\n");
                out.write(text);
            } else {
                out.write(text);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written++;
    }

    /** @return how many documents were written */
    public long written() {
        return written;
    }

    /** Ends the array, if one is written, and flushes; the underlying writer stays open. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (array) {
            out.write(written == 0 ? "[]\n" : "\n]\n");
        }
        out.flush();
    }
}
