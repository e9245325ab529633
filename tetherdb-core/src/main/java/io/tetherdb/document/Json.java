package io.tetherdb.document;

import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Reads and writes JSON text with Jackson's streaming parser and generator. Reading is relaxed as
 * in Spring Data MongoDB's {@code @Query}: single-quoted strings, unquoted field names, comments
 * and trailing commas are accepted. Integers become {@link Integer} or {@link Long}, other
 * numbers {@link Double}, objects {@link Document}, arrays {@link List}.
 *
 * <p>Thread-safe: holds only an immutable, shared Jackson factory.
 *
 * @since 0.1
 */
public final class Json {

    /** Deepest nesting of objects and arrays the reader accepts. */
    public static final int MAX_NESTING_DEPTH = 1000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private Json() {
    }

    /**
     * Parses text that must hold exactly one JSON object.
     *
     * @param json the text; not null
     * @return the object as a document
     * @throws MalformedJsonException if the text is not exactly one JSON object
     */
    public static Document parseDocument(String json) {
        Object value = parse(json);
        if (!(value instanceof Document document)) {
            throw new MalformedJsonException("Expected a JSON object but found "
                    + (value == null ? "null" : describe(value)), 1, 1, 0, null);
        }
        return document;
    }

    /**
     * Parses text that holds exactly one JSON value.
     *
     * @param json the text; not null
     * @return the value: a document, list, string, number, boolean or null
     * @throws MalformedJsonException if the text is not exactly one JSON value
     */
    public static Object parse(String json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("Empty JSON text", parser.currentLocation(), null);
            }
            Object value = readValue(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw malformed("Unexpected content after the JSON value: " + trailing,
                        parser.currentTokenLocation(), null);
            }
            return value;
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            throw malformed(e.getOriginalMessage(), location == null ? TokenStreamLocation.NA : location, e);
        }
    }

    private static Object readValue(JsonParser parser, JsonToken token) {
        switch (token) {
            case START_OBJECT: {
                Document document = new Document();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    document.put(name, readValue(parser, parser.nextToken()));
                }
                if (next != JsonToken.END_OBJECT) {
                    throw malformed("Unexpected token " + next + " in object", parser.currentTokenLocation(), null);
                }
                return document;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw malformed("Unterminated array", parser.currentLocation(), null);
                    }
                    list.add(readValue(parser, next));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getString();
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return parser.getIntValue();
                    case LONG:
                        return parser.getLongValue();
                    default:
                        BigInteger big = parser.getBigIntegerValue();
                        throw malformed("Integer " + big + " is outside the 64-bit range",
                                parser.currentTokenLocation(), null);
                }
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw malformed("Unexpected token " + token, parser.currentTokenLocation(), null);
        }
    }

    private static MalformedJsonException malformed(String problem, TokenStreamLocation location, Throwable cause) {
        return new MalformedJsonException(problem, location.getLineNr(), location.getColumnNr(),
                location.getCharOffset(), cause);
    }

    /**
     * Writes a value as compact JSON. {@code byte[]} is written as a Base64 string and
     * {@link Instant} as an ISO-8601 string.
     *
     * @param value a document, map, list or scalar; may be null
     * @return the JSON text
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            writeValue(generator, value, 0);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator generator, Object value, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw new InvalidDocumentException("Value nested deeper than " + MAX_NESTING_DEPTH
                    + " levels cannot be written as JSON");
        }
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            generator.writeNumber(l);
        } else if (value instanceof Number n) {
            generator.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                generator.writeName(String.valueOf(e.getKey()));
                writeValue(generator, e.getValue(), depth + 1);
            }
            generator.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                writeValue(generator, element, depth + 1);
            }
            generator.writeEndArray();
        } else if (value instanceof byte[] bytes) {
            generator.writeString(Base64.getEncoder().encodeToString(bytes));
        } else {
            generator.writeString(value.toString());
        }
    }

    private static String describe(Object value) {
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        return "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
