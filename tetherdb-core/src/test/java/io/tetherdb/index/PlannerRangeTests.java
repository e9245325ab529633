package io.tetherdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.Explanation;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.Sort;

/**
 * How the planner turns conditions into index bounds: several bounds on one field merge into the
 * tightest, values of other types are left to the filter, each indexable type has its own bounds,
 * and conditions an index cannot serve fall back to a scan. Every query is also run against an
 * unindexed copy of the collection, which must return the same documents.
 */
@ExtendWith(TetherTestExtension.class)
class PlannerRangeTests {

    private TetherDB db;
    private TetherCollection indexed;
    private TetherCollection plain;

    @BeforeEach
    void open() {
        db = TetherDB.builder().cleanupInterval(Duration.ZERO).open();
        indexed = db.collection("indexed");
        plain = db.collection("plain");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            docs.add(new Document().append("_id", String.format("d%02d", i)).append("n", i)
                    .append("s", "s" + (i % 7)).append("flag", i % 3 == 0).append("t", Instant.ofEpochSecond(i % 5))
                    .append("bin", new byte[] {(byte) (i % 4)}).append("tags", List.of(i % 5, i % 7))
                    .append("code", "k" + i).append("city", "c" + (i % 6)));
        }
        docs.add(new Document().append("_id", "mixed").append("n", "text").append("s", 5));
        indexed.putBatch(docs);
        plain.putBatch(docs);
        for (String keys : List.of("{n: 1}", "{s: -1}", "{flag: 1}", "{t: 1}", "{bin: 1}", "{tags: 1, n: 1}",
                "{city: 1, n: -1}")) {
            indexed.createIndex(keys);
        }
        indexed.createIndex(IndexDefinition.ascending("code").unique());
        indexed.createIndex(IndexDefinition.ascending("opt").sparse());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Explanation explain(Filter filter) {
        List<String> expected = ids(plain.query(filter));
        assertThat(ids(indexed.query(filter))).as("%s", filter).isEqualTo(expected);
        assertThat(indexed.count(filter)).as("count %s", filter).isEqualTo(expected.size());
        return indexed.find(filter).explain();
    }

    private Explanation explain(String filter) {
        return explain(Filter.parse(filter));
    }

    private static List<String> ids(List<Document> docs) {
        return docs.stream().map(Document::getId).sorted().toList();
    }

    @Test
    void severalBoundsOnOneFieldMergeIntoTheTightest() {
        assertThat(explain("{n: {$gt: 10, $gte: 20}}").bounds()).isEqualTo("n: [20, number max]");
        assertThat(explain("{n: {$gt: 30, $gte: 20}}").bounds()).isEqualTo("n: (30, number max]");
        assertThat(explain("{n: {$gte: 20, $gt: 20}}").bounds()).isEqualTo("n: (20, number max]");
        assertThat(explain("{n: {$gt: 20, $gte: 20}}").bounds()).isEqualTo("n: (20, number max]");
        assertThat(explain("{n: {$lt: 50, $lte: 40}}").bounds()).isEqualTo("n: [number min, 40]");
        assertThat(explain("{n: {$lte: 30, $lt: 40}}").bounds()).isEqualTo("n: [number min, 30]");
        assertThat(explain("{n: {$lte: 50, $lt: 50}}").bounds()).isEqualTo("n: [number min, 50)");
        assertThat(explain("{n: {$lt: 50, $lte: 50}}").bounds()).isEqualTo("n: [number min, 50)");
        assertThat(explain("{$and: [{n: {$gte: 5}}, {n: {$lt: 9}}, {n: {$gt: 6}}]}").bounds()).isEqualTo("n: (6, 9)");
        Explanation empty = explain("{n: {$gt: 40, $lt: 10}}");
        assertThat(empty.returned()).isZero();
        assertThat(empty.keysExamined()).isZero();
    }

    @Test
    void boundsOfAnotherTypeAreLeftToTheFilter() {
        // the bounds are of one type; the condition on the other is checked on each document
        for (String filter : List.of("{n: {$gt: 10, $lt: 'z'}}", "{n: {$lt: 'z', $gt: 10}}")) {
            Explanation mixed = explain(filter);
            assertThat(mixed.bounds()).isIn("n: (10, number max]", "n: [string min, \"z\")");
            assertThat(mixed.returned()).as("no value is both a number above 10 and a string").isZero();
        }
        assertThat(explain("{n: {$lt: 'z', $gt: 'a'}}").bounds()).isEqualTo("n: (\"a\", \"z\")");
    }

    @Test
    void everyIndexableTypeHasItsOwnBounds() {
        assertThat(explain("{s: {$gte: 's3'}}").bounds()).isEqualTo("s: [\"s3\", string max]");
        assertThat(explain("{flag: {$gt: false}}").bounds()).isEqualTo("flag: (false, bool max]");
        assertThat(explain(Filters.lt("t", Instant.ofEpochSecond(2))).bounds()).startsWith("t: [date min, ");
        assertThat(explain(Filters.gt("bin", new byte[] {1})).bounds()).startsWith("bin: (").endsWith("binData max]");
        assertThat(explain(Filters.gt("bin", new byte[] {1})).returned()).isEqualTo(30);
    }

    @Test
    void conditionsNoIndexCanServeScanTheCollection() {
        assertThat(explain(Filters.gt("n", Double.NaN)).stage()).isEqualTo("COLLSCAN");
        assertThat(explain("{n: {$in: []}}").stage()).isEqualTo("COLLSCAN");
        assertThat(explain(Filters.in("s", Pattern.compile("^s1"), "s2")).stage()).isEqualTo("COLLSCAN");
        assertThat(explain(Filter.of(Map.of("n", Map.of("$eq", Map.of("$x", 1))))).stage()).isEqualTo("COLLSCAN");
        assertThat(explain("{n: [1, 2]}").stage()).as("whole-array equality").isEqualTo("COLLSCAN");
        assertThat(explain("{n: {$in: [1, [2]]}}").stage()).isEqualTo("COLLSCAN");
        // a sparse index has no key for documents without the field, which {opt: null} matches
        Explanation nullOnSparse = explain("{opt: null}");
        assertThat(nullOnSparse.stage()).isEqualTo("COLLSCAN");
        assertThat(nullOnSparse.returned()).isEqualTo(61);
    }

    @Test
    void equalityOnDocumentsOrNaNIsNotCountedFromKeys() {
        assertThat(indexed.find("{n: {x: 1}}").explainCount().stage()).isEqualTo("IXSCAN");
        assertThat(indexed.find("{n: {$in: [{x: 1}, 3]}}").explainCount().stage()).isEqualTo("IXSCAN");
        assertThat(indexed.find(Filters.eq("n", Double.NaN)).explainCount().stage()).isEqualTo("IXSCAN");
        assertThat(indexed.find(Filters.in("n", Double.NaN, 3)).explainCount().stage()).isEqualTo("IXSCAN");
        assertThat(indexed.find("{n: {$in: [4, 3]}}").explainCount().stage()).isEqualTo("COUNT_SCAN");
        assertThat(indexed.find("{n: {$in: [4, 3]}}").explainCount().returned()).isEqualTo(2);
        assertThat(explain(Filters.in("n", Double.NaN, 3)).returned()).isEqualTo(1);
    }

    @Test
    void aMultikeyIndexServesOnlyItsFirstFieldAndOneBound() {
        Explanation first = explain("{tags: 3, n: 10}");
        assertThat(first.index()).isIn("tags_1_n_1", "n_1");
        assertThat(explain("{tags: {$gt: 1, $lt: 3}}").bounds()).isIn("tags: (1, number max]", "tags: [number min, 3)");
        // tags [4, 0]: no element lies between 1 and 3, but 4 is above 1 and 0 below 3
        assertThat(explain("{tags: {$gt: 1, $lt: 3}, n: 14}").returned())
                .as("different elements may meet different bounds").isEqualTo(1);
    }

    @Test
    void inListsMultiplyUpToALimit() {
        List<Object> cities = new ArrayList<>();
        List<Object> numbers = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            cities.add("c" + i);
            numbers.add(i);
        }
        Explanation small = explain(Filters.and(Filters.in("city", "c1", "c2"), Filters.in("n", 1, 2, 7, 8)));
        assertThat(small.index()).isEqualTo("city_1_n_-1");
        assertThat(small.bounds()).isEqualTo("city: in [\"c1\",\"c2\"], n: in [1,2,7,8]");
        assertThat(small.returned()).isEqualTo(4);
        Explanation large = explain(Filters.and(Filters.in("city", cities), Filters.in("n", numbers)));
        assertThat(large.bounds()).as("70 x 70 points are more than a plan may hold")
                .isIn("city: in " + io.tetherdb.document.Json.write(cities), "n: in " + io.tetherdb.document.Json.write(numbers));
        assertThat(large.returned()).isEqualTo(60);
    }

    @Test
    void aUniqueIndexWithEveryFieldFixedWins() {
        Explanation unique = explain("{city: 'c1', n: {$gte: 0}, code: 'k7'}");
        assertThat(unique.index()).isEqualTo("code_1");
        assertThat(unique.returned()).isEqualTo(1);
    }

    @Test
    void aCompoundIndexServesASortInEitherDirection() {
        Explanation forward = indexed.find("{city: 'c2'}").sort(Sort.descending("n")).limit(3).explain();
        Explanation backward = indexed.find("{city: 'c2'}").sort(Sort.ascending("n")).limit(3).explain();
        Explanation both = indexed.find().sort(Sort.ascending("city").thenDescending("n")).limit(3).explain();
        Explanation reversed = indexed.find().sort(Sort.descending("city").thenAscending("n")).limit(3).explain();
        Explanation mismatched = indexed.find().sort(Sort.ascending("city").thenAscending("n")).limit(3).explain();
        Explanation wrongField = indexed.find().sort(Sort.ascending("city").thenAscending("s")).limit(3).explain();

        assertThat(forward.inMemorySort()).isFalse();
        assertThat(backward.inMemorySort()).isFalse();
        assertThat(both.inMemorySort()).isFalse();
        assertThat(both.index()).isEqualTo("city_1_n_-1");
        assertThat(reversed.inMemorySort()).isFalse();
        assertThat(mismatched.inMemorySort()).isTrue();
        assertThat(wrongField.inMemorySort()).isTrue();
        assertThat(indexed.find().sort(Sort.ascending("city").thenDescending("n")).limit(3).toList())
                .as("a missing city sorts first").extracting(Document::getId).containsExactly("mixed", "d54", "d48");
        assertThat(indexed.find().sort(Sort.descending("city").thenAscending("n")).limit(3).toList())
                .extracting(Document::getId).containsExactly("d05", "d11", "d17");
        assertThat(indexed.find("{city: 'c2'}").sort(Sort.ascending("n")).limit(3).toList())
                .extracting(Document::getId).containsExactly("d02", "d08", "d14");
    }

    @Test
    void aSparseIndexDoesNotServeASortOfTheWholeCollection() {
        Explanation sorted = indexed.find().sort(Sort.ascending("opt")).limit(2).explain();
        assertThat(sorted.stage()).isEqualTo("COLLSCAN");
        assertThat(sorted.inMemorySort()).isTrue();
        assertThat(sorted.returned()).isEqualTo(2);
    }
}
