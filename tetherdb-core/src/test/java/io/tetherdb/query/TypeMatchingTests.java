package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code $type} tells apart every kind of value a document (or a map handed to
 * {@link Filter#matches}) may hold, by BSON alias and by code; the comparison operators bracket
 * types and treat NaN as MongoDB does whatever the Java number type.
 */
class TypeMatchingTests {

    private static boolean type(Object spec, Object value) {
        Map<String, Object> document = new HashMap<>();
        document.put("v", value);
        return Filter.of(Map.of("v", Map.of("$type", spec))).matches(document);
    }

    @Test
    void everyJavaValueHasItsBsonType() {
        assertThat(type("double", 1.5)).isTrue();
        assertThat(type("double", 1.5f)).isTrue();
        assertThat(type("int", 1)).isTrue();
        assertThat(type("int", (short) 1)).isTrue();
        assertThat(type("int", (byte) 1)).isTrue();
        assertThat(type("int", 1L)).isFalse();
        assertThat(type("long", 1L)).isTrue();
        assertThat(type("number", (byte) 1)).isTrue();
        assertThat(type("number", "1")).isFalse();
        assertThat(type("string", "x")).isTrue();
        assertThat(type("object", Map.of())).isTrue();
        assertThat(type("array", List.of())).isTrue();
        assertThat(type("binData", new byte[0])).isTrue();
        assertThat(type("bool", false)).isTrue();
        assertThat(type("date", Instant.EPOCH)).isTrue();
        assertThat(type("date", new Date(0))).isTrue();
        assertThat(type("date", 0L)).isFalse();
        assertThat(type("null", null)).isTrue();
        assertThat(type("regex", Pattern.compile("x"))).isTrue();
        assertThat(type("regex", "x")).isFalse();
        // a type no document holds has no BSON type at all
        assertThat(type("objectId", UUID.randomUUID())).isFalse();
        assertThat(type(List.of("string", "number"), UUID.randomUUID())).isFalse();
    }

    @Test
    void codesNameTheSameTypesAsAliases() {
        assertThat(type(2, "x")).isTrue();
        assertThat(type(2.0, "x")).isTrue();
        assertThat(type(8, true)).isTrue();
        assertThat(type(9, Instant.EPOCH)).isTrue();
        assertThat(type(11, Pattern.compile("x"))).isTrue();
        assertThat(type(List.of(1, 16), 3)).isTrue();
        assertThat(type(List.of(1, "long"), 3)).isFalse();
        assertThat(Filter.of(Map.of("v", Map.of("$type", 2))).toDocument().toJson()).isEqualTo("{\"v\":{\"$type\":\"string\"}}");
    }

    @Test
    void minKeyMaxKeyAndOtherUnstoredTypesAreAcceptedAndMatchNothing() {
        for (Object spec : List.of("minKey", -1, "maxKey", 127, "objectId", "timestamp", "decimal", "undefined")) {
            for (Object value : new Object[] {null, 0, "x", List.of(), Map.of(), true, Instant.EPOCH, new byte[0]}) {
                assertThat(type(spec, value)).as("%s on %s", spec, value).isFalse();
            }
        }
    }

    @Test
    void aFloatNaNIsNaN() {
        Map<String, Object> nan = Map.of("a", Float.NaN);

        assertThat(Filters.gte("a", Double.NaN).matches(nan)).isTrue();
        assertThat(Filters.lte("a", Double.NaN).matches(nan)).isTrue();
        assertThat(Filters.gt("a", Double.NaN).matches(nan)).isFalse();
        assertThat(Filters.lt("a", 1).matches(nan)).isFalse();
        assertThat(Filters.gt("a", -1).matches(nan)).isFalse();
        assertThat(Filters.eq("a", Double.NaN).matches(nan)).isTrue();
        assertThat(Filters.gte("a", 1).matches(Map.of("a", Float.valueOf(1.5f)))).isTrue();
    }

    @Test
    void rangesBracketTypesForEveryType() {
        assertThat(Filters.gt("a", Instant.EPOCH).matches(Map.of("a", new Date(1)))).isTrue();
        assertThat(Filters.gt("a", Instant.EPOCH).matches(Map.of("a", 5))).isFalse();
        assertThat(Filters.gt("a", false).matches(Map.of("a", true))).isTrue();
        assertThat(Filters.gt("a", false).matches(Map.of("a", 1))).isFalse();
        assertThat(Filters.lt("a", new byte[] {1, 0}).matches(Map.of("a", new byte[] {(byte) 0xFF}))).as("shorter first")
                .isTrue();
        assertThat(Filters.gt("a", new byte[] {1}).matches(Map.of("a", new byte[] {(byte) 0xFF}))).as("unsigned")
                .isTrue();
        assertThat(Filters.gt("a", new byte[] {1}).matches(Map.of("a", "x"))).isFalse();
    }
}
