package io.tetherdb.document;

import java.io.StringWriter;
import java.math.BigDecimal;
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
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * Reads and writes JSON text with Jackson's streaming parser and generator. Reading is relaxed as
 * in Spring Data MongoDB's {@code @Query} and the MongoDB shell: single-quoted strings, unquoted
 * field names, comments, trailing commas and the literals {@code NaN}, {@code Infinity} and
 * {@code -Infinity} are accepted. Integers become {@link Integer} or {@link Long}, other numbers
 * {@link Double}, objects {@link Document}, arrays {@link List}. A number that does not fit
 * (an integer beyond 64 bits, a decimal beyond the range of a double such as {@code 1e400}, a
 * nonzero decimal closer to zero than the smallest double such as {@code 1e-400}) is refused
 * rather than rounded to something else (subnormal doubles such as {@code 5e-324} are kept); a later key repeated in one object replaces the
 * earlier one ({@link #parseDocumentWithUniqueKeys} refuses it instead). Writing produces the same
 * dialect, so that {@code NaN} and infinities read back.
 *
 * <p>Decimals are written and read in Extended JSON's form, {@code {"$numberDecimal": "12.50"}},
 * which reads as a {@link BigDecimal} with its scale ({@link Decimals#parse}); a {@link BigInteger}
 * is written the same way. The wrapper must be an object with that one field and a string value;
 * text that is not a decimal within {@link Decimals}' limits, {@code "NaN"} and the infinities
 * included, is a {@link MalformedJsonException} naming the path, as is a 35-digit number.
 *
 * <p>Limits, each a {@link MalformedJsonException} with the position: nesting of objects and
 * arrays ({@value #MAX_NESTING_DEPTH} levels for any text, {@value DocumentCodec#MAX_NESTING_DEPTH}
 * for {@link #parseDocument(String) a document}, which is what a store accepts), strings and
 * field names of at most {@value #MAX_STRING_LENGTH} characters (the largest document a store can
 * be configured to hold, so that any string a store could take can be read), and numbers of at
 * most 1000 characters.
 *
 * <p>Thread-safe: holds only an immutable, shared Jackson factory.
 *
 * @since 0.1
 */
public final class Json {

    /**
     * Deepest nesting of objects and arrays the reader accepts in any text: enough for a filter
     * nested as deeply as filters may be, whose operands may be documents.
     */
    public static final int MAX_NESTING_DEPTH = 1000;

    /**
     * Longest string or field name, in characters, the reader accepts: 1 GiB, the largest maximum
     * document size a store can be configured with ({@code TetherOptions.MAX_MAX_DOCUMENT_SIZE}).
     */
    public static final int MAX_STRING_LENGTH = 1024 * 1024 * 1024;

    /** Extended JSON's wrapper of a decimal's text. */
    public static final String NUMBER_DECIMAL = "$numberDecimal";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // NaN and infinities are written as the literals the reader accepts, not as strings.
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            // The reader checks nesting itself, with the limit of the call; Jackson's limit, one
            // above the largest, is only a backstop. Jackson's default string limit (100 million
            // characters) is replaced by ours, so that it is a deliberate choice.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH + 1)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_STRING_LENGTH)
                    .build())
            .build();

    private Json() {
    }

    /**
     * Parses text that must hold exactly one JSON object that a store could hold: nested at most
     * {@value DocumentCodec#MAX_NESTING_DEPTH} levels.
     *
     * @param json the text; not null
     * @return the object as a document
     * @throws MalformedJsonException if the text is not exactly one JSON object, or breaks a limit
     */
    public static Document parseDocument(String json) {
        return parseDocument(json, DocumentCodec.MAX_NESTING_DEPTH);
    }

    /**
     * Parses text that must hold exactly one JSON object nested at most {@code maxDepth} levels;
     * query text, whose operators add levels, uses {@link #MAX_NESTING_DEPTH}.
     *
     * @param json the text; not null
     * @param maxDepth deepest nesting of objects and arrays allowed, the object itself being level 1;
     *        between 1 and {@value #MAX_NESTING_DEPTH}
     * @return the object as a document
     * @throws MalformedJsonException if the text is not exactly one JSON object, or breaks a limit
     */
    public static Document parseDocument(String json, int maxDepth) {
        return document(parse(json, maxDepth, false));
    }

    /**
     * Parses text that must hold exactly one JSON object, as {@link #parseDocument(String)} does,
     * but refuses a field name repeated in one object instead of keeping the later value: for
     * specifications such as a sort or a projection, where a repeated field is a mistake that
     * last-wins would hide.
     *
     * @param json the text; not null
     * @return the object as a document
     * @throws MalformedJsonException if the text is not exactly one JSON object, breaks a limit or
     *         repeats a field name in one object (the message names it and its path)
     * @since 0.2
     */
    public static Document parseDocumentWithUniqueKeys(String json) {
        return document(parse(json, DocumentCodec.MAX_NESTING_DEPTH, true));
    }

    private static Document document(Object value) {
        if (!(value instanceof Document document)) {
            throw new MalformedJsonException("Expected a JSON object but found "
                    + (value == null ? "null" : describe(value)), 1, 1, 0, null);
        }
        return document;
    }

    /**
     * Parses text that holds exactly one JSON value, nested at most {@value #MAX_NESTING_DEPTH}
     * levels.
     *
     * @param json the text; not null
     * @return the value: a document, list, string, number, boolean or null
     * @throws MalformedJsonException if the text is not exactly one JSON value, or breaks a limit
     */
    public static Object parse(String json) {
        return parse(json, MAX_NESTING_DEPTH, false);
    }

    private static Object parse(String json, int maxDepth, boolean uniqueKeys) {
        if (maxDepth < 1 || maxDepth > MAX_NESTING_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be between 1 and " + MAX_NESTING_DEPTH
                    + " but was " + maxDepth);
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("Empty JSON text", parser.currentLocation(), null);
            }
            Object value = readValue(parser, first, 1, maxDepth, uniqueKeys);
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

    private static Object readValue(JsonParser parser, JsonToken token, int depth, int maxDepth,
            boolean uniqueKeys) {
        switch (token) {
            case START_OBJECT: {
                TokenStreamLocation start = parser.currentTokenLocation();
                JsonToken next = parser.nextToken();
                if (next == JsonToken.PROPERTY_NAME && parser.currentName().equals(NUMBER_DECIMAL)) {
                    // the wrapper stands for a number: it adds no level of nesting
                    return readDecimal(parser);
                }
                checkDepth(start, depth, maxDepth);
                Document document = new Document();
                for (; next == JsonToken.PROPERTY_NAME; next = parser.nextToken()) {
                    String name = parser.currentName();
                    if (name.equals(NUMBER_DECIMAL)) {
                        throw malformed(NUMBER_DECIMAL + " at " + enclosingPath(parser)
                                + " must be the only field of its object", parser.currentTokenLocation(), null);
                    }
                    if (uniqueKeys && document.containsKey(name)) {
                        throw malformed("Field '" + name + "' appears twice in the object at " + enclosingPath(parser),
                                parser.currentTokenLocation(), null);
                    }
                    document.put(name, readValue(parser, parser.nextToken(), depth + 1, maxDepth, uniqueKeys));
                }
                if (next != JsonToken.END_OBJECT) {
                    throw malformed("Unexpected token " + next + " in object", parser.currentTokenLocation(), null);
                }
                return document;
            }
            case START_ARRAY: {
                checkDepth(parser.currentTokenLocation(), depth, maxDepth);
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw malformed("Unterminated array", parser.currentLocation(), null);
                    }
                    list.add(readValue(parser, next, depth + 1, maxDepth, uniqueKeys));
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
                        throw malformed("Integer " + abbreviate(parser.getString()) + " at " + path(parser)
                                + " is outside the 64-bit range; write it with a decimal point or an exponent to"
                                + " store it as a double", parser.currentTokenLocation(), null);
                }
            case VALUE_NUMBER_FLOAT: {
                double d = parser.getDoubleValue();
                // Only the literals Infinity and -Infinity mean infinity; 1e400 overflows instead.
                if (Double.isInfinite(d) && parser.getString().indexOf('I') < 0) {
                    throw malformed("Number " + abbreviate(parser.getString()) + " at " + path(parser)
                            + " is outside the range of a double; write Infinity to mean infinity",
                            parser.currentTokenLocation(), null);
                }
                // A nonzero number too small for even the smallest subnormal double would be read as
                // zero, a different number, just as 1e400 would be read as infinity.
                if (d == 0.0 && hasNonzeroDigit(parser.getString())) {
                    throw malformed("Number " + abbreviate(parser.getString()) + " at " + path(parser)
                            + " is too close to zero for a double (it would be read as 0); the smallest is"
                            + " 4.9e-324, and 0 is written 0", parser.currentTokenLocation(), null);
                }
                return d;
            }
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

    /** @return whether the significand of a number literal (before any exponent) has a digit other than 0 */
    static boolean hasNonzeroDigit(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** Reads the rest of a {@code {"$numberDecimal": "..."}} wrapper, its field name just read. */
    private static BigDecimal readDecimal(JsonParser parser) {
        String where = enclosingPath(parser);
        JsonToken token = parser.nextToken();
        if (token != JsonToken.VALUE_STRING) {
            throw malformed(NUMBER_DECIMAL + " at " + where + " needs the decimal as a string, such as \"12.50\", not "
                    + token, parser.currentTokenLocation(), null);
        }
        BigDecimal decimal;
        try {
            decimal = Decimals.parse(parser.getString());
        } catch (IllegalArgumentException e) {
            throw malformed(NUMBER_DECIMAL + " at " + where + " " + e.getMessage(), parser.currentTokenLocation(), null);
        }
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            throw malformed(NUMBER_DECIMAL + " at " + where + " must be the only field of its object",
                    parser.currentTokenLocation(), null);
        }
        return decimal;
    }

    private static void checkDepth(TokenStreamLocation location, int depth, int maxDepth) {
        if (depth > maxDepth) {
            throw malformed("Objects and arrays nested deeper than " + maxDepth + " levels"
                    + (maxDepth == DocumentCodec.MAX_NESTING_DEPTH ? " (the most a document may have)" : ""),
                    location, null);
        }
    }

    /** @return the dotted path of the current value, as in the messages of the write-side checks */
    private static String path(JsonParser parser) {
        return path(parser.streamReadContext());
    }

    /** @return the dotted path of the object whose field the parser is in */
    private static String enclosingPath(JsonParser parser) {
        return path(parser.streamReadContext().getParent());
    }

    /** @return the quoted dotted path of a parse context, or "the top level"; shared with {@link ExtendedJson} */
    static String path(TokenStreamContext innermost) {
        List<String> segments = new ArrayList<>();
        for (TokenStreamContext context = innermost; context != null && !context.inRoot();
                context = context.getParent()) {
            String segment = context.inArray() ? String.valueOf(Math.max(0, context.getCurrentIndex()))
                    : context.currentName();
            segments.add(segment == null ? "?" : segment);
        }
        if (segments.isEmpty()) {
            return "the top level";
        }
        java.util.Collections.reverse(segments);
        return "'" + String.join(".", segments) + "'";
    }

    private static String abbreviate(String number) {
        return number.length() <= 40 ? number : number.substring(0, 20) + "..." + number.substring(number.length() - 10)
                + " (" + number.length() + " characters)";
    }

    private static MalformedJsonException malformed(String problem, TokenStreamLocation location, Throwable cause) {
        return new MalformedJsonException(problem, location.getLineNr(), location.getColumnNr(),
                location.getCharOffset(), cause);
    }

    /**
     * Writes a value as compact JSON. {@code byte[]} is written as a Base64 string,
     * {@link Instant} as an ISO-8601 string and {@link BigDecimal} as {@code {"$numberDecimal": "..."}}.
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
        } else if (value instanceof BigDecimal || value instanceof BigInteger) {
            generator.writeStartObject();
            generator.writeName(NUMBER_DECIMAL);
            generator.writeString(value instanceof BigInteger i ? Decimals.of(i).toString() : value.toString());
            generator.writeEndObject();
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
        if (value instanceof BigDecimal) {
            return "a decimal";
        }
        return "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
