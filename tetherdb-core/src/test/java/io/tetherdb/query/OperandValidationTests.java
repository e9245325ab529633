package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tetherdb.document.Document;

/**
 * Operands given as Java values (map form and {@link Filters}) are converted to the types documents
 * hold, or refused with an {@link InvalidQueryException} that names the operator, the field and
 * what was wrong; operands given as text follow MongoDB's rules for {@code $exists},
 * {@code $size}, {@code $mod}, {@code $regex} and the logical operators.
 */
class OperandValidationTests {

    private static Document doc(String json) {
        return Document.parse(json);
    }

    @Test
    void narrowJavaNumbersCompareAsTheNumbersTheyHold() {
        Filter fromShort = Filter.of(Map.of("n", (short) 3));
        Filter fromByte = Filter.of(Map.of("n", Map.of("$gt", (byte) 2)));
        Filter fromFloat = Filter.of(Map.of("n", 1.5f));

        assertThat(fromShort.matches(doc("{n: 3}"))).isTrue();
        assertThat(fromShort.matches(doc("{n: 3.0}"))).isTrue();
        assertThat(fromShort.matches(doc("{n: 4}"))).isFalse();
        assertThat(fromByte.matches(doc("{n: 3}"))).isTrue();
        assertThat(fromByte.matches(doc("{n: 2}"))).isFalse();
        assertThat(fromFloat.matches(doc("{n: 1.5}"))).isTrue();
        // stored as the document types Integer and Double, so the rendered filter parses back equal
        assertThat(((Document) fromShort.toDocument().get("n")).get("$eq")).isEqualTo(3);
        assertThat(((Document) fromFloat.toDocument().get("n")).get("$eq")).isEqualTo(1.5d);
        assertThat(fromShort).isEqualTo(Filter.parse("{n: 3}"));
    }

    @Test
    void javaDatesAreInstants() {
        Filter equal = Filter.of(Map.of("t", new Date(1_000)));
        Filter before = Filter.of(Map.of("t", Map.of("$lt", new Date(2_000))));

        assertThat(equal.matches(Map.of("t", Instant.ofEpochMilli(1_000)))).isTrue();
        assertThat(equal.matches(Map.of("t", Instant.ofEpochMilli(1_001)))).isFalse();
        assertThat(before.matches(Map.of("t", Instant.ofEpochMilli(1_999)))).isTrue();
        assertThat(before.matches(Map.of("t", Instant.ofEpochMilli(2_000)))).isFalse();
        // a date is not a number, whatever its millisecond value (type bracketing)
        assertThat(before.matches(Map.of("t", 1_000))).isFalse();
        assertThat(((Document) equal.toDocument().get("t")).get("$eq")).isEqualTo(Instant.ofEpochMilli(1_000));
    }

    @Test
    void binaryOperandsAreCopiedInAndOut() {
        byte[] bytes = {1, 2};
        Filter filter = Filters.eq("bin", bytes);
        bytes[0] = 9;

        assertThat(filter.matches(Map.of("bin", new byte[] {1, 2}))).isTrue();
        assertThat(filter.matches(Map.of("bin", new byte[] {9, 2}))).isFalse();
        Object rendered = ((Document) filter.toDocument().get("bin")).get("$eq");
        assertThat(rendered).isEqualTo(new byte[] {1, 2});
        ((byte[]) rendered)[0] = 7;
        assertThat(filter.matches(Map.of("bin", new byte[] {1, 2}))).as("rendering hands out a copy").isTrue();
    }

    @Test
    void javaArraysSetsAndListsAreArrays() {
        Filter wholeArray = Filter.of(Map.of("a", new Object[] {1, "x"}));
        Filter inArray = Filter.of(Map.of("a", Map.of("$in", new Object[] {1, 2})));
        Filter inSet = Filter.of(Map.of("a", Map.of("$in", new LinkedHashSet<>(List.of(1, 2)))));

        assertThat(wholeArray.matches(doc("{a: [1, 'x']}"))).isTrue();
        assertThat(wholeArray.matches(doc("{a: [[1, 'x'], 2]}"))).isTrue();
        assertThat(wholeArray.matches(doc("{a: ['x', 1]}"))).isFalse();
        assertThat(inArray.matches(doc("{a: 2}"))).isTrue();
        assertThat(inArray.matches(doc("{a: 3}"))).isFalse();
        assertThat(inSet).isEqualTo(inArray).isEqualTo(Filter.parse("{a: {$in: [1, 2]}}"));
        assertThat(Filters.eq("a", new Object[] {1, "x"})).isEqualTo(wholeArray);
        assertThat(Filters.in("a", Set.of(5)).matches(doc("{a: [4, 5]}"))).isTrue();
        assertThat(Filter.of(Map.of("$and", new Object[] {Map.of("a", 1), Map.of("b", 2)})))
                .as("a Java array of filters is an array of filters").isEqualTo(Filter.parse("{a: 1, b: 2}"));
        assertThat(Filter.of(Map.of("$or", Set.of(Map.of("a", 1))))).isEqualTo(Filter.parse("{$or: [{a: 1}]}"));
    }

    @Test
    void refusesValuesDocumentsCannotHold() {
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("a", new StringBuilder("x"))))
                .withMessage("Operand of field 'a' has an unsupported type java.lang.StringBuilder");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filters.in("a", List.of(1, new java.util.concurrent.atomic.AtomicLong())))
                .withMessage("Operand of $in on field 'a' has an unsupported type java.util.concurrent.atomic.AtomicLong");
        Map<Object, Object> numberKeyed = new LinkedHashMap<>();
        numberKeyed.put(1, "x");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(Map.of("a", numberKeyed)))
                .withMessage("Operand of field 'a' has a non-string field name: 1");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filters.eq("a", numberKeyed))
                .withMessage("Operand of $eq on field 'a' has a non-string field name: 1");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(raw(numberKeyed)))
                .withMessage("Filter has a non-string field name: 1");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("$or", List.of(raw(numberKeyed)))))
                .withMessage("Filter has a non-string field name: 1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> raw(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    @Test
    void regularExpressionOperandsInEveryForm() {
        Pattern multiline = Pattern.compile("^x", Pattern.MULTILINE);
        Filter patternWithOptions = Filter.of(Map.of("a", Map.of("$regex", multiline, "$options", "i")));
        Filter patternAlone = Filter.of(Map.of("a", Map.of("$regex", multiline)));
        Filter notPattern = Filter.of(Map.of("a", Map.of("$not", Pattern.compile("^x"))));

        assertThat(patternWithOptions.matches(doc("{a: 'b\\nX'}"))).isTrue();
        assertThat(patternAlone.matches(doc("{a: 'b\\nX'}"))).isFalse();
        assertThat(patternAlone.matches(doc("{a: 'b\\nx'}"))).isTrue();
        assertThat(patternWithOptions.toDocument()).isEqualTo(doc("{a: {$regex: '^x', $options: 'im'}}"));
        assertThat(((FieldCondition) patternAlone.root()).operand()).isSameAs(multiline);
        // $not with a pattern matches strings it does not find, non-strings and missing fields
        assertThat(notPattern.matches(doc("{a: 'xy'}"))).isFalse();
        assertThat(notPattern.matches(doc("{a: 'yx'}"))).isTrue();
        assertThat(notPattern.matches(doc("{a: 1}"))).isTrue();
        assertThat(notPattern.matches(doc("{}"))).isTrue();
        assertThat(notPattern).isEqualTo(Filter.parse("{a: {$not: /^x/}}"));
        // an extended-JSON regular expression without options, and $regex/$options as an $in element
        assertThat(Filter.parse("{a: {$regularExpression: {pattern: '^x'}}}").matches(doc("{a: 'Xy'}"))).isFalse();
        assertThat(Filter.parse("{a: {$in: [{$regex: '^x', $options: 'i'}, 5]}}").matches(doc("{a: 'Xy'}"))).isTrue();
        assertThat(Filter.parse("{a: {$in: [{$regex: '^x'}]}}").matches(doc("{a: 5}"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{a: {$regularExpression: {pattern: 'x', options: 1}}}   | $regularExpression in field 'a' needs a string 'pattern' and an optional string 'options'",
        "{a: {$regularExpression: {pattern: 'x', flags: 'i'}}}   | $regularExpression in field 'a' needs a string 'pattern' and an optional string 'options'",
        "{a: {$regex: 'x', $options: 1}}                         | $options in field 'a' must be a string",
        "{a: {$in: [{$regex: 'x', b: 1}]}}                       | $in on field 'a' cannot hold the operator $regex",
        "{a: {$all: [{$elemMatch: {b: 1}, c: 1}]}}               | $all on field 'a' cannot hold the operator $elemMatch",
        "{$and: null}                                            | $and needs a non-empty array of filters, not null",
        "{$or: {a: 1}}                                           | $or needs a non-empty array of filters, not an object",
        "{$nor: [true]}                                          | Each element of $nor must be a filter object, not a boolean",
        "{$and: [5]}                                             | Each element of $and must be a filter object, not a number",
        "{$and: [[{a: 1}]]}                                      | Each element of $and must be a filter object, not an array",
        "{a: {$not: 'x'}}                                        | $not on field 'a' needs an object of operators or a regular expression, not a string",
        "{a: {$elemMatch: [1]}}                                  | $elemMatch on field 'a' needs an object, not an array",
        "{a: {$type: true}}                                      | $type in $type on field 'a' needs a type name or number, not a boolean",
        "{a: {$type: 2.5}}                                       | Unknown type code 2.5 for $type in $type on field 'a'",
        "{a: {$size: 3000000000}}                                | $size on field 'a' needs a non-negative number, not 3000000000",
        "{a: {$mod: [1e19, 1]}}                                  | $mod on field 'a' needs finite numbers in the 64-bit range, not 1.0E19",
        "{a: {$mod: [2, -1e19]}}                                 | $mod on field 'a' needs finite numbers in the 64-bit range, not -1.0E19",
        "{a: {$mod: [0.5, 0]}}                                   | $mod on field 'a': divisor cannot be 0" })
    void refusesInvalidOperandsSayingWhatAndWhere(String filter, String message) {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse(filter))
                .withMessage(message);
    }

    @Test
    void refusesNonFiniteSizesAndModuli() {
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("a", Map.of("$size", Double.POSITIVE_INFINITY))))
                .withMessage("$size on field 'a' needs a whole number, not Infinity");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("a", Map.of("$size", Double.NaN))))
                .withMessage("$size on field 'a' needs a whole number, not NaN");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("a", Map.of("$mod", List.of(Double.NaN, 1)))))
                .withMessage("$mod on field 'a' needs finite numbers in the 64-bit range, not NaN");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("a", Map.of("$mod", List.of(2, Double.NEGATIVE_INFINITY)))))
                .withMessage("$mod on field 'a' needs finite numbers in the 64-bit range, not -Infinity");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("a", Map.of("$type", new Date(0)))))
                .withMessage("$type in $type on field 'a' needs a type name or number, not a Date");
    }

    @Test
    void fluentBuildersRefuseWhatTheTextFormRefuses() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filters.ne("a", Pattern.compile("x")))
                .withMessage("$ne on field 'a' cannot take a regular expression; use not");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(Filters::and)
                .withMessage("and needs at least one filter");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(Filters::or)
                .withMessage("or needs at least one filter");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filters.regex("a", "x", "g"))
                .withMessage("Invalid flag 'g' in regular expression options of field 'a'");
    }

    @Test
    void existsTakesAnyValueByItsTruthiness() {
        // as MongoDB: 0, false and null mean false, any other number or value means true
        for (String falsy : List.of("0", "0.0", "false", "null")) {
            Filter filter = Filter.parse("{a: {$exists: " + falsy + "}}");
            assertThat(filter.matches(doc("{}"))).as(falsy).isTrue();
            assertThat(filter.matches(doc("{a: null}"))).as(falsy).isFalse();
        }
        for (String truthy : List.of("1", "-1", "0.5", "true", "'no'", "{}", "[]")) {
            Filter filter = Filter.parse("{a: {$exists: " + truthy + "}}");
            assertThat(filter.matches(doc("{a: null}"))).as(truthy).isTrue();
            assertThat(filter.matches(doc("{}"))).as(truthy).isFalse();
        }
    }

    @Test
    void commentsAreIgnored() {
        assertThat(Filter.parse("{$comment: 'why', a: 1}")).isEqualTo(Filter.parse("{a: 1}"));
        assertThat(Filter.parse("{$comment: 'everything'}").matches(doc("{x: 1}"))).isTrue();
    }

    @Test
    void modTruncatesNumbersAndSkipsNonFiniteValues() {
        Filter odd = Filter.parse("{a: {$mod: [2, 1]}}");
        Filter truncatedDivisor = Filter.parse("{a: {$mod: [2.9, 1]}}");

        assertThat(odd.matches(doc("{a: 5.9}"))).isTrue();
        assertThat(odd.matches(doc("{a: 4.9}"))).isFalse();
        assertThat(odd.matches(Map.of("a", Double.NaN))).isFalse();
        assertThat(odd.matches(Map.of("a", Double.POSITIVE_INFINITY))).isFalse();
        assertThat(odd.matches(doc("{a: '5'}"))).isFalse();
        assertThat(Filter.parse("{a: {$mod: [2, -1]}}").matches(doc("{a: -5}"))).as("sign of the dividend")
                .isTrue();
        assertThat(truncatedDivisor).isEqualTo(odd);
    }

    @Test
    void allWithPatternsAndDocuments() {
        Filter patterns = Filter.parse("{a: {$all: [/^x/, 'xy']}}");
        Filter documents = Filter.parse("{a: {$all: [{b: 1}, {b: 1, c: 2}]}}");

        assertThat(patterns.matches(doc("{a: ['z', 'xy']}"))).isTrue();
        assertThat(patterns.matches(doc("{a: 'xy'}"))).isTrue();
        assertThat(patterns.matches(doc("{a: ['xz']}"))).isFalse();
        assertThat(documents.matches(doc("{a: [{b: 1, c: 2}, {b: 1}]}"))).isTrue();
        assertThat(documents.matches(doc("{a: [{b: 1}]}"))).isFalse();
        assertThat(documents.matches(doc("{a: [{c: 2, b: 1}, {b: 1}]}"))).as("field order matters").isFalse();
    }

    @Test
    void containsLooksForSubstringsOnlyWithStringOperands() {
        assertThat(Filters.contains("a", 1).matches(doc("{a: 'x1'}"))).isFalse();
        assertThat(Filters.contains("a", 1).matches(doc("{a: [0, 1.0]}"))).isTrue();
        assertThat(Filters.contains("a", "1").matches(doc("{a: 'x1'}"))).isTrue();
        assertThat(Filters.contains("a", "1").matches(doc("{a: 1}"))).isFalse();
    }

    @Test
    void aMapWithNullValuesAndKeysOtherThanStringsIsStillChecked() {
        Map<String, Object> filter = new HashMap<>();
        filter.put("a", null);
        assertThat(Filter.of(filter).matches(doc("{}"))).isTrue();
        assertThat(Filter.of(filter).matches(doc("{a: 0}"))).isFalse();
    }
}
