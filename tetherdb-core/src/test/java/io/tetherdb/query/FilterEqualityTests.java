package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;

/**
 * Two filters are equal exactly when they compile to the same tree: the same operators on the same
 * paths with structurally equal operands (regular expressions by source and options, binary by
 * content, documents by fields in order), and equal filters have equal hash codes.
 */
class FilterEqualityTests {

    private static void assertEqual(Filter a, Filter b) {
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.root()).isEqualTo(b.root()).hasSameHashCodeAs(b.root());
    }

    private static void assertNotEqual(Filter a, Filter b) {
        assertThat(a).isNotEqualTo(b);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void equalOperandsOfEveryKind() {
        assertEqual(Filters.regex("a", "^x", "i"), Filters.regex("a", Pattern.compile("^x", Pattern.CASE_INSENSITIVE)));
        assertEqual(Filters.eq("a", new byte[] {1, 2}), Filters.eq("a", new byte[] {1, 2}));
        assertEqual(Filters.in("a", List.of(1, "x"), Pattern.compile("y")),
                Filter.parse("{a: {$in: [[1, 'x'], /y/]}}"));
        assertEqual(Filters.eq("a", Map.of("b", new byte[] {3})), Filters.eq("a", Document.of("b", new byte[] {3})));
        assertEqual(Filters.eq("a", Document.of("b", null)), Filter.parse("{a: {b: null}}"));
        assertEqual(Filters.eq("a", Instant.EPOCH), Filters.eq("a", Instant.ofEpochMilli(0)));
        assertEqual(Filters.eq("a", null), Filter.parse("{a: null}"));
    }

    @Test
    void differentOperandsAreDifferentFilters() {
        assertNotEqual(Filters.regex("a", "x"), Filters.eq("a", "x"));
        assertNotEqual(Filters.regex("a", "x"), Filters.regex("a", "x", "m"));
        assertNotEqual(Filters.regex("a", "x"), Filters.regex("a", "y"));
        assertNotEqual(Filters.eq("a", new byte[] {1, 2}), Filters.eq("a", new byte[] {1, 3}));
        assertNotEqual(Filters.eq("a", new byte[] {1}), Filters.eq("a", List.of(1)));
        assertNotEqual(Filters.eq("a", List.of(1, 2)), Filters.eq("a", List.of(1, 2, 3)));
        assertNotEqual(Filters.eq("a", List.of(1, 2)), Filters.eq("a", List.of(1, 3)));
        assertNotEqual(Filters.eq("a", List.of(1)), Filters.eq("a", Document.of("0", 1)));
        assertNotEqual(Filter.parse("{a: {b: 1}}"), Filter.parse("{a: {b: 1, c: 2}}"));
        assertNotEqual(Filter.parse("{a: {b: 1}}"), Filter.parse("{a: {c: 1}}"));
        assertNotEqual(Filter.parse("{a: {b: 1}}"), Filter.parse("{a: {b: 2}}"));
        assertNotEqual(Filter.parse("{a: {b: 1, c: 2}}"), Filter.parse("{a: {c: 2, b: 1}}"));
        assertNotEqual(Filters.eq("a", null), Filters.eq("a", 0));
        assertNotEqual(Filters.eq("a", 1), Filters.eq("a", 1L));
        assertNotEqual(Filters.gt("a", 1), Filters.gte("a", 1));
        assertNotEqual(Filters.gt("a", 1), Filters.gt("b", 1));
        assertNotEqual(Filters.gt("a", 1), Filters.gt("a.b", 1));
    }

    @Test
    void elemMatchFormsPathsAndConditionsAreCompared() {
        // the same path and condition, but one tests each element and the other each element's field 'a'
        Filter valueForm = Filter.parse("{a: {$elemMatch: {$gt: 1}}}");
        Filter objectForm = Filter.parse("{a: {$elemMatch: {a: {$gt: 1}}}}");
        ElemMatchCondition value = (ElemMatchCondition) valueForm.root();
        ElemMatchCondition object = (ElemMatchCondition) objectForm.root();

        assertThat(value.condition()).isEqualTo(object.condition());
        assertNotEqual(valueForm, objectForm);
        assertThat(valueForm.hashCode()).isNotEqualTo(objectForm.hashCode());
        assertThat(valueForm.matches(Document.parse("{a: [0, 2]}"))).isTrue();
        assertThat(objectForm.matches(Document.parse("{a: [0, 2]}"))).isFalse();
        assertThat(objectForm.matches(Document.parse("{a: [{a: 2}]}"))).isTrue();
        assertThat(valueForm.matches(Document.parse("{a: [{a: 2}]}"))).isFalse();
        assertThat(value.toString()).isEqualTo("ElemMatch(a, value, a $gt 1)");
        assertThat(object.toString()).isEqualTo("ElemMatch(a, object, a $gt 1)");

        assertEqual(Filters.elemMatch("a", Filter.parse("{b: 1}")), Filter.parse("{a: {$elemMatch: {b: 1}}}"));
        assertNotEqual(Filter.parse("{a: {$elemMatch: {b: 1}}}"), Filter.parse("{c: {$elemMatch: {b: 1}}}"));
        assertNotEqual(Filter.parse("{a: {$elemMatch: {b: 1}}}"), Filter.parse("{a: {$elemMatch: {b: 2}}}"));
    }

    @Test
    void logicalNodesAreComparedByKindAndChildren() {
        Filter one = Filters.eq("a", 1);
        Filter two = Filters.eq("b", 2);

        assertEqual(Filters.or(one, two), Filter.parse("{$or: [{a: 1}, {b: 2}]}"));
        assertNotEqual(Filters.or(one, two), Filters.and(one, two));
        assertNotEqual(Filters.or(one, two), Filters.nor(one, two));
        assertNotEqual(Filters.or(one, two), Filters.or(two, one));
        assertNotEqual(Filters.not(one), one);
        assertNotEqual(Filters.not(one), Filters.not(two));
        assertEqual(Filters.not(one), Filters.ne("a", 1));
        assertThat(Filters.or(one, two).root().toString()).isEqualTo("Or[a $eq 1, b $eq 2]");
        assertThat(Filters.not(one).root().toString()).isEqualTo("Not(a $eq 1)");
        assertThat(Filters.and(one, two)).isNotEqualTo("{a: 1, b: 2}").isNotEqualTo(null);
        assertThat(Filters.and(one, two).root()).isNotEqualTo(null).isNotEqualTo(one.root());
    }

    @Test
    void orAndNorDecideOnTheirChildrenInValueFormElemMatch() {
        // logical operators inside a value-form $elemMatch test each element (matchesValue)
        Filter nor = Filter.parse("{a: {$elemMatch: {$not: {$in: [1, 2]}, $nin: [3]}}}");
        Filter all = Filter.parse("{a: {$elemMatch: {$all: [1]}}}");
        Filter allOfTwo = Filter.parse("{a: {$elemMatch: {$all: [1, 2]}}}");
        Filter allOfNone = Filter.parse("{a: {$elemMatch: {$all: []}}}");

        assertThat(nor.matches(Document.parse("{a: [1, 2, 3]}"))).isFalse();
        assertThat(nor.matches(Document.parse("{a: [1, 4]}"))).isTrue();
        assertThat(all.matches(Document.parse("{a: [2, 1]}"))).isTrue();
        assertThat(all.matches(Document.parse("{a: [2]}"))).isFalse();
        // no single element equals both 1 and 2
        assertThat(allOfTwo.matches(Document.parse("{a: [1, 2]}"))).isFalse();
        assertThat(allOfNone.matches(Document.parse("{a: [1]}"))).isFalse();
        assertThat(Filter.parse("{a: {$all: []}}").matches(Document.parse("{a: []}"))).isFalse();
    }
}
