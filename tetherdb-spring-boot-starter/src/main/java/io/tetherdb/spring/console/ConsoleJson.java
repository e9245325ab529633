package io.tetherdb.spring.console;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;
import io.tetherdb.document.ExtendedJsonException;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's JSON: writes its answers with a mapper of its own (so that the application's
 * Jackson settings, such as a naming strategy, cannot change what the page reads), turns documents
 * into typed trees and Extended JSON text, and reads the filters, sorts, projections and documents
 * the page sends, turning their errors into problems that carry the position of the error.
 *
 * <p>Stateless and thread-safe.
 */
final class ConsoleJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Pattern OPERATOR = Pattern.compile("\\$[A-Za-z]+");

    private ConsoleJson() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static JsonNode readTree(String text, String what) {
        try {
            return MAPPER.readTree(text);
        }
        catch (JacksonException ex) {
            throw ConsoleProblem.badRequest("The request body is not JSON " + what + ": " + ex.getOriginalMessage());
        }
    }

    /**
     * A document as the page shows it: its id, its typed tree and its relaxed Extended JSON text.
     */
    static ObjectNode document(Document document) {
        ObjectNode node = NODES.objectNode();
        Object id = document.get("_id");
        node.put("id", (id != null) ? id.toString() : null);
        node.set("tree", tree(document));
        node.put("json", ExtendedJson.writePretty(document, ExtendedJson.Mode.RELAXED));
        return node;
    }

    /**
     * A value as a tree of typed nodes, every scalar as text, so that the page shows a long or a
     * decimal exactly (JavaScript numbers would round it) and can label each value with its type.
     */
    static ObjectNode tree(@Nullable Object value) {
        ObjectNode node = NODES.objectNode();
        if (value == null) {
            node.put("type", "null");
        }
        else if (value instanceof Map<?, ?> map) {
            node.put("type", "object");
            ArrayNode fields = node.putArray("fields");
            map.forEach((name, child) -> {
                ObjectNode field = tree(child);
                field.put("name", String.valueOf(name));
                fields.add(field);
            });
        }
        else if (value instanceof List<?> list) {
            node.put("type", "array");
            ArrayNode items = node.putArray("items");
            list.forEach((item) -> items.add(tree(item)));
        }
        else {
            node.put("type", typeName(value));
            node.put("value", scalarText(value));
        }
        return node;
    }

    private static String typeName(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return "int";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Double || value instanceof Float) {
            return "double";
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return "decimal";
        }
        if (value instanceof Instant || value instanceof Date) {
            return "date";
        }
        if (value instanceof byte[]) {
            return "binary";
        }
        return value.getClass().getSimpleName();
    }

    private static String scalarText(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    // ---- reading what the page sends

    static Filter filter(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Filter.all();
        }
        Document parsed;
        try {
            // Extended JSON first, so that a filter can compare with dates and longs
            parsed = ExtendedJson.parseFilter(text);
        }
        catch (ExtendedJsonException ex) {
            if (ex.getCause() == null) {
                throw invalid("filter", text, "Invalid filter: " + ex.getMessage(), ex);
            }
            // a syntax error for Jackson may be the core's own relaxed syntax (a /regex/ literal):
            // the core's parser reads it, or reports the error with its position
            try {
                return Filter.parse(text);
            }
            catch (InvalidQueryException iqe) {
                throw invalid("filter", text, iqe.getMessage(), iqe);
            }
        }
        try {
            return Filter.of(parsed);
        }
        catch (InvalidQueryException ex) {
            throw invalid("filter", text, ex.getMessage(), ex);
        }
    }

    static Sort sort(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Sort.unsorted();
        }
        try {
            return Sort.parse(text);
        }
        catch (InvalidQueryException ex) {
            throw invalid("sort", text, ex.getMessage(), ex);
        }
    }

    static Projection projection(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Projection.all();
        }
        try {
            return Projection.parse(text);
        }
        catch (InvalidQueryException ex) {
            throw invalid("projection", text, ex.getMessage(), ex);
        }
    }

    /**
     * Reads a document as relaxed Extended JSON: single quotes and bare names allowed, type
     * wrappers such as {@code {$date: '...'}} read as values.
     */
    static Document document(String text) {
        try {
            return ExtendedJson.parseFilter(text);
        }
        catch (MalformedJsonException ex) {
            throw invalid("document", text, "Invalid document: " + ex.getMessage(), ex);
        }
    }

    /**
     * A refused query text as a 400 problem naming the part ({@code field}) and, where known, the
     * position of the error: the parser's line, column and offset, or else the first place where
     * the operator the message names occurs.
     */
    static ConsoleProblem invalid(String part, String text, String message, Throwable ex) {
        ConsoleProblem problem = new ConsoleProblem(400, "Invalid " + part, message, ex).with("field", part);
        MalformedJsonException position = positionOf(ex);
        if (position != null && position.line() > 0) {
            problem.with("line", position.line()).with("column", position.column());
            long offset = (position.offset() >= 0) ? position.offset() : offsetOf(text, position.line(), position.column());
            if (offset >= 0) {
                problem.with("offset", Math.min(offset, text.length()));
            }
            return problem;
        }
        Matcher operator = OPERATOR.matcher(message);
        if (operator.find()) {
            int at = text.indexOf(operator.group());
            if (at >= 0) {
                problem.with("offset", at).with("length", operator.group().length());
            }
        }
        return problem;
    }

    private static @Nullable MalformedJsonException positionOf(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof MalformedJsonException malformed) {
                return malformed;
            }
        }
        return null;
    }

    private static long offsetOf(String text, int line, int column) {
        int at = 0;
        for (int current = 1; current < line; current++) {
            int next = text.indexOf('\n', at);
            if (next < 0) {
                return -1;
            }
            at = next + 1;
        }
        return at + Math.max(0, column - 1);
    }

}
