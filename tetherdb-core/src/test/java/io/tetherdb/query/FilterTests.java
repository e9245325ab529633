package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;

class FilterTests {

    @Test
    void compilesToAnInspectableTree() {
        Filter filter = Filter.parse("{age: {$gte: 18, $lt: 65}, city: {$in: ['Oslo', 'Rome']}, name: {$ne: 'x'}}");

        assertThat(filter.root()).isInstanceOf(AndNode.class);
        List<FilterNode> children = ((AndNode) filter.root()).children();
        assertThat(children).hasSize(4);
        FieldCondition gte = (FieldCondition) children.get(0);
        assertThat(gte.path()).isEqualTo(DocumentPath.parse("age"));
        assertThat(gte.operator()).isEqualTo(Operator.GTE);
        assertThat(gte.operand()).isEqualTo(18);
        assertThat(((FieldCondition) children.get(1)).operator()).isEqualTo(Operator.LT);
        FieldCondition in = (FieldCondition) children.get(2);
        assertThat(in.operator()).isEqualTo(Operator.IN);
        assertThat(in.operand()).isEqualTo(List.of("Oslo", "Rome"));
        NotNode ne = (NotNode) children.get(3);
        assertThat(((FieldCondition) ne.child()).operator()).isEqualTo(Operator.EQ);
    }

    @Test
    void namesTheTopLevelFieldsItReads() {
        Filter filter = Filter.parse("{'a.b': 1, $or: [{c: 1}, {'d.0': 2}], e: {$elemMatch: {inner: 1}}}");

        assertThat(filter.topLevelFields()).containsExactly("a", "c", "d", "e");
        assertThat(Filter.all().topLevelFields()).isEmpty();
    }

    @Test
    void readsTopLevelFieldsOnlyThroughGetAndContainsKey() {
        Map<String, Object> fields = new HashMap<>(Map.of("name", "John", "age", 30, "tags", List.of("a", "b")));
        List<Object> read = new ArrayList<>();
        Map<String, Object> lazy = new AbstractMap<>() {
            @Override
            public Object get(Object key) {
                read.add(key);
                return fields.get(key);
            }

            @Override
            public boolean containsKey(Object key) {
                read.add(key);
                return fields.containsKey(key);
            }

            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new AssertionError("the top-level map must not be iterated");
            }
        };
        Filter filter = Filter.parse("{age: {$gte: 18}, tags: 'b', missing: null, $or: [{name: /J/}, {x: 1}]}"
                .replace("/J/", "{$regex: 'J'}"));

        assertThat(filter.matches(lazy)).isTrue();
        assertThat(read).allMatch(filter.topLevelFields()::contains);
    }

    @Test
    void buildsTheSameFiltersFluently() {
        assertThat(Filters.and(Filters.gt("age", 25), Filters.in("city", "Oslo", "Rome")))
                .isEqualTo(Filter.parse("{$and: [{age: {$gt: 25}}, {city: {$in: ['Oslo', 'Rome']}}]}"));
        assertThat(Filters.eq("a", 1)).isEqualTo(Filter.parse("{a: 1}"));
        assertThat(Filters.ne("a", 1)).isEqualTo(Filter.parse("{a: {$ne: 1}}"));
        assertThat(Filters.gte("a", 1)).isEqualTo(Filter.parse("{a: {$gte: 1}}"));
        assertThat(Filters.lt("a", 1)).isEqualTo(Filter.parse("{a: {$lt: 1}}"));
        assertThat(Filters.lte("a", 1)).isEqualTo(Filter.parse("{a: {$lte: 1}}"));
        assertThat(Filters.nin("a", 1, 2)).isEqualTo(Filter.parse("{a: {$nin: [1, 2]}}"));
        assertThat(Filters.exists("a")).isEqualTo(Filter.parse("{a: {$exists: true}}"));
        assertThat(Filters.exists("a", false)).isEqualTo(Filter.parse("{a: {$exists: false}}"));
        assertThat(Filters.contains("_tags", "x")).isEqualTo(Filter.parse("{_tags: {$contains: 'x'}}"));
        assertThat(Filters.or(Filters.eq("a", 1), Filters.eq("b", 2)))
                .isEqualTo(Filter.parse("{$or: [{a: 1}, {b: 2}]}"));
        assertThat(Filters.nor(Filters.eq("a", 1))).isEqualTo(Filter.parse("{$nor: [{a: 1}]}"));
        assertThat(Filters.not(Filters.gt("a", 1))).isEqualTo(Filter.parse("{a: {$not: {$gt: 1}}}"));
        assertThat(Filters.regex("a", "^x", "i")).isEqualTo(Filter.parse("{a: {$regex: '^x', $options: 'i'}}"));
        assertThat(Filters.regex("a", Pattern.compile("^x"))).isEqualTo(Filter.parse("{a: {$regex: '^x'}}"));
        assertThat(Filters.eq("a", Pattern.compile("^x"))).isEqualTo(Filter.parse("{a: {$regex: '^x'}}"));
        assertThat(Filters.size("a", 2)).isEqualTo(Filter.parse("{a: {$size: 2}}"));
        assertThat(Filters.all("a", "x", "y")).isEqualTo(Filter.parse("{a: {$all: ['x', 'y']}}"));
        assertThat(Filters.elemMatch("a", Filters.eq("b", 1))).isEqualTo(Filter.parse("{a: {$elemMatch: {b: 1}}}"));
        assertThat(Filters.type("a", "string")).isEqualTo(Filter.parse("{a: {$type: 'string'}}"));
        assertThat(Filters.type("a", 2)).isEqualTo(Filter.parse("{a: {$type: 'string'}}"));
        assertThat(Filters.type("a", "int", "long")).isEqualTo(Filter.parse("{a: {$type: ['int', 'long']}}"));
        assertThat(Filters.mod("a", 4, 0)).isEqualTo(Filter.parse("{a: {$mod: [4, 0]}}"));
    }

    @Test
    void takesPatternsAndJavaValuesInMapForm() {
        Filter filter = Filter.of(Map.of("name", Pattern.compile("^j", Pattern.CASE_INSENSITIVE)));
        assertThat(filter.matches(Document.parse("{name: 'John'}"))).isTrue();
        assertThat(filter.matches(Document.parse("{name: 'Mary'}"))).isFalse();

        Filter in = Filter.of(Map.of("name", Map.of("$in", List.of(Pattern.compile("^M"), "John"))));
        assertThat(in.matches(Document.parse("{name: 'Mary'}"))).isTrue();

        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Filter dates = Filters.gt("at", now);
        assertThat(dates.matches(Map.of("at", now.plus(Duration.ofSeconds(1))))).isTrue();
        assertThat(dates.matches(Map.of("at", now))).isFalse();
        assertThat(dates.matches(Map.of("at", "2026"))).isFalse();

        Filter binary = Filters.eq("data", new byte[] { 1, 2 });
        assertThat(binary.matches(Map.of("data", new byte[] { 1, 2 }))).isTrue();
        assertThat(binary.matches(Map.of("data", new byte[] { 1, 3 }))).isFalse();
    }

    @Test
    void matchesNaNOnlyWithNaN() {
        assertThat(Filters.lt("v", 1).matches(Map.of("v", Double.NaN))).isFalse();
        assertThat(Filters.gt("v", 1).matches(Map.of("v", Double.NaN))).isFalse();
        assertThat(Filters.gte("v", Double.NaN).matches(Map.of("v", Double.NaN))).isTrue();
        assertThat(Filters.eq("v", Double.NaN).matches(Map.of("v", Double.NaN))).isTrue();
        assertThat(Filters.mod("v", 2, 0).matches(Map.of("v", Double.NaN))).isFalse();
    }

    @Test
    void copiesOperands() {
        List<Object> values = new ArrayList<>(List.of("a"));
        Filter filter = Filters.in("x", values);
        values.add("b");

        assertThat(filter.matches(Map.of("x", "b"))).isFalse();
    }

    @Test
    void rendersACanonicalDocument() {
        Filter filter = Filter.parse("{a: 1, b: {$ne: 2, $gt: 0}, c: {$exists: false}, d: {$regex: 'x', $options: 'i'},"
                + " e: {$in: [{$regex: '^y'}]}, f: {$not: {$gt: 1, $lt: 5}}}");

        assertThat(filter.toDocument()).isEqualTo(Document.parse("{a: {$eq: 1}, b: {$ne: 2, $gt: 0},"
                + " c: {$exists: false}, d: {$regex: 'x', $options: 'i'},"
                + " e: {$in: [{$regularExpression: {pattern: '^y', options: ''}}]}, f: {$not: {$gt: 1, $lt: 5}}}"));
        assertThat(filter.toString()).startsWith("{\"a\":{\"$eq\":1}");
        assertThat(Filter.of(filter.toDocument())).isEqualTo(filter).hasSameHashCodeAs(filter);
        assertThat(Filter.all().toDocument()).isEmpty();
        assertThat(Filter.parse("{}")).isSameAs(Filter.all());
        assertThat(Filters.not(Filters.or(Filters.eq("a", 1), Filters.eq("b", 1))).toDocument())
                .isEqualTo(Document.parse("{$nor: [{$or: [{a: {$eq: 1}}, {b: {$eq: 1}}]}]}"));
        assertThat(Filter.parse("{$and: [{a: {$gt: 1}}, {a: {$gt: 2}}]}").toDocument())
                .isEqualTo(Document.parse("{$and: [{a: {$gt: 1}}, {a: {$gt: 2}}]}"));
    }

    @Test
    void isEqualOnlyToTheSameFilter() {
        assertThat(Filter.parse("{a: 1}")).isEqualTo(Filter.parse("{'a': 1}")).isNotEqualTo(Filter.parse("{a: 2}"))
                .isNotEqualTo(Filter.parse("{a: 1.0}"));
        assertThat(Filter.parse("{a: {$regex: 'x'}}")).isEqualTo(Filters.regex("a", "x"))
                .isNotEqualTo(Filters.regex("a", "x", "i"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{a: {$foo: 1}}                  | Unknown operator $foo on field 'a'",
        "{$where: 'x'}                   | Unknown top-level operator $where",
        "{a: {$in: 5}}                   | $in on field 'a' needs an array",
        "{a: {$nin: 'x'}}                | $in on field 'a' needs an array",
        "{a: {$all: 5}}                  | $all on field 'a' needs an array",
        "{a: {$size: 'two'}}             | $size on field 'a' needs a number",
        "{a: {$size: 1.5}}               | $size on field 'a' needs a whole number",
        "{a: {$size: -1}}                | $size on field 'a' needs a non-negative number",
        "{a: {$regex: '('}}              | does not compile",
        "{a: {$regex: 'x', $options: 'q'}} | Invalid flag 'q'",
        "{a: {$options: 'i'}}            | $options on field 'a' needs a $regex",
        "{a: {$regex: 5}}                | $regex in field 'a' must be a string",
        "{$and: 5}                       | $and needs a non-empty array",
        "{$or: []}                       | $or needs a non-empty array",
        "{$nor: [1]}                     | Each element of $nor must be a filter object",
        "{a: {b: 1, $gt: 2}}             | mixes field names and the operator $gt",
        "{a: {$gt: 2, b: 1}}             | mixes operators and the field name 'b'",
        "{a: {$type: 'missing'}}         | Unknown type name 'missing'",
        "{a: {$type: 99}}                | Unknown type code 99",
        "{a: {$type: []}}                | must name at least one type",
        "{a: {$mod: [0, 1]}}             | divisor cannot be 0",
        "{a: {$mod: [2]}}                | needs exactly two elements",
        "{a: {$mod: 2}}                  | $mod on field 'a' needs an array",
        "{a: {$mod: ['2', 1]}}           | $mod on field 'a' needs numbers",
        "{a: {$not: 5}}                  | $not on field 'a' needs an object of operators",
        "{a: {$not: {}}}                 | $not on field 'a' cannot be empty",
        "{a: {$not: {b: 1}}}             | $not on field 'a' needs operators",
        "{a: {$ne: {$regex: 'x'}}}       | $ne on field 'a' cannot take a regular expression",
        "{a: {$elemMatch: 1}}            | $elemMatch on field 'a' needs an object",
        "{a: {$all: [{$elemMatch: {b: 1}}, 2]}} | cannot mix $elemMatch with other values",
        "{a: {$in: [{$gt: 1}]}}          | $in on field 'a' cannot hold the operator $gt",
        "{a: {$contains: {$regex: 'x'}}} | $contains on field 'a' cannot take a regular expression",
        "{'a..b': 1}                     | Invalid field path 'a..b'",
        "{'': 1}                         | Invalid field path ''",
        "{a: {$regularExpression: {pattern: 1}}} | needs a string 'pattern'" })
    void rejectsInvalidFiltersNamingTheProblem(String filter, String message) {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse(filter))
                .withMessageContaining(message);
    }

    @Test
    void reportsTheLineAndColumnOfMalformedText() {
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{\n  age: {$gt: 18,,}\n}"))
                .withMessageContaining("Malformed filter").withMessageContaining("line 2, column");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("{a: 1"))
                .withMessageContaining("Malformed filter").withMessageContaining("line 1");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("[1]"))
                .withMessageContaining("Expected a JSON object");
    }

    @Test
    void rejectsFiltersNestedTooDeeplyWithoutOverflowingTheStack() {
        int levels = 10_000;
        String text = "{$and: [".repeat(levels) + "{a: 1}" + "]}".repeat(levels);
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse(text))
                .withMessageContaining("nest");

        String nots = "{a: " + "{$not: ".repeat(levels) + "{$gt: 1}" + "}".repeat(levels) + "}";
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse(nots))
                .withMessageContaining("nest");

        Map<String, Object> and = Map.of("a", 1);
        Map<String, Object> not = Map.of("$gt", 1);
        Map<String, Object> elemMatch = Map.of("a", 1);
        Map<String, Object> value = Map.of("x", 1);
        for (int i = 0; i < levels; i++) {
            and = Map.of("$and", List.of(and));
            not = Map.of("$not", not);
            elemMatch = Map.of("a", Map.of("$elemMatch", elemMatch));
            value = Map.of("x", value);
        }
        Map<String, Object> deepAnd = and;
        Map<String, Object> deepNot = Map.of("a", not);
        Map<String, Object> deepElemMatch = elemMatch;
        Map<String, Object> deepValue = Map.of("a", value);
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(deepAnd))
                .withMessageContaining("nested deeper than 100 levels");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(deepNot))
                .withMessageContaining("nested deeper than 100 levels");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(deepElemMatch))
                .withMessageContaining("nested deeper than 100 levels");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(deepValue))
                .withMessageContaining("nested deeper than");

        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> {
            Filter built = Filters.eq("a", 1);
            for (int i = 0; i < levels; i++) {
                built = Filters.not(Filters.and(built));
            }
        }).withMessageContaining("nested deeper than 100 levels");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        int levels = Filter.MAX_DEPTH - 1;
        String text = "{$or: [".repeat(levels) + "{a: 1}" + "]}".repeat(levels);

        Filter filter = Filter.parse(text);

        assertThat(filter.matches(Map.of("a", 1))).isTrue();
        assertThat(filter.matches(Map.of("a", 2))).isFalse();
        assertThat(Filter.of(filter.toDocument())).isEqualTo(filter);
    }
}
