package io.tetherdb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;

/**
 * Writes documents as CSV (RFC 4180): a header of the field paths, then one row per document.
 * Strings, numbers and booleans are written as text, dates as ISO-8601, binary as Base64,
 * documents and arrays as relaxed Extended JSON, and null or missing fields as an empty cell. Not
 * thread-safe.
 */
final class CsvWriter {

    private final Writer out;
    private final List<String> fields;
    private long written;

    CsvWriter(Writer out, List<String> fields) {
        this.out = out;
        this.fields = List.copyOf(fields);
        row(fields.stream().map(f -> (Object) f).toList());
    }

    void write(Document document) {
        row(fields.stream().map(f -> resolve(document, f)).toList());
        written++;
    }

    long written() {
        return written;
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the value at a dotted path through documents and array positions, or null */
    static Object resolve(Object value, String path) {
        for (String segment : path.split("\\.", -1)) {
            if (value instanceof Map<?, ?> map) {
                value = map.get(segment);
            } else if (value instanceof List<?> list && segment.matches("0|[1-9][0-9]{0,8}")
                    && Integer.parseInt(segment) < list.size()) {
                value = list.get(Integer.parseInt(segment));
            } else {
                return null;
            }
        }
        return value;
    }

    private void row(List<Object> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(text(cells.get(i))));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return ExtendedJson.writeValue(value, ExtendedJson.Mode.RELAXED);
    }

    private static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
