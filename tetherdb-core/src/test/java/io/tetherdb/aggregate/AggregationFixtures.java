package io.tetherdb.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;

/**
 * Test data for aggregation tests in relaxed JSON, where {@code {$date: '...'}} stands for an
 * {@link Instant}, and a canonical text form of results to compare them by (types included: an int
 * prints as {@code 1}, a double as {@code 1.0}).
 */
final class AggregationFixtures {

    private AggregationFixtures() {
    }

    /** @return the documents of a JSON array, with dates read */
    @SuppressWarnings("unchecked")
    static List<Document> documents(String jsonArray) {
        List<Document> documents = new ArrayList<>();
        for (Object element : (List<?>) Json.parse(jsonArray)) {
            documents.add((Document) dates(element));
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Object dates(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("$date") instanceof String text) {
                return Instant.parse(text);
            }
            Document copy = new Document();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, dates(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(dates(v)));
            return copy;
        }
        return value;
    }

    /** @return the pipeline's stages, with dates read */
    @SuppressWarnings("unchecked")
    static List<Map<String, ?>> pipeline(String jsonArray) {
        List<Map<String, ?>> stages = new ArrayList<>();
        for (Object stage : (List<?>) Json.parse(jsonArray)) {
            stages.add((Map<String, ?>) dates(stage));
        }
        return stages;
    }

    /** @return a canonical text of values, with types visible */
    static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ", ").append(e.getKey()).append(": ");
                write(out, e.getValue());
                first = false;
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof String s) {
            out.append('\'').append(s).append('\'');
        } else if (value instanceof Instant i) {
            out.append("date(").append(i).append(')');
        } else if (value instanceof Double d) {
            out.append(d.doubleValue() == Math.rint(d) && !d.isInfinite() ? String.format("%.1f", d) : d.toString());
        } else if (value instanceof java.math.BigDecimal d) {
            out.append("decimal(").append(d.toPlainString()).append(')');
        } else {
            out.append(value);
        }
    }
}
