package io.tetherdb.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.store.RecordFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the decoding side of {@link DocumentCodec}, {@link LazyDocument} and {@link RecordFormat}:
 * arbitrary bytes, valid encodings with bytes flipped, cut off or appended, huge length prefixes
 * and 100,000-deep nesting. Whatever the input, decoding yields a document or throws
 * {@link MalformedDocumentException}: never another exception, never {@code OutOfMemoryError} or
 * {@code StackOverflowError}. Valid documents of every supported value type round-trip exactly,
 * and the lazy view agrees with the full decode.
 *
 * <p>Each property runs jqwik's default number of tries (1000); run more with, for example,
 * {@code -Djqwik.tries.default=100000}.
 */
class DocumentCodecFuzzTests {

    // ---- any input: a document or a typed exception

    @Property
    void arbitraryBytesDecodeOrFailTyped(@ForAll @Size(max = 200) byte[] bytes) {
        decodeEveryWay(bytes);
    }

    @Property
    void damagedEncodingsDecodeOrFailTyped(@ForAll("documents") Document document,
            @ForAll("damages") List<Tuple.Tuple3<Integer, Integer, Integer>> damages) {
        byte[] damaged = damage(DocumentCodec.encode(document), damages);
        decodeEveryWay(damaged);
    }

    @Property
    void damagedRecordsDecodeOrFailTyped(@ForAll("documents") Document document, @ForAll boolean expires,
            @ForAll("damages") List<Tuple.Tuple3<Integer, Integer, Integer>> damages) {
        // compression from 0 bytes, so that most records are stored compressed
        byte[] record = new RecordFormat(true, 0).pack(DocumentCodec.encode(document),
                expires ? 1_700_000_000_000L : RecordFormat.NEVER);
        byte[] damaged = damage(record, damages);
        typedOrResult(() -> RecordFormat.decode(damaged));
        typedOrResult(() -> readAll(RecordFormat.lazyDocument(damaged), document.keySet()));
        typedOrResult(() -> RecordFormat.expiresAt(damaged));
        typedOrResult(() -> RecordFormat.isExpired(damaged, 0));
    }

    /** Every length or count field claiming up to 2^35, at the top level and nested. */
    @Property
    void hugeLengthPrefixesFailTypedWithoutAllocating(@ForAll("prefixes") byte[] prefix,
            @ForAll @IntRange(min = 0, max = 5) int nested) {
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
        out.writeBytes(prefix);
        out.writeBytes(new byte[] {6, 3, 'a', 'b', 'c'});
        decodeEveryWay(out.toByteArray());
    }

    @Example
    void compressedRecordClaimingTwoGigabytesFailsTyped() {
        byte[] record = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x03, 0x00};
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> RecordFormat.decode(record))
                .withMessage("Compressed record claims 2147483647 bytes from 2 compressed bytes");
    }

    @Example
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
    @Example
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
    @Example
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

    /** Before: decoding recursed once per level and overflowed the stack. */
    @Example
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

    @Example
    void nestingAtTheWriteLimitStillDecodes() {
        Object value = "leaf";
        for (int i = 1; i < DocumentCodec.MAX_NESTING_DEPTH; i++) {
            value = i % 2 == 0 ? new Document().append("a", value) : List.of(value);
        }
        Document document = new Document().append("a", value);
        assertThat(DocumentCodec.decode(DocumentCodec.encode(document))).isEqualTo(document);
    }

    /** Before: a lookup that failed to decode left its name cached with the previous field's value. */
    @Example
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

    @Property
    void validDocumentsRoundTrip(@ForAll("documents") Document document) {
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
        assertThat(new ArrayList<>(DocumentCodec.lazy(bytes).keySet())).isEqualTo(new ArrayList<>(document.keySet()));
    }

    @Property
    void validRecordsRoundTrip(@ForAll("documents") Document document, @ForAll boolean compression,
            @ForAll boolean expires) {
        long expiresAt = expires ? 1_700_000_000_000L : RecordFormat.NEVER;
        byte[] record = new RecordFormat(compression, 0).pack(DocumentCodec.encode(document), expiresAt);
        assertThat(RecordFormat.decode(record)).isEqualTo(document);
        assertThat(DocumentCodec.toDocument(RecordFormat.lazyDocument(record))).isEqualTo(document);
        assertThat(RecordFormat.expiresAt(record)).isEqualTo(expiresAt);
    }

    // ---- generators

    @Provide
    Arbitrary<Document> documents() {
        return document(3);
    }

    private Arbitrary<Document> document(int depth) {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', 'é', '中')
                .ofMinLength(1).ofMaxLength(8);
        return Arbitraries.maps(names, value(depth)).ofMaxSize(6).map(fields -> {
            Document document = new Document();
            fields.forEach(document::put);
            return document;
        });
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                Arbitraries.longs(),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0)
                        .withSpecialValue(Double.POSITIVE_INFINITY),
                // valid UTF-16 only: lone surrogates are the write side's business
                Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(40),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                Combinators.combine(Arbitraries.longs().between(-31_557_014_167_219_200L, 31_556_889_864_403_199L),
                        Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond))
                .map(v -> (Object) v);
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(8, leaf),
                Tuple.of(1, Arbitraries.lazy(() -> document(depth - 1)).map(d -> (Object) d)),
                Tuple.of(1, Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(5).map(l -> (Object) l)));
    }

    /** Damages: (kind 0 flip / 1 set / 2 cut / 3 append / 4 insert, position, value). */
    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> damages() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 255)).as(Tuple::of).list().ofMinSize(1).ofMaxSize(3);
    }

    /** A type tag and a length or count as a varint of up to 5 bytes, often near the limits. */
    @Provide
    Arbitrary<byte[]> prefixes() {
        Arbitrary<Long> lengths = Arbitraries.oneOf(Arbitraries.longs().between(0, (1L << 35) - 1),
                Arbitraries.of(0L, 1L, 127L, 128L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
                        (1L << 35) - 1, 0xFFFFFFFFL));
        return Combinators.combine(Arbitraries.integers().between(0, 12), lengths).as((tag, length) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeVarint(out, length); // a field count at the top, or a length after a tag
            out.write(tag);
            writeVarint(out, length);
            return out.toByteArray();
        });
    }

    // ---- helpers

    private static byte[] damage(byte[] bytes, List<Tuple.Tuple3<Integer, Integer, Integer>> damages) {
        byte[] result = bytes.clone();
        for (Tuple.Tuple3<Integer, Integer, Integer> d : damages) {
            int at = result.length == 0 ? 0 : d.get2() % result.length;
            byte value = d.get3().byteValue();
            switch (d.get1()) {
                case 0 -> {
                    if (result.length > 0) {
                        result[at] ^= (byte) (1 << (d.get3() % 8));
                    }
                }
                case 1 -> {
                    if (result.length > 0) {
                        result[at] = value;
                    }
                }
                case 2 -> result = java.util.Arrays.copyOf(result, at);
                case 3 -> {
                    result = java.util.Arrays.copyOf(result, result.length + 1 + d.get2() % 8);
                    result[result.length - 1] = value;
                }
                default -> {
                    byte[] longer = new byte[result.length + 1];
                    System.arraycopy(result, 0, longer, 0, at);
                    longer[at] = value;
                    System.arraycopy(result, at, longer, at + 1, result.length - at);
                    result = longer;
                }
            }
        }
        return result;
    }

    /** Decodes whole, lazily field by field, and lazily whole; each may only fail typed. */
    private static void decodeEveryWay(byte[] bytes) {
        typedOrResult(() -> DocumentCodec.decode(bytes));
        typedOrResult(() -> readAll(DocumentCodec.lazy(bytes), List.of("a", "_id", "abc")));
        typedOrResult(() -> DocumentCodec.toDocument(DocumentCodec.lazy(bytes)));
    }

    /** Reads a lazy view the ways a filter and a cursor do. */
    private static Object readAll(Map<String, Object> lazy, java.util.Collection<String> names) {
        List<Object> seen = new ArrayList<>();
        for (String name : names) {
            seen.add(lazy.containsKey(name));
            seen.add(lazy.get(name));
        }
        for (Map.Entry<String, Object> e : lazy.entrySet()) {
            seen.add(e.getKey());
            seen.add(e.getValue());
        }
        seen.add(lazy.size());
        return seen;
    }

    private static void typedOrResult(java.util.concurrent.Callable<?> decoding) {
        try {
            decoding.call();
        } catch (MalformedDocumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (Throwable e) {
            throw new AssertionError("decoding threw " + e + " instead of MalformedDocumentException", e);
        }
    }

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
            return java.util.Arrays.copyOfRange(buffer, start + 4 + varintSize(buffer, start + 4), buffer.length);
        }
        buffer[--start] = DocumentCodec.NULL;
        for (int i = 0; i < levels; i++) {
            buffer[--start] = 1; // one element
            start = prependVarint(buffer, start, buffer.length - start);
            buffer[--start] = DocumentCodec.ARRAY;
        }
        start = prepend(buffer, start, 1, 1, 'a');
        return java.util.Arrays.copyOfRange(buffer, start, buffer.length);
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
