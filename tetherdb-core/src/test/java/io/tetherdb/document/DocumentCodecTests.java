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
