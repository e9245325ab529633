package io.tetherdb.document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * TetherDB's binary document format: compact, self-delimiting, and readable field by field without
 * decoding the whole document. No Java serialization is involved anywhere.
 *
 * <p>A document is encoded as a varint field count followed by the fields, each a varint-prefixed
 * UTF-8 name and a value. A value is a one-byte type tag and a payload: integers as zig-zag
 * varints, doubles as 8 bytes, strings and binaries length-prefixed, dates as zig-zag seconds and
 * nanoseconds, decimals as a zig-zag scale and their length-prefixed coefficient (two's complement,
 * big-endian, as {@link BigInteger#toByteArray()}), and nested arrays and documents prefixed by
 * their byte length so that a reader can skip them in one step. An unknown type tag is damage
 * ({@link MalformedDocumentException}).
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1
 */
public final class DocumentCodec {

    /** Deepest nesting of documents and arrays a stored document may have. */
    public static final int MAX_NESTING_DEPTH = 100;

    /**
     * Deepest nesting the decoder follows before it gives up on the bytes as damaged. Twice the
     * write limit, so that lowering or raising that limit a little never makes stored documents
     * unreadable, while damaged or crafted bytes claiming 100,000 levels fail fast instead of
     * exhausting the stack: decoding recurses once per level.
     */
    static final int MAX_DECODE_DEPTH = 2 * MAX_NESTING_DEPTH;

    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    static final byte INT32 = 3;
    static final byte INT64 = 4;
    static final byte DOUBLE = 5;
    static final byte STRING = 6;
    static final byte BINARY = 7;
    static final byte DATE = 8;
    static final byte ARRAY = 9;
    static final byte DOCUMENT = 10;
    /** Since format 3: a {@link BigDecimal} within {@link Decimals}' limits. */
    static final byte DECIMAL = 11;

    /** Longest coefficient of a stored decimal, in bytes: 34 digits need 113 bits and a sign bit. */
    private static final int MAX_COEFFICIENT_BYTES = 15;

    private DocumentCodec() {
    }

    /**
     * Encodes a document. Nested maps become documents, collections and arrays become arrays,
     * {@code Short}/{@code Byte} become ints, {@code Float} becomes a double, {@link Date}
     * becomes an {@link Instant}, {@link BigInteger} a {@link BigDecimal} of scale 0, enums their
     * name and UUIDs their text.
     *
     * @param document the document; not null
     * @return its encoding
     * @throws InvalidDocumentException if a value has an unsupported type, a field name is not
     *         a string or not allowed (starts with {@code $} or contains {@code .}), a string or
     *         field name holds a lone surrogate (which UTF-8 cannot encode), a decimal is outside
     *         {@link Decimals}' limits, or nesting exceeds
     *         {@value #MAX_NESTING_DEPTH} levels (see {@link Document} for the rules)
     */
    public static byte[] encode(Map<String, ?> document) {
        ByteWriter out = new ByteWriter(128);
        writeFields(out, document, null, 1);
        return out.toByteArray();
    }

    /**
     * Encodes a document to be stored under an id, without copying it first: {@code _id} is
     * written first, then the document's other fields in order, and then, if {@code tags} is not
     * null, a {@code _tags} field holding them (in place of the document's own).
     *
     * @param id the id written as {@code _id}; not null
     * @param document the fields; its own {@code _id}, if any, is left out; not null
     * @param tags the {@code _tags} value to write, or null to keep the document's own
     * @return the encoding
     * @throws InvalidDocumentException as {@link #encode(Map)}
     */
    public static byte[] encode(String id, Map<String, ?> document, List<?> tags) {
        ByteWriter out = new ByteWriter(128);
        boolean ownId = document.containsKey(Document.ID);
        boolean ownTags = tags != null && document.containsKey(Document.TAGS);
        out.writeVarint(1 + document.size() - (ownId ? 1 : 0) - (ownTags ? 1 : 0) + (tags != null ? 1 : 0));
        out.writeString(Document.ID);
        writeValue(out, id, Document.ID, -1, 1);
        // A caller's raw map may hold keys that are not strings despite its declared type.
        for (Map.Entry<?, ?> entry : document.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new InvalidDocumentException("Field name " + entry.getKey() + " is not a string");
            }
            if (Document.ID.equals(name) || tags != null && Document.TAGS.equals(name)) {
                continue;
            }
            writeField(out, name, entry.getValue(), null, 1);
        }
        if (tags != null) {
            out.writeString(Document.TAGS);
            writeValue(out, tags, Document.TAGS, -1, 1);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a whole document.
     *
     * @param bytes an encoding produced by {@link #encode}; not null
     * @return a new, mutable document
     * @throws MalformedDocumentException if the bytes are not a valid encoding
     */
    public static Document decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    /**
     * Returns a read-only view of an encoded document that decodes a field only when it is first
     * read, so that testing a filter on one or two fields does not decode the rest.
     *
     * @param bytes an encoding produced by {@link #encode}; not null, not modified afterwards
     * @return a read-only map view; its methods throw {@link MalformedDocumentException} when
     *         they reach bytes that are not a valid encoding
     */
    public static Map<String, Object> lazy(byte[] bytes) {
        return new LazyDocument(bytes, 0);
    }

    /**
     * Like {@link #lazy(byte[])}, for an encoding that starts at an offset in a larger array, so
     * that a stored record need not be copied to be read.
     *
     * @param bytes an array holding an encoding produced by {@link #encode}; not null, not modified afterwards
     * @param offset where the encoding starts
     * @return a read-only map view; its methods throw {@link MalformedDocumentException} when
     *         they reach bytes that are not a valid encoding
     * @throws MalformedDocumentException if the offset is outside the array
     */
    public static Map<String, Object> lazy(byte[] bytes, int offset) {
        if (offset < 0 || offset > bytes.length) {
            throw new MalformedDocumentException("Document offset " + offset + " is outside its " + bytes.length
                    + " bytes");
        }
        return new LazyDocument(bytes, offset);
    }

    /**
     * Decodes a whole document that starts at an offset and runs to the end of the array.
     *
     * @param bytes an array holding an encoding produced by {@link #encode}; not null
     * @param offset where the encoding starts
     * @return a new, mutable document
     * @throws MalformedDocumentException if the bytes are not a valid encoding
     */
    public static Document decode(byte[] bytes, int offset) {
        if (offset < 0 || offset > bytes.length) {
            throw new MalformedDocumentException("Document offset " + offset + " is outside its " + bytes.length
                    + " bytes");
        }
        ByteReader in = new ByteReader(bytes, offset, bytes.length);
        Document document = readFields(in, 1);
        if (in.position() != bytes.length) {
            throw new MalformedDocumentException("Trailing bytes after encoded document at byte " + in.position());
        }
        return document;
    }

    /**
     * Returns a whole, mutable copy of a document, decoding it if it is a lazy view.
     *
     * @param document a document or a view from {@link #lazy}; not null
     * @return a new document
     */
    public static Document toDocument(Map<String, ?> document) {
        return document instanceof LazyDocument lazy ? lazy.toDocument() : new Document(document);
    }

    /**
     * Decodes only some top-level fields of an encoded document, skipping the others' values by
     * their encoded length: what a projection onto a few fields needs, without the cost of decoding
     * (and building the names of) the rest.
     *
     * @param bytes holds the encoding; not null
     * @param offset where the encoding starts in {@code bytes}
     * @param names the top-level fields to decode; not null
     * @return a new, mutable document of those fields that are present, in the encoding's order
     * @throws MalformedDocumentException if the bytes are not a valid encoding
     */
    public static Document decodeFields(byte[] bytes, int offset, String[] names) {
        if (offset < 0 || offset > bytes.length) {
            throw new MalformedDocumentException("Document offset " + offset + " is outside its " + bytes.length
                    + " bytes");
        }
        ByteReader in = new ByteReader(bytes, offset, bytes.length);
        int count = in.readVarint();
        if (count > in.remaining() / 2) {
            throw new MalformedDocumentException("Document claims " + count + " fields with " + in.remaining()
                    + " bytes left at byte " + in.position());
        }
        Document document = new Document(Math.min(count, names.length));
        int found = 0;
        for (int i = 0; i < count && found < names.length; i++) {
            int length = in.readVarint();
            int at = in.position();
            in.skip(length);
            String name = wanted(bytes, at, length, names);
            if (name == null) {
                skipValue(in);
            } else {
                document.put(name, readValue(in, 1));
                found++;
            }
        }
        return document;
    }

    /** @return the name among {@code names} that the UTF-8 bytes spell, or null */
    private static String wanted(byte[] bytes, int at, int length, String[] names) {
        for (String name : names) {
            if (nameEquals(bytes, at, length, name)) {
                return name;
            }
        }
        return null;
    }

    /** Compares UTF-8 bytes with a name, without building a string when the name is ASCII. */
    private static boolean nameEquals(byte[] bytes, int at, int length, String name) {
        int n = name.length();
        if (length < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                return new String(bytes, at, length, java.nio.charset.StandardCharsets.UTF_8).equals(name);
            }
            if (bytes[at + i] != (byte) c) {
                return false;
            }
        }
        return length == n;
    }

    /**
     * Re-encodes a document with some of its top-level fields changed, copying the encoded bytes of
     * every other field as they are: for an update of a few fields this saves decoding and
     * re-encoding the rest of the document. The result is the encoding of the document changed as
     * {@link Document#put} and {@link Document#remove} change it: a field that stays keeps its place,
     * a new field comes last (in the order of {@code values}), and a field named in {@code fields}
     * but absent from {@code values} is left out.
     *
     * @param bytes holds the encoding; not null
     * @param offset where the encoding starts in {@code bytes}
     * @param fields the names of the top-level fields to change or remove; not null
     * @param values the new values of those fields that remain; its keys are among {@code fields}
     * @return the new encoding
     * @throws MalformedDocumentException if the bytes are not a valid encoding
     * @throws InvalidDocumentException as {@link #encode(Map)}, for the new values
     * @since 0.2
     */
    public static byte[] replaceFields(byte[] bytes, int offset, java.util.Set<String> fields, Map<String, ?> values) {
        byte[][] names = new byte[fields.size()][];
        String[] fieldNames = fields.toArray(new String[0]);
        for (int i = 0; i < names.length; i++) {
            names[i] = fieldNames[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        boolean[] present = new boolean[names.length];
        ByteReader in = new ByteReader(bytes, offset, bytes.length);
        int count = in.readVarint();
        ByteWriter body = new ByteWriter(bytes.length - offset + 32);
        int written = 0;
        for (int i = 0; i < count; i++) {
            int fieldStart = in.position();
            int length = in.readVarint();
            int nameStart = in.position();
            in.skip(length);
            skipValue(in);
            int changed = -1;
            for (int j = 0; j < names.length; j++) {
                if (java.util.Arrays.equals(bytes, nameStart, nameStart + length, names[j], 0, names[j].length)) {
                    changed = j;
                    break;
                }
            }
            if (changed < 0) {
                body.writeBytes(bytes, fieldStart, in.position() - fieldStart);
                written++;
            } else {
                present[changed] = true;
                if (values.containsKey(fieldNames[changed])) {
                    writeField(body, fieldNames[changed], values.get(fieldNames[changed]), null, 1);
                    written++;
                }
            }
        }
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            int j = java.util.Arrays.asList(fieldNames).indexOf(entry.getKey());
            if (j < 0) {
                throw new IllegalArgumentException("Field '" + entry.getKey() + "' is not among the fields to change");
            }
            if (!present[j]) {
                writeField(body, entry.getKey(), entry.getValue(), null, 1);
                written++;
            }
        }
        ByteWriter out = new ByteWriter(body.size() + 5);
        out.writeVarint(written);
        out.writeBytes(body.buffer(), 0, body.size());
        return out.toByteArray();
    }

    // ---- encoding

    private static void writeFields(ByteWriter out, Map<?, ?> document, String path, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw new InvalidDocumentException("Document nesting exceeds " + MAX_NESTING_DEPTH
                    + " levels at '" + path + "'");
        }
        out.writeVarint(document.size());
        for (Map.Entry<?, ?> entry : document.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                throw new InvalidDocumentException("Field name " + entry.getKey() + " at '" + path
                        + "' is not a string");
            }
            writeField(out, name, entry.getValue(), path, depth);
        }
    }

    private static void writeField(ByteWriter out, String name, Object value, String path, int depth) {
        if (name.startsWith("$") || name.indexOf('.') >= 0) {
            String fieldPath = path == null ? name : path + "." + name;
            throw new InvalidDocumentException("Field name '" + fieldPath + "' must not "
                    + (name.startsWith("$") ? "start with '$'" : "contain '.'"));
        }
        int lone = out.writeString(name);
        if (lone >= 0) {
            throw new InvalidDocumentException("Field name '" + printable(path == null ? name : path + "." + name)
                    + "' is not valid Unicode: " + loneSurrogate(name, lone));
        }
        writeValue(out, value, path == null ? name : path + "." + name, -1, depth);
    }

    /**
     * Writes one value. Its path, for error messages, is {@code path}, or {@code path.index} for
     * an array element ({@code index >= 0}), joined only when needed.
     */
    private static void writeValue(ByteWriter out, Object value, String path, int index, int depth) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            writeText(out, s, path, index);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeByte(INT32);
            out.writeZigZag(((Number) value).intValue());
        } else if (value instanceof Long l) {
            out.writeByte(INT64);
            out.writeZigZag(l);
        } else if (value instanceof Double || value instanceof Float) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(((Number) value).doubleValue()));
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof BigDecimal decimal) {
            writeDecimal(out, decimal, path, index);
        } else if (value instanceof BigInteger integer) {
            writeDecimal(out, Decimals.of(integer), path, index);
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(DOCUMENT);
            int lengthAt = out.reserveLength();
            writeFields(out, map, pathOf(path, index), depth + 1);
            out.fillLength(lengthAt, out.size() - lengthAt);
        } else if (value instanceof Collection<?> collection) {
            writeArray(out, collection, pathOf(path, index), depth);
        } else if (value instanceof Object[] array) {
            writeArray(out, java.util.Arrays.asList(array), pathOf(path, index), depth);
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BINARY);
            out.writeVarint(bytes.length);
            out.writeBytes(bytes, 0, bytes.length);
        } else if (value instanceof Instant instant) {
            writeDate(out, instant);
        } else if (value instanceof Date date) {
            writeDate(out, date.toInstant());
        } else if (value instanceof Enum<?> e) {
            out.writeByte(STRING);
            writeText(out, e.name(), path, index);
        } else if (value instanceof UUID || value instanceof Character) {
            out.writeByte(STRING);
            writeText(out, value.toString(), path, index);
        } else {
            throw new InvalidDocumentException("Unsupported value type " + value.getClass().getName()
                    + " at '" + pathOf(path, index) + "'");
        }
    }

    private static void writeDecimal(ByteWriter out, BigDecimal decimal, String path, int index) {
        String problem = Decimals.problem(decimal);
        if (problem != null) {
            throw new InvalidDocumentException("Decimal at '" + printable(pathOf(path, index)) + "' " + problem);
        }
        out.writeByte(DECIMAL);
        out.writeZigZag(decimal.scale());
        byte[] coefficient = decimal.unscaledValue().toByteArray();
        out.writeVarint(coefficient.length);
        out.writeBytes(coefficient, 0, coefficient.length);
    }

    private static void writeText(ByteWriter out, String s, String path, int index) {
        int lone = out.writeString(s);
        if (lone >= 0) {
            throw new InvalidDocumentException("String at '" + printable(pathOf(path, index))
                    + "' is not valid Unicode: " + loneSurrogate(s, lone));
        }
    }

    private static String loneSurrogate(String s, int index) {
        return String.format("it holds a lone surrogate \\u%04X at index %d, which UTF-8 cannot encode",
                (int) s.charAt(index), index);
    }

    /** @return the text with surrogates and control characters escaped, safe to show in a message */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (Character.isSurrogate(c) && !paired || Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String pathOf(String path, int index) {
        return index < 0 ? path : path + "." + index;
    }

    private static void writeArray(ByteWriter out, Collection<?> elements, String path, int depth) {
        if (depth + 1 > MAX_NESTING_DEPTH) {
            throw new InvalidDocumentException("Document nesting exceeds " + MAX_NESTING_DEPTH
                    + " levels at '" + path + "'");
        }
        out.writeByte(ARRAY);
        int lengthAt = out.reserveLength();
        out.writeVarint(elements.size());
        int index = 0;
        for (Object element : elements) {
            writeValue(out, element, path, index++, depth + 1);
        }
        out.fillLength(lengthAt, out.size() - lengthAt);
    }

    private static void writeDate(ByteWriter out, Instant instant) {
        out.writeByte(DATE);
        out.writeZigZag(instant.getEpochSecond());
        out.writeVarint(instant.getNano());
    }

    // ---- decoding

    /**
     * Reads the fields of a document.
     *
     * @param depth the document's nesting depth, 1 for a top-level document
     */
    static Document readFields(ByteReader in, int depth) {
        int count = in.readVarint();
        // each field takes at least two bytes (an empty name and a type tag): a count beyond that
        // is damage, and must not size the map
        if (count > in.remaining() / 2) {
            throw new MalformedDocumentException("Document claims " + count + " fields with " + in.remaining()
                    + " bytes left at byte " + in.position());
        }
        Document document = new Document(count);
        for (int i = 0; i < count; i++) {
            int at = in.position();
            String name = in.readString();
            document.put(name, readValue(in, depth));
            // the encoder writes a map, so a repeated name is damage; kept, it would make the lazy
            // view (first occurrence) and the whole decode (last occurrence) disagree on the value
            if (document.size() != i + 1) {
                throw new MalformedDocumentException("Duplicate field name '" + name + "' at byte " + at);
            }
        }
        return document;
    }

    /**
     * Reads one value.
     *
     * @param depth the nesting depth of the document or array that holds the value
     */
    static Object readValue(ByteReader in, int depth) {
        byte type = in.readByte();
        switch (type) {
            case NULL:
                return null;
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case INT32:
                return (int) in.readZigZag();
            case INT64:
                return in.readZigZag();
            case DOUBLE:
                return Double.longBitsToDouble(in.readLong());
            case STRING:
                return in.readString();
            case BINARY:
                return in.readBytes(in.readVarint());
            case DATE:
                return readDate(in);
            case DECIMAL:
                return readDecimal(in);
            case ARRAY: {
                int end = nestedEnd(in, depth);
                int count = in.readVarint();
                // every element takes at least one byte
                if (count > end - in.position()) {
                    throw new MalformedDocumentException("Array claims " + count + " elements in "
                            + (end - in.position()) + " bytes at byte " + in.position());
                }
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(readValue(in, depth + 1));
                }
                checkEnd(in, end, "array");
                return list;
            }
            case DOCUMENT: {
                int end = nestedEnd(in, depth);
                Document document = readFields(in, depth + 1);
                checkEnd(in, end, "document");
                return document;
            }
            default:
                throw unknownType(type, in);
        }
    }

    /** Reads a nested value's length and checks it and the depth; returns where the value ends. */
    private static int nestedEnd(ByteReader in, int depth) {
        if (depth >= MAX_DECODE_DEPTH) {
            throw new MalformedDocumentException("Document nesting exceeds " + MAX_DECODE_DEPTH + " levels at byte "
                    + in.position());
        }
        int length = in.readVarint();
        if (length > in.remaining()) {
            throw new MalformedDocumentException("Nested value claims " + length + " bytes with " + in.remaining()
                    + " left at byte " + in.position());
        }
        return in.position() + length;
    }

    private static void checkEnd(ByteReader in, int end, String what) {
        if (in.position() != end) {
            throw new MalformedDocumentException("Nested " + what + " ends at byte " + in.position()
                    + ", its length says " + end);
        }
    }

    private static Instant readDate(ByteReader in) {
        long seconds = in.readZigZag();
        int nanos = in.readVarint();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new MalformedDocumentException("Date out of range (" + seconds + " s, " + nanos + " ns) before byte "
                    + in.position(), e);
        }
    }

    private static BigDecimal readDecimal(ByteReader in) {
        // where its type tag is, as for an unknown type
        int at = in.position() - 1;
        long scale = in.readZigZag();
        int length = in.readVarint();
        if (length < 1 || length > MAX_COEFFICIENT_BYTES) {
            throw new MalformedDocumentException("Decimal coefficient of " + length + " bytes at byte " + at);
        }
        if (scale < -Decimals.MAX_EXPONENT || scale > -Decimals.MIN_EXPONENT) {
            throw new MalformedDocumentException("Decimal scale " + scale + " out of range at byte " + at);
        }
        BigDecimal decimal = new BigDecimal(new BigInteger(in.readBytes(length)), (int) scale);
        if (Decimals.problem(decimal) != null) {
            throw new MalformedDocumentException("Decimal at byte " + at + " " + Decimals.problem(decimal));
        }
        return decimal;
    }

    private static MalformedDocumentException unknownType(byte type, ByteReader in) {
        return new MalformedDocumentException("Unknown value type " + type + " at byte " + (in.position() - 1));
    }

    /** Skips one value (type tag included) without decoding it. */
    static void skipValue(ByteReader in) {
        byte type = in.readByte();
        switch (type) {
            case NULL, FALSE, TRUE -> { }
            case INT32, INT64 -> in.readZigZag();
            case DOUBLE -> in.skip(8);
            case STRING, BINARY, ARRAY, DOCUMENT -> in.skip(in.readVarint());
            case DATE -> {
                in.readZigZag();
                in.readVarint();
            }
            case DECIMAL -> {
                in.readZigZag();
                in.skip(in.readVarint());
            }
            default -> throw unknownType(type, in);
        }
    }

}
