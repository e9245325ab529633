package io.tetherdb.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DocumentCodecTests {

    @Test
    void roundTripsEveryTypeAndKeepsFieldOrder() {
        Document doc = Document.parse("{z: 1, a: 'two', m: [1, 2.5, null, true, {x: [[]]}], big: 9007199254740993,"
                + " neg: -12345678901, d: -0.0}")
                .append("bin", new byte[] {0, -1, 127})
                .append("date", Instant.parse("1960-01-01T00:00:00.5Z"));

        Document decoded = DocumentCodec.decode(DocumentCodec.encode(doc));

        assertThat(decoded).isEqualTo(doc);
        assertThat(decoded.keySet()).containsExactly("z", "a", "m", "big", "neg", "d", "bin", "date");
        assertThat(decoded.get("big")).isEqualTo(9007199254740993L);
        assertThat(Double.doubleToRawLongBits((Double) decoded.get("d"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void decodeFieldsDecodesOnlyTheNamedTopLevelFieldsInTheEncodingsOrder() {
        Document doc = Document.parse("{_id: 'x1', nested: {city: 'no'}, city: 'Lyon', tags: ['a', {b: 2}],"
                + " cityName: 'prefix only', 'caf\u00e9': 3, score: 2.5}");
        byte[] bytes = DocumentCodec.encode(doc);

        Document picked = DocumentCodec.decodeFields(bytes, 0, new String[] {"score", "city", "tags", "caf\u00e9",
            "missing"});

        assertThat(picked.keySet()).containsExactly("city", "tags", "caf\u00e9", "score");
        assertThat(picked).isEqualTo(Document.parse("{city: 'Lyon', tags: ['a', {b: 2}], 'caf\u00e9': 3, score: 2.5}"));
        assertThat(DocumentCodec.decodeFields(bytes, 0, new String[0])).isEmpty();
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> DocumentCodec.decodeFields(Arrays.copyOf(bytes, 12), 0, new String[] {"score"}));
    }

    @Test
    void decimalsAreATypeTagWithScaleAndCoefficient() {
        Document doc = new Document().append("price", new java.math.BigDecimal("12.50"))
                .append("neg", new java.math.BigDecimal("-1E+3")).append("tiny", new java.math.BigDecimal("1E-6176"));
        // tag 11, zig-zag scale, then the coefficient's two's complement bytes with their count
        byte[] expected = {3, 5, 'p', 'r', 'i', 'c', 'e', 11, 4, 2, 0x04, (byte) 0xE2, 3, 'n', 'e', 'g', 11, 5, 1, -1,
            4, 't', 'i', 'n', 'y', 11, (byte) 0xC0, 0x60, 1, 1};

        assertThat(DocumentCodec.encode(doc)).isEqualTo(expected);
        Document decoded = DocumentCodec.decode(expected);
        assertThat(decoded).isEqualTo(doc);
        assertThat(decoded.get("price").toString()).isEqualTo("12.50");
        Map<String, Object> lazy = DocumentCodec.lazy(expected);
        assertThat(lazy.get("tiny")).as("found by skipping two decimals").isEqualTo(doc.get("tiny"));
        assertThat(DocumentCodec.decode(DocumentCodec.encode(Map.of("n", java.math.BigInteger.TEN.negate()))))
                .containsEntry("n", java.math.BigDecimal.TEN.negate());
    }

    @Test
    void damagedDecimalsAreMalformed() {
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("Decimal coefficient of 0 bytes at byte 3", new byte[] {1, 1, 'a', 11, 0, 0});
        cases.put("Decimal coefficient of 16 bytes at byte 3", concat(new byte[] {1, 1, 'a', 11, 0, 16}, new byte[16]));
        cases.put("Decimal scale -6112 out of range at byte 3", new byte[] {1, 1, 'a', 11, (byte) 0xBF, 0x5F, 1, 1});
        cases.put("Decimal scale 6177 out of range at byte 3", new byte[] {1, 1, 'a', 11, (byte) 0xC2, 0x60, 1, 1});
        byte[] tooManyDigits = java.math.BigInteger.TEN.pow(34).toByteArray();
        cases.put("Decimal at byte 3 has 35 significant digits",
                concat(new byte[] {1, 1, 'a', 11, 0, (byte) tooManyDigits.length}, tooManyDigits));
        cases.put("Truncated document", new byte[] {1, 1, 'a', 11, 0, 2, 1});
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            assertThatExceptionOfType(MalformedDocumentException.class).isThrownBy(() -> DocumentCodec.decode(c.getValue()))
                    .withMessageStartingWith(c.getKey());
            assertThatExceptionOfType(MalformedDocumentException.class)
                    .isThrownBy(() -> DocumentCodec.lazy(c.getValue()).get("a"))
                    .withMessageStartingWith(c.getKey());
        }
        assertThatExceptionOfType(MalformedDocumentException.class)
                .isThrownBy(() -> DocumentCodec.decode(new byte[] {1, 1, 'a', 12}))
                .withMessage("Unknown value type 12 at byte 3");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    @Test
    void smallValuesEncodeCompactly() {
        byte[] bytes = DocumentCodec.encode(Map.of("a", 1));
        // count, name length, name, type, zig-zag varint
        assertThat(bytes).hasSize(5);
    }

    @Test
    void convertsJavaTypesToStoredTypes() {
        Document decoded = DocumentCodec.decode(DocumentCodec.encode(Map.of(
                "short", (short) 3, "float", 1.5f, "array", new Object[] {"a", 1}, "set", java.util.Set.of("only"),
                "date", new java.util.Date(0), "enum", java.time.DayOfWeek.MONDAY)));

        assertThat(decoded.get("short")).isEqualTo(3);
        assertThat(decoded.get("float")).isEqualTo(1.5);
        assertThat(decoded.getList("array")).containsExactly("a", 1);
        assertThat(decoded.getList("set")).containsExactly("only");
        assertThat(decoded.get("date")).isEqualTo(Instant.EPOCH);
        assertThat(decoded.get("enum")).isEqualTo("MONDAY");
    }

    @Test
    void lazyViewDecodesFieldsOnDemandAndEqualsTheFullDecode() {
        Document doc = Document.parse("{a: 1, b: {c: [1, 2, {d: 'e'}]}, s: 'text'}");
        Map<String, Object> lazy = DocumentCodec.lazy(DocumentCodec.encode(doc));

        assertThat(lazy.get("s")).isEqualTo("text");
        assertThat(lazy.containsKey("b")).isTrue();
        assertThat(lazy.containsKey("zz")).isFalse();
        assertThat(lazy.get("zz")).isNull();
        assertThat(lazy.size()).isEqualTo(3);
        assertThat(new Document(lazy)).isEqualTo(doc);
    }

    @Test
    void randomDocumentsRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            Document doc = randomDocument(random, 0);
            assertThat(DocumentCodec.decode(DocumentCodec.encode(doc))).isEqualTo(doc);
        }
    }

    @Test
    void truncatedOrDamagedBytesFailWithoutHanging() {
        byte[] bytes = DocumentCodec.encode(Document.parse("{a: 'hello', b: [1, 2, 3]}"));
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatExceptionOfType(MalformedDocumentException.class).isThrownBy(() -> DocumentCodec.decode(truncated))
                    .withMessageMatching("(Truncated document|Document claims|Nested value claims|Array claims).*");
        }
    }

    private static Document randomDocument(Random random, int depth) {
        Document doc = new Document();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            doc.put("f" + random.nextInt(10), randomValue(random, depth));
        }
        return doc;
    }

    private static Object randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 3 ? 7 : 9)) {
            case 0: return null;
            case 1: return random.nextBoolean();
            case 2: return random.nextInt();
            case 3: return random.nextLong();
            case 4: return random.nextDouble() * 1e6;
            case 5: return "s" + random.nextInt(1000) + "é";
            case 6: return Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
            case 7: return Arrays.asList(randomValue(random, depth + 1), randomValue(random, depth + 1));
            default: return randomDocument(random, depth + 1);
        }
    }
}
