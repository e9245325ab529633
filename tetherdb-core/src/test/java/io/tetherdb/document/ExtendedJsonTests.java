package io.tetherdb.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.ExtendedJson.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Examples follow MongoDB's documented Extended JSON v2 type table, written out by hand. */
class ExtendedJsonTests {

    private static final String CANONICAL_EXAMPLE = """
            {"_id": {"$oid": "5d505646cf6d4fe581014ab2"},
             "int": {"$numberInt": "42"}, "long": {"$numberLong": "42"},
             "double": {"$numberDouble": "42.42"}, "nan": {"$numberDouble": "NaN"},
             "inf": {"$numberDouble": "Infinity"}, "minusInf": {"$numberDouble": "-Infinity"},
             "minusZero": {"$numberDouble": "-0.0"}, "decimal": {"$numberDecimal": "1234.50"},
             "date": {"$date": {"$numberLong": "1565546054692"}},
             "bin": {"$binary": {"base64": "SGVsbG8=", "subType": "00"}},
             "array": [{"$numberInt": "1"}, [{"$numberLong": "2"}], {"x": {"$numberDouble": "1.0"}}],
             "string": "text", "bool": true, "nothing": null}""";

    @Test
    void readsTheCanonicalTypes() {
        Document d = ExtendedJson.parseDocument(CANONICAL_EXAMPLE);

        assertThat(d.get("_id")).isEqualTo("5d505646cf6d4fe581014ab2");
        assertThat(d.get("int")).isEqualTo(42);
        assertThat(d.get("long")).isEqualTo(42L);
        assertThat(d.get("double")).isEqualTo(42.42);
        assertThat((Double) d.get("nan")).isNaN();
        assertThat(d.get("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(d.get("minusInf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Double.doubleToRawLongBits((Double) d.get("minusZero"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(d.get("decimal")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(d.get("date")).isEqualTo(Instant.parse("2019-08-11T17:54:14.692Z"));
        assertThat((byte[]) d.get("bin")).asString().isEqualTo("Hello");
        List<Object> array = d.getList("array");
        assertThat(array.get(0)).isEqualTo(1);
        assertThat(array.get(1)).isEqualTo(List.of(2L));
        assertThat(((Document) array.get(2)).get("x")).isEqualTo(1.0);
        assertThat(d.get("string")).isEqualTo("text");
        assertThat(d.get("bool")).isEqualTo(true);
        assertThat(d.containsKey("nothing")).isTrue();
    }

    @Test
    void readsTheRelaxedTypes() {
        Document d = ExtendedJson.parseDocument("""
                {"int": 42, "long": 3000000000, "double": 42.42, "whole": 1.0, "exp": 1e3,
                 "minusZero": -0.0, "nan": {"$numberDouble": "NaN"},
                 "date": {"$date": "2019-08-11T17:54:14.692Z"},
                 "offset": {"$date": "2019-08-11T19:54:14.692+02:00"}, "basic": {"$date": "2019-08-11T19:54:14+0200"},
                 "legacy": {"$date": 1565546054692}, "nanos": {"$date": "2019-08-11T17:54:14.123456789Z"}}""");

        assertThat(d.get("int")).isInstanceOf(Integer.class).isEqualTo(42);
        assertThat(d.get("long")).isInstanceOf(Long.class).isEqualTo(3_000_000_000L);
        assertThat(d.get("double")).isEqualTo(42.42);
        assertThat(d.get("whole")).isInstanceOf(Double.class).isEqualTo(1.0);
        assertThat(d.get("exp")).isInstanceOf(Double.class).isEqualTo(1000.0);
        assertThat(Double.doubleToRawLongBits((Double) d.get("minusZero"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat((Double) d.get("nan")).isNaN();
        assertThat(d.get("date")).isEqualTo(Instant.parse("2019-08-11T17:54:14.692Z"));
        assertThat(d.get("offset")).isEqualTo(Instant.parse("2019-08-11T17:54:14.692Z"));
        assertThat(d.get("basic")).isEqualTo(Instant.parse("2019-08-11T17:54:14Z"));
        assertThat(d.get("legacy")).isEqualTo(Instant.parse("2019-08-11T17:54:14.692Z"));
        assertThat(d.get("nanos")).isEqualTo(Instant.parse("2019-08-11T17:54:14.123456789Z"));
    }

    @Test
    void writesCanonicalWrappersForEveryNumberAndDate() {
        Document d = new Document("_id", "abc").append("i", 1).append("l", 2L).append("d", 1.0).append("z", -0.0)
                .append("n", Double.NaN).append("dec", new BigDecimal("12.50"))
                .append("at", Instant.parse("2019-08-11T17:54:14.692Z")).append("b", new byte[] {1, 2, 3})
                .append("list", List.of(1, "x"));

        assertThat(ExtendedJson.write(d, Mode.CANONICAL)).isEqualTo("{\"_id\":\"abc\",\"i\":{\"$numberInt\":\"1\"},"
                + "\"l\":{\"$numberLong\":\"2\"},\"d\":{\"$numberDouble\":\"1.0\"},\"z\":{\"$numberDouble\":\"-0.0\"},"
                + "\"n\":{\"$numberDouble\":\"NaN\"},\"dec\":{\"$numberDecimal\":\"12.50\"},"
                + "\"at\":{\"$date\":{\"$numberLong\":\"1565546054692\"}},"
                + "\"b\":{\"$binary\":{\"base64\":\"AQID\",\"subType\":\"00\"}},"
                + "\"list\":[{\"$numberInt\":\"1\"},\"x\"]}");
        assertThat(ExtendedJson.write(d, Mode.RELAXED)).isEqualTo("{\"_id\":\"abc\",\"i\":1,\"l\":2,\"d\":1.0,\"z\":-0.0,"
                + "\"n\":{\"$numberDouble\":\"NaN\"},\"dec\":{\"$numberDecimal\":\"12.50\"},"
                + "\"at\":{\"$date\":\"2019-08-11T17:54:14.692Z\"},"
                + "\"b\":{\"$binary\":{\"base64\":\"AQID\",\"subType\":\"00\"}},\"list\":[1,\"x\"]}");
    }

    @Test
    void canonicalRoundTripKeepsEveryTypeExactly() {
        Document d = sample();

        Document back = ExtendedJson.parseDocument(ExtendedJson.write(d, Mode.CANONICAL));

        assertSameTypesAndValues(back, d);
        assertThat(back).isEqualTo(d);
    }

    @Test
    void relaxedRoundTripKeepsValuesAndNanosecondsButNotLongVersusInt() {
        Document d = sample();

        Document back = ExtendedJson.parseDocument(ExtendedJson.write(d, Mode.RELAXED));

        // a long that fits 32 bits is a plain number in relaxed mode, so it reads back as an int
        assertThat(back.get("smallLong")).isInstanceOf(Integer.class).isEqualTo(7);
        d.put("smallLong", 7);
        d.put("nested", new Document("list", List.of(List.of(1, 2), new Document("x", true))));
        assertSameTypesAndValues(back, d);
        assertThat(back.get("nanos")).isEqualTo(Instant.parse("2024-02-29T23:59:59.123456789Z"));
        assertThat(back.get("micros")).isEqualTo(Instant.parse("2024-02-29T23:59:59.123456Z"));
    }

    @Test
    void datesOfWholeMillisecondsFollowTheSpecificationAndFinerOnesAreWrittenAsIsoTextInBothModes() {
        Instant millis = Instant.parse("2024-02-29T23:59:59.123Z");
        Instant nanos = Instant.parse("2024-02-29T23:59:59.123456789Z");
        Instant micros = Instant.parse("1969-07-20T20:17:40.000001Z");
        Instant before1970 = Instant.parse("1969-07-20T20:17:40.5Z");
        Instant farFuture = Instant.parse("+12024-01-01T00:00:00.000000001Z");

        assertThat(ExtendedJson.write(Map.of("t", millis), Mode.CANONICAL))
                .isEqualTo("{\"t\":{\"$date\":{\"$numberLong\":\"" + millis.toEpochMilli() + "\"}}}");
        assertThat(ExtendedJson.write(Map.of("t", millis), Mode.RELAXED))
                .isEqualTo("{\"t\":{\"$date\":\"2024-02-29T23:59:59.123Z\"}}");
        assertThat(ExtendedJson.write(Map.of("t", before1970), Mode.RELAXED))
                .isEqualTo("{\"t\":{\"$date\":{\"$numberLong\":\"-14182939500\"}}}");
        for (Mode mode : Mode.values()) {
            assertThat(ExtendedJson.write(Map.of("t", nanos), mode))
                    .isEqualTo("{\"t\":{\"$date\":\"2024-02-29T23:59:59.123456789Z\"}}");
            assertThat(ExtendedJson.write(Map.of("t", micros), mode))
                    .isEqualTo("{\"t\":{\"$date\":\"1969-07-20T20:17:40.000001Z\"}}");
            for (Instant instant : List.of(millis, nanos, micros, before1970, farFuture, Instant.EPOCH)) {
                assertThat(ExtendedJson.parseDocument(ExtendedJson.write(Map.of("t", instant), mode)).get("t"))
                        .as("%s in %s mode", instant, mode).isEqualTo(instant);
            }
        }
    }

    @Test
    void mapsObjectIdsUuidsSymbolsAndUndefined() {
        Document d = ExtendedJson.parseDocument("""
                {"_id": {"$oid": "5D505646CF6D4FE581014AB2"}, "u": {"$uuid": "3b241101-e2bb-4255-8caf-4136c566a962"},
                 "b4": {"$binary": {"base64": "OyQRAeK7QlWMr0E2xWapYg==", "subType": "04"}},
                 "legacy": {"$binary": "AQI=", "$type": "0"}, "s": {"$symbol": "sym"}, "u2": {"$undefined": true}}""");

        assertThat(d.get("_id")).isEqualTo("5d505646cf6d4fe581014ab2");
        assertThat(d.get("u")).isEqualTo("3b241101-e2bb-4255-8caf-4136c566a962");
        assertThat(d.get("b4")).isEqualTo("3b241101-e2bb-4255-8caf-4136c566a962");
        assertThat((byte[]) d.get("legacy")).containsExactly(1, 2);
        assertThat(d.get("s")).isEqualTo("sym");
        assertThat(d.get("u2")).isNull();
        assertThat(d.containsKey("u2")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\": {\"b\": {\"$timestamp\": {\"t\": 1565545664, \"i\": 1}}}}|$timestamp (a BSON timestamp) at 'a.b'",
        "{\"r\": {\"$regularExpression\": {\"pattern\": \"^H\", \"options\": \"i\"}}}|$regularExpression (a regular expression) at 'r'",
        "{\"k\": [{\"$minKey\": 1}]}|$minKey (MinKey) at 'k.0'",
        "{\"k\": {\"$maxKey\": 1}}|$maxKey (MaxKey) at 'k'",
        "{\"c\": {\"$code\": \"function() {}\"}}|$code (JavaScript code) at 'c'",
        "{\"ref\": {\"$ref\": \"users\", \"$id\": 1}}|$ref (a DBRef) at 'ref'",
        "{\"b\": {\"$binary\": {\"base64\": \"AQI=\", \"subType\": \"05\"}}}|$binary at 'b' has subType 05",
        "{\"n\": {\"$numberLong\": 5}}|$numberLong at 'n' needs an integer such as \"42\" as a string, not a number",
        "{\"n\": {\"$numberLong\": \"5\", \"x\": 1}}|$numberLong at 'n' must be the only field of its object, but 'x' follows it",
        "{\"n\": {\"$numberLong\": \"9223372036854775808\"}}|$numberLong at 'n' is outside the 64-bit range",
        "{\"n\": {\"$numberInt\": \"2147483648\"}}|$numberInt at 'n' is outside the 32-bit range",
        "{\"n\": {\"$numberInt\": \"1.5\"}}|$numberInt at 'n' is not an integer",
        "{\"n\": {\"$numberDouble\": \"0x10\"}}|$numberDouble at 'n' is not a number",
        "{\"n\": {\"$numberDouble\": \"1e400\"}}|is outside the range of a double",
        "{\"n\": {\"$numberDecimal\": \"NaN\"}}|cannot hold; use {\"$numberDouble\": \"NaN\"}",
        "{\"n\": {\"$numberDecimal\": \"1.2345678901234567890123456789012345\"}}|$numberDecimal at 'n' '1.2345678901234567890123456789012345' has 35 significant digits",
        "{\"d\": {\"$date\": \"yesterday\"}}|$date at 'd' is not an ISO-8601 date-time",
        "{\"d\": {\"$date\": \"2019-08-11T17:54:14\"}}|$date at 'd' is not an ISO-8601 date-time",
        "{\"o\": {\"$oid\": \"123\"}}|$oid at 'o' must be 24 hex digits",
        "{\"b\": {\"$binary\": {\"base64\": \"***\", \"subType\": \"00\"}}}|$binary at 'b' is not Base64",
        "{\"a\": {\"$set\": 1}}|Field name '$set' in the document at 'a' starts with $",
        "{\"a\": 1, \"$b\": 2}|Field name '$b' in the document at the top level starts with $",
        "{\"big\": 123456789012345678901234567890}|is outside the 64-bit range",
        "{\"$date\": \"2019-08-11T17:54:14Z\"}|Expected a document but found an Extended JSON instant standing alone",
        "[1, 2]|Expected a document (a JSON object) but found an array"})
    void refusesWhatTetherDbCannotHoldAndMalformedWrappers(String json, String message) {
        assertThatExceptionOfType(ExtendedJsonException.class).isThrownBy(() -> ExtendedJson.parseDocument(json))
                .withMessageContaining(message).withMessageContaining("(at line 1, column")
                .satisfies(e -> assertThat(e.resumable()).isTrue());
    }

    @Test
    void namesTheLineAndColumnOfSyntaxErrors() {
        assertThatExceptionOfType(ExtendedJsonException.class)
                .isThrownBy(() -> ExtendedJson.parseDocument("{\"a\": 1,\n \"b\": tru}"))
                .withMessageContaining("Malformed JSON").withMessageContaining("at line 2")
                .satisfies(e -> assertThat(e.line()).isEqualTo(2));
        assertThatExceptionOfType(ExtendedJsonException.class)
                .isThrownBy(() -> ExtendedJson.parseDocument("{'a': 1}"))
                .withMessageContaining("Malformed JSON");
    }

    @Test
    void readsJsonLinesSkippingBlankLinesAndGoingOnAfterABadLine() throws Exception {
        String text = "{\"a\": 1}\n\n{\"a\": {\"$timestamp\": {\"t\": 1, \"i\": 1}}}\n{\"a\": \n{\"a\": {\"$numberLong\": \"4\"}}\n";
        List<Object> seen = new ArrayList<>();
        try (ExtendedJsonReader reader = new ExtendedJsonReader(new StringReader(text))) {
            assertThat(reader.isArray()).isFalse();
            while (true) {
                try {
                    Document d = reader.read();
                    if (d == null) {
                        break;
                    }
                    seen.add(reader.line() + ":" + d.get("a"));
                } catch (ExtendedJsonException e) {
                    assertThat(e.resumable()).isTrue();
                    assertThat(e.line()).isEqualTo(reader.line());
                    seen.add(reader.line() + ":error");
                }
            }
        }
        assertThat(seen).containsExactly("1:1", "3:error", "4:error", "5:4");
    }

    @Test
    void readsAnIndentedArraySkippingABadElement() throws Exception {
        String text = """
                [
                  {"a": {"$numberInt": "1"}},
                  {"a": {"$minKey": 1},
                   "b": [1, {"c": 2}]},
                  {"a": {"$numberLong": "3"}}
                ]
                """;
        List<Object> seen = new ArrayList<>();
        try (ExtendedJsonReader reader = new ExtendedJsonReader(new StringReader(text))) {
            assertThat(reader.isArray()).isTrue();
            assertThat(reader.read()).isEqualTo(Map.of("a", 1));
            assertThatExceptionOfType(ExtendedJsonException.class).isThrownBy(reader::read)
                    .withMessageContaining("$minKey").satisfies(e -> assertThat(e.line()).isEqualTo(3));
            Document third = reader.read();
            seen.add(third.get("a"));
            seen.add(reader.line());
            assertThat(reader.read()).isNull();
        }
        assertThat(seen).containsExactly(3L, 5);
    }

    @Test
    void aSyntaxErrorInsideAnArrayEndsTheReading() throws Exception {
        try (ExtendedJsonReader reader = new ExtendedJsonReader(new StringReader("[{\"a\": 1},\n{\"a\": }, {\"a\": 3}]"))) {
            assertThat(reader.read()).isEqualTo(Map.of("a", 1));
            assertThatExceptionOfType(ExtendedJsonException.class).isThrownBy(reader::read)
                    .satisfies(e -> assertThat(e.resumable()).isFalse())
                    .satisfies(e -> assertThat(e.line()).isEqualTo(2));
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void writesJsonLinesAndArraysThatReadBack() throws Exception {
        for (boolean array : new boolean[] {false, true}) {
            StringWriter out = new StringWriter();
            try (ExtendedJsonWriter writer = new ExtendedJsonWriter(out, Mode.CANONICAL, array)) {
                writer.write(sample());
                writer.write(Map.of("second", 2L));
            }
            try (ExtendedJsonReader reader = new ExtendedJsonReader(new StringReader(out.toString()))) {
                assertThat(reader.isArray()).isEqualTo(array);
                assertSameTypesAndValues(reader.read(), sample());
                assertThat(reader.read()).isEqualTo(Map.of("second", 2L));
                assertThat(reader.read()).isNull();
            }
        }
    }

    @Test
    void parsesFiltersWithOperatorsAndWrappers() {
        Document filter = ExtendedJson.parseFilter(
                "{at: {$gte: {$date: '2024-01-01T00:00:00Z'}}, n: {$in: [{$numberLong: '5'}]}, s: {$regex: '^a'}}");

        assertThat(filter.getDocument("at").get("$gte")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(filter.getDocument("n").getList("$in")).containsExactly(5L);
        assertThat(filter.getDocument("s").get("$regex")).isEqualTo("^a");
    }

    @Test
    void mutatedTextIsADocumentOrATypedErrorNeverAnotherException() {
        String canonical = ExtendedJson.write(sample(), Mode.CANONICAL) + "\n" + CANONICAL_EXAMPLE;
        String alphabet = "{}[]\":,.-+0123456789eE$aAzZ \\/nNuU";
        java.util.Random random = new java.util.Random(20261203);
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder(canonical);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String mutated = text.toString();
            try (ExtendedJsonReader reader = new ExtendedJsonReader(new StringReader(mutated))) {
                for (int documents = 0; documents < 10; documents++) {
                    try {
                        if (reader.read() == null) {
                            break;
                        }
                    } catch (ExtendedJsonException e) {
                        assertThat(e.line()).as(mutated).isPositive();
                        if (!e.resumable()) {
                            break;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static Document sample() {
        return new Document("_id", "id-1").append("int", 1).append("smallLong", 7L).append("bigLong", Long.MIN_VALUE)
                .append("double", 0.1).append("whole", 3.0).append("minusZero", -0.0).append("nan", Double.NaN)
                .append("inf", Double.NEGATIVE_INFINITY).append("tiny", 5e-324)
                .append("decimal", new BigDecimal("-1.230E+5")).append("bytes", new byte[] {0, -1, 127})
                .append("date", Instant.parse("2024-02-29T23:59:59.123Z"))
                .append("nanos", Instant.parse("2024-02-29T23:59:59.123456789Z"))
                .append("micros", Instant.parse("2024-02-29T23:59:59.123456Z"))
                .append("old", Instant.parse("1900-01-01T00:00:00Z"))
                .append("nested", new Document("list", List.of(List.of(1, 2L), new Document("x", true)))).append("n", null);
    }

    /** Compares value and Java type at every level, doubles bit for bit and decimals with their scale. */
    private static void assertSameTypesAndValues(Object actual, Object expected) {
        if (expected instanceof Map<?, ?> map) {
            assertThat(actual).isInstanceOf(Document.class);
            Document doc = (Document) actual;
            assertThat(doc.keySet()).containsExactlyElementsOf(((Map<String, ?>) map).keySet());
            map.forEach((k, v) -> assertSameTypesAndValues(doc.get(k), v));
        } else if (expected instanceof List<?> list) {
            assertThat(actual).isInstanceOf(List.class);
            assertThat((List<?>) actual).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSameTypesAndValues(((List<?>) actual).get(i), list.get(i));
            }
        } else if (expected instanceof byte[] bytes) {
            assertThat((byte[]) actual).containsExactly(bytes);
        } else if (expected instanceof Double d) {
            assertThat(actual).isInstanceOf(Double.class);
            assertThat(Double.doubleToRawLongBits((Double) actual)).isEqualTo(Double.doubleToRawLongBits(d));
        } else if (expected instanceof BigDecimal decimal) {
            assertThat(actual).isInstanceOf(BigDecimal.class);
            assertThat(((BigDecimal) actual).scale()).isEqualTo(decimal.scale());
            assertThat(actual).isEqualTo(decimal);
        } else if (expected == null) {
            assertThat(actual).isNull();
        } else {
            assertThat(actual).isInstanceOf(expected.getClass()).isEqualTo(expected);
        }
    }
}
