package io.tetherdb.document;

import static io.tetherdb.document.DecodingOutcomes.decodeEveryWay;
import static io.tetherdb.document.DecodingOutcomes.decodeRecordEveryWay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tetherdb.DecimalCases;
import io.tetherdb.RandomCases;
import io.tetherdb.internal.store.RecordFormat;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the decoding side of {@link DocumentCodec}, {@link LazyDocument} and {@link RecordFormat}:
 * arbitrary bytes, valid encodings with bytes flipped, cut off or appended, huge length prefixes
 * and 100,000-deep nesting. Whatever the input, decoding yields a document or throws
 * {@link MalformedDocumentException}: never another exception, never {@code OutOfMemoryError} or
 * {@code StackOverflowError}. Valid documents of every value type the codec stores round-trip
 * exactly, and the lazy view agrees with the full decode. Not thread-safe; the generators are
 * private methods over {@link Random}.
 *
 * <p>Each randomized check runs {@value #CASES} cases through {@link RandomCases}, from a fixed
 * base seed so that CI runs are repeatable. Run more locally with {@code -Dtetherdb.fuzz.scale=100}
 * (100 times as many cases) and other inputs with {@code -Dtetherdb.fuzz.seed=S}; a failure names
 * its case's seed, which {@code -Dtetherdb.fuzz.replay=SEED} runs alone, for example
 * {@code mvn -pl tetherdb-core test -Dtest=DocumentCodecFuzzTests -Dtetherdb.fuzz.replay=SEED}.
 */
class DocumentCodecFuzzTests {

    private static final int CASES = 1000;

    /** Varint lengths and counts that sit on a boundary: one and two bytes, int overflow, 35 bits. */
    private static final long[] EDGE_LENGTHS = {0L, 1L, 127L, 128L, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
        (1L << 35) - 1, 0xFFFFFFFFL};

    private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyz_0\u00e9\u4e2d".toCharArray();

    // ---- any input: a document or a typed exception

    @Test
    void arbitraryBytesDecodeOrFailTyped() {
        RandomCases.run("arbitraryBytesDecodeOrFailTyped", CASES, random -> decodeEveryWay(bytes(random, 200)));
    }

    @Test
    void damagedEncodingsDecodeOrFailTyped() {
        RandomCases.run("damagedEncodingsDecodeOrFailTyped", CASES, random -> {
            Document document = document(random, 3);
            decodeEveryWay(damage(random, DocumentCodec.encode(document)));
        });
    }

    @Test
    void damagedRecordsDecodeOrFailTyped() {
        RandomCases.run("damagedRecordsDecodeOrFailTyped", CASES, random -> {
            Document document = document(random, 3);
            // compression from 0 bytes, so that most records are stored compressed
            byte[] record = new RecordFormat(true, 0).pack(DocumentCodec.encode(document),
                    random.nextBoolean() ? 1_700_000_000_000L : RecordFormat.NEVER);
            decodeRecordEveryWay(damage(random, record), document.keySet());
        });
    }

    /** Every length or count field claiming up to 2^35, at the top level and nested. */
    @Test
    void hugeLengthPrefixesFailTypedWithoutAllocating() {
        RandomCases.run("hugeLengthPrefixesFailTypedWithoutAllocating", CASES, random -> {
            int nested = random.nextInt(6);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < nested; i++) {
                out.write(1); // one field
                out.write(1); // named "a"
                out.write('a');
                out.write(i % 2 == 0 ? DocumentCodec.DOCUMENT : DocumentCodec.ARRAY);
                writeVarint(out, Integer.MAX_VALUE); // claimed length of the nested value
                if (i % 2 == 1) {
                    writeVarint(out, Integer.MAX_VALUE - 3); // claimed element count
                    out.write(DocumentCodec.DOCUMENT);
                    writeVarint(out, 1 << 30);
                }
            }
            out.writeBytes(prefix(random));
            out.writeBytes(new byte[] {6, 3, 'a', 'b', 'c'});
            decodeEveryWay(out.toByteArray());
        });
    }

    @Test
    void compressedRecordClaimingTwoGigabytesFailsTyped() {
        byte[] record = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x03, 0x00};
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> RecordFormat.decode(record))
                .withMessage("Compressed record claims 2147483647 bytes from 2 compressed bytes");
    }

    @Test
    void recordsTooShortForTheirHeaderFailTyped() {
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> RecordFormat.decode(new byte[0]))
                .withMessage("Stored record is empty");
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> RecordFormat.expiresAt(new byte[] {2, 0, 0}))
                .withMessage("Stored record of 3 bytes is too short for its expiry time");
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> RecordFormat.decode(new byte[] {8, 0}))
                .withMessage("Stored record has unknown flags 8");
    }

    /** Before: the bounds check added the length to the position, which overflowed and passed. */
    @Test
    void stringLengthNearIntegerMaxFailsTyped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(1);
        out.write('a');
        out.write(DocumentCodec.STRING);
        writeVarint(out, Integer.MAX_VALUE - 2);
        out.write('x');
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> DocumentCodec.decode(out.toByteArray()))
                .withMessage("Truncated document: needs 2147483645 bytes at byte 9, has 1");
    }

    /** Before: the array's claimed element count sized an ArrayList, up to 2^31 slots. */
    @Test
    void arrayClaimingBillionsOfElementsFailsTyped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(1);
        out.write('a');
        out.write(DocumentCodec.ARRAY);
        out.write(6); // length of the array's body
        writeVarint(out, Integer.MAX_VALUE);
        out.write(DocumentCodec.NULL);
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> DocumentCodec.decode(out.toByteArray()))
                .withMessageStartingWith("Array claims 2147483647 elements in 1 bytes");
    }

    /**
     * Before: a repeated field name decoded, the last occurrence winning, while the lazy view that
     * filters read returned the first: a filter could match a value the caller never saw. Found
     * by {@link DocumentDecoderGuidedFuzzTests}.
     */
    @Test
    void duplicateFieldNameIsMalformed() {
        // {a: 1, a: 2}: count 2, then name "a", INT32 zigzag 2, name "a", INT32 zigzag 4
        byte[] top = {2, 1, 'a', DocumentCodec.INT32, 2, 1, 'a', DocumentCodec.INT32, 4};
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> DocumentCodec.decode(top))
                .withMessage("Duplicate field name 'a' at byte 5");
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> DocumentCodec.toDocument(DocumentCodec.lazy(top)))
                .withMessage("Duplicate field name 'a' at byte 5");
        // {d: {"": null, "": 1}}: nested documents are held to the same rule
        byte[] nested = {1, 1, 'd', DocumentCodec.DOCUMENT, 6, 2, 0, DocumentCodec.NULL, 0, DocumentCodec.INT32, 2};
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> DocumentCodec.decode(nested))
                .withMessage("Duplicate field name '' at byte 8");
    }

    /** Before: decoding recursed once per level and overflowed the stack. */
    @Test
    void hundredThousandDeepNestingFailsTyped() {
        for (byte kind : new byte[] {DocumentCodec.DOCUMENT, DocumentCodec.ARRAY}) {
            byte[] deep = nested(100_000, kind);
            assertThatExceptionOfType(MalformedDocumentException.class)
                    .isThrownBy(() -> DocumentCodec.decode(deep))
                    .withMessageStartingWith("Document nesting exceeds " + DocumentCodec.MAX_DECODE_DEPTH + " levels");
            Map<String, Object> lazy = DocumentCodec.lazy(deep);
            assertThatExceptionOfType(MalformedDocumentException.class).isThrownBy(() -> lazy.get("a"));
            assertThatExceptionOfType(MalformedDocumentException.class).isThrownBy(lazy::size);
        }
    }

    @Test
    void nestingAtTheWriteLimitStillDecodes() {
        Object value = "leaf";
        for (int i = 1; i < DocumentCodec.MAX_NESTING_DEPTH; i++) {
            value = i % 2 == 0 ? new Document().append("a", value) : List.of(value);
        }
        Document document = new Document().append("a", value);
        assertThat(DocumentCodec.decode(DocumentCodec.encode(document))).isEqualTo(document);
    }

    /** Before: a lookup that failed to decode left its name cached with the previous field's value. */
    @Test
    void failedLazyLookupDoesNotCacheAnotherFieldsValue() {
        byte[] bytes = DocumentCodec.encode(new Document().append("a", 1).append("b", "text"));
        // damage b's type tag: the encoding is 1, "a", INT32 2, "b", STRING ...
        int bTag = 1 + 2 + 2 + 2;
        assertThat(bytes[bTag]).isEqualTo(DocumentCodec.STRING);
        bytes[bTag] = 99;
        Map<String, Object> lazy = DocumentCodec.lazy(bytes);
        assertThat(lazy.get("a")).isEqualTo(1);
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatExceptionOfType(MalformedDocumentException.class)
                    .isThrownBy(() -> lazy.get("b"))
                    .withMessage("Unknown value type 99 at byte 7");
        }
        assertThat(lazy.get("a")).isEqualTo(1);
    }

    // ---- valid documents: exact round trip, lazy view agrees

    @Test
    void validDocumentsRoundTrip() {
        RandomCases.run("validDocumentsRoundTrip", CASES, random -> {
            Document document = document(random, 3);
            byte[] bytes = DocumentCodec.encode(document);
            assertThat(DocumentCodec.decode(bytes)).isEqualTo(document);
            Map<String, Object> lazy = DocumentCodec.lazy(bytes);
            for (String name : document.keySet()) {
                assertThat(lazy.containsKey(name)).isTrue();
                assertThat(new Document().append("v", lazy.get(name)))
                        .isEqualTo(new Document().append("v", document.get(name)));
            }
            assertThat(lazy.containsKey("not-a-field-name")).isFalse();
            assertThat(lazy.size()).isEqualTo(document.size());
            assertThat(DocumentCodec.toDocument(DocumentCodec.lazy(bytes))).isEqualTo(document);
            assertThat(new ArrayList<>(DocumentCodec.lazy(bytes).keySet()))
                    .isEqualTo(new ArrayList<>(document.keySet()));
        });
    }

    @Test
    void validRecordsRoundTrip() {
        RandomCases.run("validRecordsRoundTrip", CASES, random -> {
            Document document = document(random, 3);
            long expiresAt = random.nextBoolean() ? 1_700_000_000_000L : RecordFormat.NEVER;
            byte[] record = new RecordFormat(random.nextBoolean(), 0).pack(DocumentCodec.encode(document), expiresAt);
            assertThat(RecordFormat.decode(record)).isEqualTo(document);
            assertThat(DocumentCodec.toDocument(RecordFormat.lazyDocument(record))).isEqualTo(document);
            assertThat(RecordFormat.expiresAt(record)).isEqualTo(expiresAt);
        });
    }

    // ---- generators: each mixes uniform values with the boundary values that find bugs

    /** A document of up to 6 fields, nesting documents and arrays up to {@code depth} more levels. */
    private static Document document(Random random, int depth) {
        Document document = new Document();
        int fields = random.nextInt(7);
        for (int i = 0; i < fields; i++) {
            document.put(name(random), value(random, depth)); // a repeated name keeps one field
        }
        return document;
    }

    private static String name(Random random) {
        char[] name = new char[1 + random.nextInt(8)];
        for (int i = 0; i < name.length; i++) {
            name[i] = NAME_CHARS[random.nextInt(NAME_CHARS.length)];
        }
        return new String(name);
    }

    /** One value of each type the codec stores (its 12 tags), containers 1 time in 5 while depth remains. */
    private static Object value(Random random, int depth) {
        if (depth > 0 && random.nextInt(10) < 2) {
            if (random.nextBoolean()) {
                return document(random, depth - 1);
            }
            List<Object> list = new ArrayList<>();
            int elements = random.nextInt(6);
            for (int i = 0; i < elements; i++) {
                list.add(value(random, depth - 1));
            }
            return list;
        }
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> anyInt(random);
            case 3 -> anyLong(random);
            case 4 -> anyDouble(random);
            case 5 -> string(random, 40);
            case 6 -> bytes(random, 20);
            // a BigInteger is stored, and read back, as a decimal of scale 0
            case 7 -> {
                Number decimal = DecimalCases.decimal(random);
                yield decimal instanceof java.math.BigInteger i ? Decimals.of(i) : decimal;
            }
            default -> instant(random);
        };
    }

    private static int anyInt(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[random.nextInt(5)];
            case 1 -> random.nextInt(256) - 128;
            default -> random.nextInt();
        };
    }

    private static long anyLong(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new long[] {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE + 1L}[random.nextInt(6)];
            case 1 -> random.nextInt(256) - 128;
            default -> random.nextLong();
        };
    }

    private static double anyDouble(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE}[random.nextInt(8)];
            case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
            // every bit pattern: subnormals, huge exponents and NaNs with payloads
            default -> Double.longBitsToDouble(random.nextLong());
        };
    }

    /** Valid UTF-16 only (no surrogates): lone surrogates are the write side's business. */
    private static String string(Random random, int maxLength) {
        char[] chars = new char[random.nextInt(maxLength + 1)];
        boolean ascii = random.nextBoolean();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ascii ? (char) (' ' + random.nextInt(95)) : (char) (' ' + random.nextInt('\uD800' - ' '));
        }
        return new String(chars);
    }

    /** Up to {@code maxLength} bytes, often short, often the codec's type tags and sign boundaries. */
    private static byte[] bytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(4) == 0 ? random.nextInt(Math.min(8, maxLength) + 1)
                : random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = switch (random.nextInt(4)) {
                case 0 -> (byte) random.nextInt(DocumentCodec.DECIMAL + 3);
                case 1 -> new byte[] {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE}[random.nextInt(5)];
                default -> (byte) random.nextInt(256);
            };
        }
        return bytes;
    }

    /** Any instant from {@link Instant#MIN} to {@link Instant#MAX}, often one of those or the epoch. */
    private static Instant instant(Random random) {
        if (random.nextInt(8) == 0) {
            return new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH}[random.nextInt(3)];
        }
        long seconds = Instant.MIN.getEpochSecond()
                + (long) (random.nextDouble() * ((double) Instant.MAX.getEpochSecond() - Instant.MIN.getEpochSecond()));
        seconds = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
        if (random.nextBoolean()) {
            seconds = random.nextInt() * 1000L; // near today, where millisecond dates live
        }
        return Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
    }

    /** A type tag and a length or count as a varint of up to 5 bytes, often near the limits. */
    private static byte[] prefix(Random random) {
        long length = random.nextBoolean() ? EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)]
                : random.nextLong() & ((1L << 35) - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, length); // a field count at the top, or a length after a tag
        out.write(random.nextInt(13));
        writeVarint(out, length);
        return out.toByteArray();
    }

    /** One to three damages: a bit flipped, a byte set, a cut, bytes appended, or a byte inserted. */
    private static byte[] damage(Random random, byte[] bytes) {
        byte[] result = bytes.clone();
        int damages = 1 + random.nextInt(3);
        for (int d = 0; d < damages; d++) {
            int at = result.length == 0 ? 0 : random.nextInt(result.length);
            int value = random.nextInt(256);
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (result.length > 0) {
                        result[at] ^= (byte) (1 << (value % 8));
                    }
                }
                case 1 -> {
                    if (result.length > 0) {
                        result[at] = (byte) value;
                    }
                }
                case 2 -> result = Arrays.copyOf(result, at);
                case 3 -> {
                    result = Arrays.copyOf(result, result.length + 1 + random.nextInt(8));
                    result[result.length - 1] = (byte) value;
                }
                default -> {
                    byte[] longer = new byte[result.length + 1];
                    System.arraycopy(result, 0, longer, 0, at);
                    longer[at] = (byte) value;
                    System.arraycopy(result, at, longer, at + 1, result.length - at);
                    result = longer;
                }
            }
        }
        return result;
    }

    // ---- helpers

    /**
     * {@code {a: {a: ... {}}}} or {@code {a: [[... [null]]]}}, {@code levels} deep, built from the
     * inside out at the end of one buffer so that each level costs only its own few bytes.
     */
    private static byte[] nested(int levels, byte kind) {
        byte[] buffer = new byte[levels * 10 + 16];
        int start = buffer.length;
        if (kind == DocumentCodec.DOCUMENT) {
            buffer[--start] = 0; // the innermost document: no fields
            for (int i = 0; i < levels; i++) {
                start = prependVarint(buffer, start, buffer.length - start);
                start = prepend(buffer, start, 1, 1, 'a', DocumentCodec.DOCUMENT);
            }
            // the outermost prefix describes the top document, which has no length: drop it
            return Arrays.copyOfRange(buffer, start + 4 + varintSize(buffer, start + 4), buffer.length);
        }
        buffer[--start] = DocumentCodec.NULL;
        for (int i = 0; i < levels; i++) {
            buffer[--start] = 1; // one element
            start = prependVarint(buffer, start, buffer.length - start);
            buffer[--start] = DocumentCodec.ARRAY;
        }
        start = prepend(buffer, start, 1, 1, 'a');
        return Arrays.copyOfRange(buffer, start, buffer.length);
    }

    private static int prepend(byte[] buffer, int start, int... bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            buffer[--start] = (byte) bytes[i];
        }
        return start;
    }

    private static int prependVarint(byte[] buffer, int start, long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, v);
        byte[] bytes = out.toByteArray();
        start -= bytes.length;
        System.arraycopy(bytes, 0, buffer, start, bytes.length);
        return start;
    }

    private static int varintSize(byte[] buffer, int at) {
        int size = 1;
        while (buffer[at + size - 1] < 0) {
            size++;
        }
        return size;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
