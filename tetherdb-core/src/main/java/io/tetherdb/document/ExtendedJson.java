package io.tetherdb.document;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.util.DefaultPrettyPrinter;

/**
 * Reads and writes MongoDB Extended JSON v2, canonical and relaxed, as {@code mongoexport} and
 * {@code mongoimport} do, mapping its types to TetherDB's. Stateless and thread-safe.
 *
 * <table>
 * <caption>Extended JSON types and TetherDB values</caption>
 * <tr><th>Extended JSON</th><th>read as</th><th>written from</th></tr>
 * <tr><td>{@code {"$numberInt": "7"}}, relaxed {@code 7}</td><td>{@link Integer} (a relaxed
 *     integer beyond 32 bits: {@link Long})</td><td>{@code Integer}, {@code Short}, {@code Byte}</td></tr>
 * <tr><td>{@code {"$numberLong": "7"}}, relaxed {@code 7}</td><td>{@link Long}</td><td>{@code Long};
 *     relaxed writes a plain number, which reads back as an {@code Integer} when it fits 32 bits</td></tr>
 * <tr><td>{@code {"$numberDouble": "1.5"}} ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"},
 *     {@code "-0.0"}), relaxed {@code 1.5}</td><td>{@link Double}</td><td>{@code Double},
 *     {@code Float}; relaxed writes finite doubles as numbers with a point or exponent
 *     ({@code 1.0}, {@code -0.0}) and the others as {@code $numberDouble}</td></tr>
 * <tr><td>{@code {"$numberDecimal": "12.50"}}</td><td>{@link BigDecimal}, scale kept; NaN and
 *     infinities refused</td><td>{@code BigDecimal}, {@code BigInteger}</td></tr>
 * <tr><td>{@code {"$date": {"$numberLong": "ms"}}}, relaxed {@code {"$date": "ISO-8601"}}; also
 *     {@code {"$date": ms}}</td><td>{@link Instant}</td><td>{@code Instant}, {@code Date}: see
 *     below</td></tr>
 * <tr><td>{@code {"$binary": {"base64": "...", "subType": "00"}}}, also the legacy
 *     {@code {"$binary": "...", "$type": "00"}}</td><td>subtype 00: {@code byte[]}; subtype 04
 *     (UUID): the UUID's text, as TetherDB stores a {@link UUID}; others refused</td><td>{@code byte[]},
 *     always subtype 00</td></tr>
 * <tr><td>{@code {"$uuid": "..."}}</td><td>the UUID's text</td><td>-</td></tr>
 * <tr><td>{@code {"$oid": "..."}}</td><td>its 24 hex digits as a lower-case {@link String}: TetherDB
 *     ids are strings</td><td>- ({@code _id} is written as a plain string)</td></tr>
 * <tr><td>{@code {"$symbol": "..."}}, {@code {"$undefined": true}}</td><td>{@link String},
 *     {@code null} (both deprecated BSON types)</td><td>-</td></tr>
 * <tr><td>{@code $regularExpression}, {@code $regex}, {@code $timestamp}, {@code $minKey},
 *     {@code $maxKey}, {@code $code}, {@code $dbPointer}, DBRef ({@code $ref})</td><td>refused: no
 *     TetherDB type holds them</td><td>-</td></tr>
 * </table>
 *
 * <p>Dates: an {@link Instant} of whole milliseconds is written as the specification says:
 * canonical mode as milliseconds since the epoch, relaxed mode as ISO-8601 text in UTC with three
 * fraction digits for the years 1970 to 9999 and as milliseconds otherwise. BSON dates hold only
 * milliseconds, so no form of the specification can carry TetherDB's nanoseconds: an instant with
 * sub-millisecond digits is written, in both modes, as ISO-8601 text with six or nine fraction
 * digits ({@code {"$date": "2024-01-31T12:00:00.123456789Z"}}), which RFC 3339 allows and which
 * reads back exactly here (MongoDB's tools read it too, dropping the extra digits). So both modes
 * keep every TetherDB date exactly. Reading accepts any ISO-8601 date-time with an offset
 * ({@code Z}, {@code +01:00} or {@code +0100}) and up to nine fraction digits.
 *
 * <p>Reading is strict JSON (no comments, single quotes or bare names), except
 * {@link #parseFilter(String)}. A type wrapper must be exactly as the specification writes it (a
 * {@code $numberLong} whose value is not a string of digits, or with another field beside it, is
 * refused). Field names starting with {@code $} are refused in documents, since a store refuses
 * them. Documents nest at most 100 levels, as a store allows. Every problem is an
 * {@link ExtendedJsonException} naming the line, the column and the path.
 *
 * @since 0.2
 */
public final class ExtendedJson {

    /** The two output forms of Extended JSON v2. */
    public enum Mode {
        /** Every number and date in a type wrapper: types survive a round trip exactly. */
        CANONICAL,
        /** Numbers as JSON numbers and dates as ISO-8601 text: readable, and what mongoexport writes by default. */
        RELAXED
    }

    /** Deepest nesting of documents and arrays in a document, as in {@link Document}. */
    static final int MAX_DEPTH = 100;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            // wrappers add JSON levels that are no document levels; the reader counts those itself
            .maxNestingDepth(3 * MAX_DEPTH)
            .maxStringLength(Json.MAX_STRING_LENGTH)
            .maxNameLength(Json.MAX_STRING_LENGTH)
            .build();

    static final JsonFactory STRICT = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

    private static final JsonFactory LENIENT = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(CONSTRAINTS)
            .build();

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern DOUBLE = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-fA-F]{24}");
    private static final Pattern SUBTYPE = Pattern.compile("[0-9a-fA-F]{1,2}");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final Instant RELAXED_FROM = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant RELAXED_UNTIL = Instant.parse("+10000-01-01T00:00:00Z");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_WITH_BASIC_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHMM", "Z")
            .toFormatter(Locale.ROOT);

    /** Types Extended JSON has and TetherDB cannot hold, by their wrapper key. */
    private static final Map<String, String> REFUSED = Map.of(
            "$regularExpression", "a regular expression",
            "$regex", "a regular expression",
            "$timestamp", "a BSON timestamp",
            "$minKey", "MinKey",
            "$maxKey", "MaxKey",
            "$code", "JavaScript code",
            "$dbPointer", "a DBPointer",
            "$ref", "a DBRef");

    private ExtendedJson() {
    }

    // ---- reading

    /**
     * Reads text that holds exactly one document in Extended JSON, canonical or relaxed.
     *
     * @param json the text; not null
     * @return the document
     * @throws ExtendedJsonException if the text is not one document TetherDB can hold
     */
    public static Document parseDocument(String json) {
        return parseDocument(json, 1);
    }

    /**
     * Reads a filter written in Extended JSON, as relaxed as {@link Json} reads filters (single
     * quotes, bare field names, comments), so that a filter can compare with dates, longs and
     * binary values: {@code {at: {$gte: {$date: '2024-01-01T00:00:00Z'}}}}. Operators ({@code $gt},
     * {@code $regex}, ...) are kept as fields for the filter compiler; type wrappers become values.
     *
     * @param json the filter text; not null
     * @return the filter as a document, for {@code find(Map)}
     * @throws ExtendedJsonException if the text is not one JSON object or holds a malformed wrapper
     */
    public static Document parseFilter(String json) {
        try (JsonParser parser = LENIENT.createParser(ObjectReadContext.empty(), json)) {
            return new ValueReader(parser, 0, true).readTopDocument(true);
        } catch (JacksonException e) {
            throw syntax(e, 0, true);
        }
    }

    /** Reads one document whose first line is line {@code firstLine} of a larger text. */
    static Document parseDocument(String json, int firstLine) {
        try (JsonParser parser = STRICT.createParser(ObjectReadContext.empty(), json)) {
            return new ValueReader(parser, firstLine - 1, false).readTopDocument(true);
        } catch (JacksonException e) {
            throw syntax(e, firstLine - 1, true);
        }
    }

    static ExtendedJsonException syntax(JacksonException e, int lineOffset, boolean resumable) {
        TokenStreamLocation location = e.getLocation() == null ? TokenStreamLocation.NA : e.getLocation();
        int line = location.getLineNr() < 0 ? -1 : location.getLineNr() + lineOffset;
        return new ExtendedJsonException("Malformed JSON: " + e.getOriginalMessage(), line, location.getColumnNr(),
                resumable, e);
    }

    /** Reads values from a parser that is positioned by its caller; one instance per parse. */
    static final class ValueReader {

        private final JsonParser parser;
        private final int lineOffset;
        private final boolean operators;

        ValueReader(JsonParser parser, int lineOffset, boolean operators) {
            this.parser = parser;
            this.lineOffset = lineOffset;
            this.operators = operators;
        }

        /** Reads the whole text as one document; with {@code whole}, nothing may follow it. */
        Document readTopDocument(boolean whole) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw error("Expected a document but the text is empty");
            }
            Document document = readDocumentValue(first);
            if (whole) {
                JsonToken trailing = parser.nextToken();
                if (trailing != null) {
                    throw error("Unexpected content after the document: " + trailing);
                }
            }
            return document;
        }

        /** Reads a value that must be a document, its first token just read. */
        Document readDocumentValue(JsonToken first) {
            if (first != JsonToken.START_OBJECT) {
                throw error("Expected a document (a JSON object) but found " + describe(first));
            }
            Object value = readObject(1);
            if (!(value instanceof Document document)) {
                throw error("Expected a document but found an Extended JSON " + describeValue(value)
                        + " standing alone");
            }
            return document;
        }

        private Object readValue(JsonToken token, int depth) {
            switch (token) {
                case START_OBJECT:
                    return readObject(depth);
                case START_ARRAY: {
                    checkDepth(depth);
                    List<Object> list = new ArrayList<>();
                    JsonToken next;
                    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (next == null) {
                            throw error("Unterminated array at " + Json.path(parser.streamReadContext()));
                        }
                        list.add(readValue(next, depth + 1));
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
                            throw error("Integer " + abbreviate(parser.getString()) + " at "
                                    + Json.path(parser.streamReadContext()) + " is outside the 64-bit range; use"
                                    + " {\"$numberDecimal\": \"...\"} or {\"$numberDouble\": \"...\"} for it");
                    }
                case VALUE_NUMBER_FLOAT:
                    return checkedDouble(parser.getString(), parser.getDoubleValue(), Json.path(parser.streamReadContext()));
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                default:
                    throw error("Unexpected " + describe(token) + " at " + Json.path(parser.streamReadContext()));
            }
        }

        /** Reads an object, its START_OBJECT just read: a type wrapper's value or a document. */
        private Object readObject(int depth) {
            JsonToken next = parser.nextToken();
            if (next == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                if (key.startsWith("$")) {
                    String refused = REFUSED.get(key);
                    if (refused != null && !(operators && key.equals("$regex"))) {
                        throw error("Extended JSON " + key + " (" + refused + ") at " + enclosingPath()
                                + " has no TetherDB type; remove or convert the field before importing");
                    }
                    Object wrapped = readWrapper(key);
                    if (wrapped != NOT_A_WRAPPER) {
                        return wrapped;
                    }
                }
            }
            checkDepth(depth);
            Document document = new Document();
            for (; next == JsonToken.PROPERTY_NAME; next = parser.nextToken()) {
                String name = parser.currentName();
                if (name.startsWith("$") && !operators) {
                    throw error("Field name '" + name + "' in the document at " + enclosingPath()
                            + " starts with $, which TetherDB refuses (and which is no Extended JSON type here)");
                }
                document.put(name, readValue(parser.nextToken(), depth + 1));
            }
            if (next != JsonToken.END_OBJECT) {
                throw error("Unexpected " + describe(next) + " in the object at " + enclosingPath());
            }
            return document;
        }

        private static final Object NOT_A_WRAPPER = new Object();

        /** Reads a type wrapper's value and closing brace, its key just read. */
        private Object readWrapper(String key) {
            String where = enclosingPath();
            Object value;
            switch (key) {
                case "$oid": {
                    String hex = string(key, where, "24 hex digits");
                    if (!OBJECT_ID.matcher(hex).matches()) {
                        throw error("$oid at " + where + " must be 24 hex digits, not '" + abbreviate(hex) + "'");
                    }
                    value = hex.toLowerCase(Locale.ROOT);
                    break;
                }
                case "$symbol":
                    value = string(key, where, "text");
                    break;
                case "$numberInt": {
                    String text = string(key, where, "an integer such as \"42\"");
                    if (!INTEGER.matcher(text).matches()) {
                        throw error("$numberInt at " + where + " is not an integer: '" + abbreviate(text) + "'");
                    }
                    try {
                        value = Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw error("$numberInt at " + where + " is outside the 32-bit range: " + abbreviate(text));
                    }
                    break;
                }
                case "$numberLong":
                    value = longValue(where);
                    break;
                case "$numberDouble": {
                    String text = string(key, where,
                            "a number such as \"1.5\", or \"NaN\", \"Infinity\" or \"-Infinity\"");
                    value = switch (text) {
                        case "NaN" -> Double.NaN;
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        case "-Infinity" -> Double.NEGATIVE_INFINITY;
                        default -> {
                            if (!DOUBLE.matcher(text).matches()) {
                                throw error("$numberDouble at " + where + " is not a number: '" + abbreviate(text)
                                        + "'");
                            }
                            yield checkedDouble(text, Double.parseDouble(text), where);
                        }
                    };
                    break;
                }
                case "$numberDecimal":
                    value = decimal(string(key, where, "a decimal such as \"12.50\""), where);
                    break;
                case "$date":
                    value = date(where);
                    break;
                case "$binary":
                    return binary(where);
                case "$uuid": {
                    String text = string(key, where, "a UUID such as \"3b241101-e2bb-4255-8caf-4136c566a962\"");
                    if (!UUID_TEXT.matcher(text).matches()) {
                        throw error("$uuid at " + where + " is not a UUID: '" + abbreviate(text) + "'");
                    }
                    value = UUID.fromString(text).toString();
                    break;
                }
                case "$undefined":
                    if (parser.nextToken() != JsonToken.VALUE_TRUE) {
                        throw error("$undefined at " + where + " must be true");
                    }
                    value = null;
                    break;
                default:
                    return NOT_A_WRAPPER;
            }
            expectEnd(key, where);
            return value;
        }

        private String string(String key, String where, String expected) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_STRING) {
                throw error(key + " at " + where + " needs " + expected + " as a string, not " + describe(token));
            }
            return parser.getString();
        }

        private long longValue(String where) {
            String text = string("$numberLong", where, "an integer such as \"42\"");
            if (!INTEGER.matcher(text).matches()) {
                throw error("$numberLong at " + where + " is not an integer: '" + abbreviate(text) + "'");
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("$numberLong at " + where + " is outside the 64-bit range: " + abbreviate(text));
            }
        }

        private Instant date(String where) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_STRING) {
                String text = parser.getString();
                try {
                    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    try {
                        return OffsetDateTime.parse(text, ISO_WITH_BASIC_OFFSET).toInstant();
                    } catch (DateTimeParseException again) {
                        throw error("$date at " + where + " is not an ISO-8601 date-time with an offset, such as"
                                + " \"2024-01-31T12:00:00.000Z\": '" + abbreviate(text) + "'");
                    }
                }
            }
            if (token == JsonToken.START_OBJECT) {
                if (parser.nextToken() != JsonToken.PROPERTY_NAME || !parser.currentName().equals("$numberLong")) {
                    throw error("$date at " + where
                            + " must hold an ISO-8601 string or {\"$numberLong\": \"<milliseconds>\"}");
                }
                long millis = longValue(where);
                expectEnd("$numberLong", where);
                return Instant.ofEpochMilli(millis);
            }
            if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                // the legacy form, {"$date": <milliseconds>}
                return Instant.ofEpochMilli(parser.getLongValue());
            }
            throw error("$date at " + where + " must hold an ISO-8601 string or {\"$numberLong\": \"<milliseconds>\"},"
                    + " not " + describe(token));
        }

        private Object binary(String where) {
            String base64;
            String subType;
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                base64 = null;
                subType = null;
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    if (next != JsonToken.PROPERTY_NAME) {
                        throw error("Unexpected " + describe(next) + " in $binary at " + where);
                    }
                    String name = parser.currentName();
                    if (name.equals("base64") && base64 == null) {
                        base64 = string("base64", where, "Base64 text");
                    } else if (name.equals("subType") && subType == null) {
                        subType = string("subType", where, "a hex byte such as \"00\"");
                    } else {
                        throw error("$binary at " + where + " must hold exactly \"base64\" and \"subType\", not '"
                                + name + "'");
                    }
                }
                if (base64 == null || subType == null) {
                    throw error("$binary at " + where + " must hold both \"base64\" and \"subType\"");
                }
                expectEnd("$binary", where);
            } else if (token == JsonToken.VALUE_STRING) {
                // the legacy form, {"$binary": "<base64>", "$type": "<hex>"}
                base64 = parser.getString();
                if (parser.nextToken() != JsonToken.PROPERTY_NAME || !parser.currentName().equals("$type")) {
                    throw error("$binary at " + where + " must be {\"$binary\": {\"base64\": ..., \"subType\": ...}}");
                }
                subType = string("$type", where, "a hex byte such as \"00\"");
                expectEnd("$binary", where);
            } else {
                throw error("$binary at " + where + " must be {\"$binary\": {\"base64\": ..., \"subType\": ...}}, not "
                        + describe(token));
            }
            if (!SUBTYPE.matcher(subType).matches()) {
                throw error("$binary at " + where + " has subType '" + abbreviate(subType)
                        + "', which is not a hex byte");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw error("$binary at " + where + " is not Base64: " + e.getMessage());
            }
            int type = Integer.parseInt(subType, 16);
            if (type == 0) {
                return bytes;
            }
            if (type == 4 && bytes.length == 16) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new UUID(buffer.getLong(), buffer.getLong()).toString();
            }
            throw error("$binary at " + where + " has subType " + String.format(Locale.ROOT, "%02x", type)
                    + ", which TetherDB cannot"
                    + " keep: only 00 (generic, read as bytes) and 04 (a 16-byte UUID, read as its text) are read");
        }

        private void expectEnd(String key, String where) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.END_OBJECT) {
                throw error(key + " at " + where + " must be the only field of its object"
                        + (token == JsonToken.PROPERTY_NAME ? ", but '" + parser.currentName() + "' follows it" : ""));
            }
        }

        private double checkedDouble(String text, double d, String where) {
            if (Double.isInfinite(d)) {
                throw error("Number " + abbreviate(text) + " at " + where + " is outside the range of a double;"
                        + " write {\"$numberDouble\": \"Infinity\"} to mean infinity");
            }
            if (d == 0.0 && Json.hasNonzeroDigit(text)) {
                throw error("Number " + abbreviate(text) + " at " + where + " is too close to zero for a double"
                        + " (it would be read as 0)");
            }
            return d;
        }

        private BigDecimal decimal(String text, String where) {
            String bare = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
            if (bare.equalsIgnoreCase("NaN") || bare.equalsIgnoreCase("Infinity") || bare.equalsIgnoreCase("Inf")) {
                // Extended JSON has a wrapper for these: name it rather than Decimals' generic advice
                throw error("$numberDecimal at " + where + " is " + text + ", which TetherDB's decimals (BigDecimal)"
                        + " cannot hold; use {\"$numberDouble\": \"" + text + "\"}");
            }
            try {
                return Decimals.parse(text);
            } catch (IllegalArgumentException e) {
                throw error("$numberDecimal at " + where + " " + e.getMessage());
            }
        }

        private void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("Documents and arrays nested deeper than " + MAX_DEPTH + " levels (the most a document may"
                        + " have) at " + Json.path(parser.streamReadContext()));
            }
        }

        /** @return the dotted path of the object whose field the parser is in */
        private String enclosingPath() {
            return Json.path(parser.streamReadContext().getParent());
        }

        ExtendedJsonException error(String problem) {
            return error(problem, true);
        }

        ExtendedJsonException error(String problem, boolean resumable) {
            TokenStreamLocation location = parser.currentTokenLocation();
            return new ExtendedJsonException(problem, location.getLineNr() + lineOffset, location.getColumnNr(),
                    resumable, null);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 30) + "... (" + text.length() + " characters)";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the text";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String describeValue(Object value) {
        return value == null ? "null" : value instanceof byte[] ? "binary value"
                : value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    // ---- writing

    /**
     * Writes a document as one line of Extended JSON.
     *
     * @param document the document; not null
     * @param mode canonical or relaxed; not null
     * @return the JSON text, without a line break
     * @throws InvalidDocumentException if a value has no Extended JSON form (such as an entity object)
     */
    public static String write(Map<String, ?> document, Mode mode) {
        return write(document, mode, false);
    }

    /**
     * Writes a document as indented Extended JSON, for people to read.
     *
     * @param document the document; not null
     * @param mode canonical or relaxed; not null
     * @return the JSON text over several lines, without a final line break
     */
    public static String writePretty(Map<String, ?> document, Mode mode) {
        return write(document, mode, true);
    }

    /**
     * Writes any value TetherDB holds as Extended JSON: a document, a list or a scalar.
     *
     * @param value the value; may be null
     * @param mode canonical or relaxed; not null
     * @return the JSON text
     */
    public static String writeValue(Object value, Mode mode) {
        return write(value, mode, false);
    }

    private static String write(Object value, Mode mode, boolean pretty) {
        StringWriter out = new StringWriter();
        ObjectWriteContext context = pretty ? new PrettyContext() : ObjectWriteContext.empty();
        try (JsonGenerator generator = STRICT.createGenerator(context, out)) {
            writeValue(generator, value, mode, 0, "");
        }
        return out.toString();
    }

    /** A write context that indents. */
    private static final class PrettyContext extends ObjectWriteContext.Base {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            return new DefaultPrettyPrinter();
        }

        @Override
        public boolean hasPrettyPrinter() {
            return true;
        }
    }

    private static void writeValue(JsonGenerator generator, Object value, Mode mode, int depth, String path) {
        if (depth > Json.MAX_NESTING_DEPTH) {
            throw new InvalidDocumentException("Value at '" + path + "' is nested deeper than " + Json.MAX_NESTING_DEPTH
                    + " levels and cannot be written as JSON");
        }
        boolean canonical = mode == Mode.CANONICAL;
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            int i = ((Number) value).intValue();
            if (canonical) {
                wrapped(generator, "$numberInt", Integer.toString(i));
            } else {
                generator.writeNumber(i);
            }
        } else if (value instanceof Long l) {
            if (canonical) {
                wrapped(generator, "$numberLong", Long.toString(l));
            } else {
                generator.writeNumber(l);
            }
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (canonical || Double.isNaN(d) || Double.isInfinite(d)) {
                wrapped(generator, "$numberDouble", doubleText(d));
            } else {
                generator.writeNumber(d);
            }
        } else if (value instanceof BigDecimal decimal) {
            wrapped(generator, "$numberDecimal", decimal.toString());
        } else if (value instanceof BigInteger integer) {
            wrapped(generator, "$numberDecimal", new BigDecimal(integer).toString());
        } else if (value instanceof byte[] bytes) {
            generator.writeStartObject();
            generator.writeName("$binary");
            generator.writeStartObject();
            generator.writeName("base64");
            generator.writeString(Base64.getEncoder().encodeToString(bytes));
            generator.writeName("subType");
            generator.writeString("00");
            generator.writeEndObject();
            generator.writeEndObject();
        } else if (value instanceof Instant || value instanceof Date) {
            writeDate(generator, value instanceof Date date ? date.toInstant() : (Instant) value, canonical, path);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                generator.writeName(name);
                writeValue(generator, e.getValue(), mode, depth + 1, path.isEmpty() ? name : path + "." + name);
            }
            generator.writeEndObject();
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            Collection<?> list = value instanceof Object[] array ? List.of(array) : (Collection<?>) value;
            generator.writeStartArray();
            int i = 0;
            for (Object element : list) {
                writeValue(generator, element, mode, depth + 1, path.isEmpty() ? String.valueOf(i) : path + "." + i);
                i++;
            }
            generator.writeEndArray();
        } else if (value instanceof UUID || value instanceof Enum<?> || value instanceof Character) {
            // as a store holds them
            generator.writeString(value instanceof Enum<?> e ? e.name() : value.toString());
        } else {
            throw new InvalidDocumentException("Value at '" + path + "' of type " + value.getClass().getName()
                    + " has no Extended JSON form");
        }
    }

    private static void writeDate(JsonGenerator generator, Instant instant, boolean canonical, String path) {
        generator.writeStartObject();
        generator.writeName("$date");
        boolean subMillisecond = instant.getNano() % 1_000_000 != 0;
        if (subMillisecond || !canonical && !instant.isBefore(RELAXED_FROM) && instant.isBefore(RELAXED_UNTIL)) {
            generator.writeString(isoText(instant));
        } else {
            long millis;
            try {
                millis = instant.toEpochMilli();
            } catch (ArithmeticException e) {
                throw new InvalidDocumentException("Date at '" + path + "' (" + instant + ") is beyond the range of"
                        + " Extended JSON's milliseconds");
            }
            wrapped(generator, "$numberLong", Long.toString(millis));
        }
        generator.writeEndObject();
    }

    /** @return the instant in UTC with 3, 6 or 9 fraction digits, as few as keep it exact; years beyond 9999 signed */
    static String isoText(Instant instant) {
        int nanos = instant.getNano();
        String fraction = nanos % 1_000_000 == 0 ? String.format(Locale.ROOT, "%03d", nanos / 1_000_000)
                : nanos % 1000 == 0 ? String.format(Locale.ROOT, "%06d", nanos / 1000)
                : String.format(Locale.ROOT, "%09d", nanos);
        return SECONDS.format(instant) + "." + fraction + "Z";
    }

    private static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(d);
    }

    private static void wrapped(JsonGenerator generator, String key, String text) {
        generator.writeStartObject();
        generator.writeName(key);
        generator.writeString(text);
        generator.writeEndObject();
    }
}
