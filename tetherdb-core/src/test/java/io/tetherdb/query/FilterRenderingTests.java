package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;

/**
 * {@link Filter#toDocument()} is a faithful canonical form: over random filters using every
 * operator, nested {@code $not}, both forms of {@code $elemMatch} and {@code $all} of
 * {@code $elemMatch}, compiling the rendered document gives an equal filter (same tree, same hash
 * code) that matches the same documents, and rendering never fails. The seed is fixed; set
 * {@code -Dtetherdb.rendering.seed=N} and {@code -Dtetherdb.rendering.filters=N} to explore.
 */
class FilterRenderingTests {

    private static final long SEED = Long.getLong("tetherdb.rendering.seed", 20_260_301L);
    private static final int FILTERS = Integer.getInteger("tetherdb.rendering.filters", 2_500);

    private static final String[] FIELDS = { "a", "b", "a.x" };
    private static final String[] OPERATORS = { "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$all",
        "$exists", "$size", "$type", "$mod", "$regex", "$not", "$elemMatch", "$contains" };

    @Test
    void compilingTheRenderedDocumentGivesTheSameFilter() {
        Random random = new Random(SEED);
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            documents.add(randomDocument(random));
        }
        int compiled = 0;
        for (int i = 0; i < FILTERS; i++) {
            Document source = randomFilter(random, 0);
            Filter filter;
            try {
                filter = Filter.of(source);
            } catch (InvalidQueryException e) {
                continue; // e.g. $size: -1; rendering is about valid filters
            }
            compiled++;
            Document rendered = filter.toDocument();
            Filter again = Filter.of(rendered);
            assertThat(again).as("seed %d: %s rendered as %s", SEED, source.toJson(), rendered.toJson())
                    .isEqualTo(filter).hasSameHashCodeAs(filter);
            assertThat(again.toDocument()).as("rendering is canonical").isEqualTo(rendered);
            for (Document document : documents) {
                assertThat(again.matches(document)).as("%s on %s", rendered.toJson(), document.toJson())
                        .isEqualTo(filter.matches(document));
            }
        }
        assertThat(compiled).isGreaterThan(FILTERS / 2);
    }

    @Test
    void valueFormElemMatchWithARegexNextToAnotherOperatorRenders() {
        // regression: toDocument() and toString() threw ClassCastException for these
        for (String text : List.of("{a: {$elemMatch: {$regex: 'a', $not: /b/}}}",
                "{a: {$elemMatch: {$regex: 'a', $gt: 'b'}}}", "{a: {$not: {$elemMatch: {$regex: '^a', $lt: 'b'}}}}")) {
            Filter filter = Filter.parse(text);
            assertThat(Filter.of(filter.toDocument())).as(text).isEqualTo(filter);
            assertThat(filter.toString()).as(text).contains("$elemMatch");
        }
        assertThat(Filter.parse("{a: {$elemMatch: {$regex: 'a', $gt: 'b'}}}").toDocument())
                .isEqualTo(Document.parse("{a: {$elemMatch: {$regex: 'a', $gt: 'b'}}}"));
    }

    @Test
    void valueFormElemMatchWithTwoSpellingsOfOneOperatorRenders() {
        // regression: one operator document can compile to two negated equalities or two $elemMatch
        for (String text : List.of("{a: {$elemMatch: {$ne: 1, $not: {$eq: 2}}}}",
                "{a: {$elemMatch: {$nin: [1], $not: {$in: [2]}}}}",
                "{a: {$elemMatch: {$exists: false, $not: {$exists: true}}}}",
                "{a: {$elemMatch: {$elemMatch: {$gt: 1}, $all: [{$elemMatch: {$lt: 0}}]}}}",
                "{a: {$elemMatch: {$all: [{$elemMatch: {$gt: 1}}, {$elemMatch: {$lt: 0}}, {$elemMatch: {$eq: 5}}]}}}",
                "{a: {$elemMatch: {$elemMatch: {$gt: 1}, $all: [{$elemMatch: {$lt: 0}}, {$elemMatch: {$eq: 5}}]}}}")) {
            Filter filter = Filter.parse(text);
            assertThat(Filter.of(filter.toDocument())).as(text).isEqualTo(filter);
        }
        assertThat(Filter.parse("{a: {$elemMatch: {$ne: 1, $not: {$eq: 2}}}}").toDocument())
                .isEqualTo(Document.parse("{a: {$elemMatch: {$ne: 1, $not: {$eq: 2}}}}"));
        assertThat(Filter.parse("{$and: [{a: {$elemMatch: {b: 1}}}, {a: {$elemMatch: {c: 1}}}]}").toDocument())
                .isEqualTo(Document.parse("{a: {$all: [{$elemMatch: {b: {$eq: 1}}}, {$elemMatch: {c: {$eq: 1}}}]}}"));
    }

    @Test
    void nestedAndsKeepTheirShape() {
        Filter filter = Filter.parse("{$and: [{a: 1}, {b: 1}], c: 1}");
        Filter twoOrs = Filters.and(Filters.or(Filters.eq("a", 1), Filters.eq("b", 1)),
                Filters.or(Filters.eq("c", 1), Filters.eq("d", 1)));

        assertThat(filter.toDocument()).isEqualTo(Document.parse("{$and: [{a: {$eq: 1}}, {b: {$eq: 1}}], c: {$eq: 1}}"));
        assertThat(Filter.of(filter.toDocument())).isEqualTo(filter);
        assertThat(twoOrs.toDocument()).isEqualTo(Document.parse(
                "{$and: [{$or: [{a: {$eq: 1}}, {b: {$eq: 1}}]}, {$or: [{c: {$eq: 1}}, {d: {$eq: 1}}]}]}"));
        assertThat(Filter.of(twoOrs.toDocument())).isEqualTo(twoOrs);
        assertThat(Filters.and(Filters.regex("a", "x"), Filters.gt("a", "b")).toDocument())
                .isEqualTo(Document.parse("{a: {$regex: 'x', $gt: 'b'}}"));
    }

    @Test
    void conditionsOnOneFieldSplitByAnotherFieldKeepTheirOrder() {
        // regression: {a: {$gt: 1, $lt: 5}, b: 1} compiles to a different order than the AND rendered
        Filter split = Filters.and(Filters.gt("a", 1), Filters.eq("b", 1), Filters.lt("a", 5));
        Filter oneAnd = Filter.parse("{$and: [{a: {$ne: 1}}]}");

        assertThat(Filter.of(split.toDocument())).isEqualTo(split);
        assertThat(split.toDocument()).isEqualTo(
                Document.parse("{$and: [{a: {$gt: 1}}, {b: {$eq: 1}}, {a: {$lt: 5}}]}"));
        assertThat(Filter.of(oneAnd.toDocument())).isEqualTo(oneAnd);
        assertThat(oneAnd.toDocument()).isEqualTo(Document.parse("{$and: [{a: {$ne: 1}}]}"));
    }

    // ---- generator

    private static Document randomFilter(Random random, int depth) {
        Document filter = new Document();
        int entries = 1 + random.nextInt(2);
        for (int i = 0; i < entries; i++) {
            int kind = random.nextInt(depth < 2 ? 10 : 8);
            if (kind >= 8) {
                String operator = new String[] { "$and", "$or", "$nor" }[random.nextInt(3)];
                List<Object> children = new ArrayList<>();
                for (int n = 1 + random.nextInt(2); n > 0; n--) {
                    children.add(randomFilter(random, depth + 1));
                }
                filter.put(operator, children);
            } else if (kind == 7) {
                filter.put(FIELDS[random.nextInt(FIELDS.length)], randomValue(random));
            } else {
                filter.put(FIELDS[random.nextInt(FIELDS.length)], operators(random, depth));
            }
        }
        return filter;
    }

    private static Document operators(Random random, int depth) {
        Document operators = new Document();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            String operator = OPERATORS[random.nextInt(OPERATORS.length)];
            if (depth > 3 && (operator.equals("$not") || operator.equals("$elemMatch"))) {
                operator = "$gt";
            }
            if (!operators.containsKey(operator)) {
                operators.put(operator, operand(random, operator, depth));
                if (operator.equals("$regex") && random.nextBoolean()) {
                    operators.put("$options", random.nextBoolean() ? "i" : "ms");
                }
            }
        }
        return operators;
    }

    private static Object operand(Random random, String operator, int depth) {
        switch (operator) {
            case "$in":
            case "$nin":
                return values(random, true);
            case "$all":
                if (random.nextInt(3) == 0) {
                    List<Object> elemMatches = new ArrayList<>();
                    for (int n = 1 + random.nextInt(2); n > 0; n--) {
                        elemMatches.add(Document.of("$elemMatch", elemMatchOperand(random, depth)));
                    }
                    return elemMatches;
                }
                return values(random, true);
            case "$exists":
                return new Object[] { true, false, 0, 1 }[random.nextInt(4)];
            case "$size":
                return random.nextInt(3);
            case "$type":
                return new Object[] { "string", "number", 2, List.of("bool", "null"), "date" }[random.nextInt(5)];
            case "$mod":
                return List.of(2 + random.nextInt(2), random.nextInt(2));
            case "$regex":
                return new String[] { "^a", "b", "^" }[random.nextInt(3)];
            case "$not":
                return random.nextInt(4) == 0 ? Pattern.compile("^a") : operators(random, depth + 1);
            case "$elemMatch":
                return elemMatchOperand(random, depth);
            case "$contains":
                return random.nextBoolean() ? "a" : random.nextInt(3);
            default:
                return randomValue(random);
        }
    }

    private static Document elemMatchOperand(Random random, int depth) {
        return random.nextBoolean() ? operators(random, depth + 1) : randomFilter(random, depth + 1);
    }

    private static List<Object> values(Random random, boolean patterns) {
        List<Object> values = new ArrayList<>();
        for (int n = random.nextInt(3); n >= 0; n--) {
            values.add(patterns && random.nextInt(4) == 0 ? Pattern.compile("^a", Pattern.CASE_INSENSITIVE)
                    : randomValue(random));
        }
        return values;
    }

    private static Object randomValue(Random random) {
        switch (random.nextInt(11)) {
            case 0:
                return null;
            case 1:
                return random.nextInt(3);
            case 2:
                return random.nextInt(3) + 0.5;
            case 3:
                return (long) random.nextInt(3);
            case 4:
                return new String[] { "a", "ab", "b" }[random.nextInt(3)];
            case 5:
                return random.nextBoolean();
            case 6:
                return Instant.ofEpochSecond(random.nextInt(3));
            case 7:
                return new byte[] { (byte) random.nextInt(2) };
            case 8:
                return Document.of("x", random.nextInt(2));
            case 9:
                return List.of(random.nextInt(2), "a");
            default:
                return Double.NaN;
        }
    }

    private static Document randomDocument(Random random) {
        Document document = new Document();
        if (random.nextInt(4) > 0) {
            document.put("a", random.nextBoolean() ? randomValue(random)
                    : Arrays.asList(Document.of("x", randomValue(random)), randomValue(random)));
        }
        if (random.nextInt(4) > 0) {
            document.put("b", random.nextBoolean() ? randomValue(random) : Arrays.asList(randomValue(random), "ab"));
        }
        return document;
    }
}
