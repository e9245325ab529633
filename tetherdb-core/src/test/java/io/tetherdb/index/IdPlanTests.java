package io.tetherdb.index;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.Explanation;
import io.tetherdb.MutableClock;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Sort;

/**
 * Filters on {@code _id} read the primary map directly: an equality or {@code $in} of strings as
 * point lookups ({@code ID_LOOKUP}), string bounds as a range of ids ({@code ID_RANGE}). Every
 * query is checked against the filter applied to every stored document, so the plans may read
 * more than they return but never lose a match, including ids whose UTF-16 order differs from
 * MongoDB's code-point order.
 */
@ExtendWith(TetherTestExtension.class)
class IdPlanTests {

    private static final List<String> ODD_IDS = List.of("a", "a\uD7FF", "a\uE000", "a\uFFFF", "a\uD83D\uDE00",
            "a\uD83D\uDE00z", "\uE000", "\uD800\uDC00", "b");

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private TetherDB db;
    private TetherCollection docs;
    private List<Document> all;

    @BeforeEach
    void open() {
        db = TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO).open();
        docs = db.collection("docs");
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(new Document().append("_id", String.format("d%03d", i)).append("n", i % 10)
                    .append("code", "c" + i));
        }
        for (String id : ODD_IDS) {
            batch.add(new Document().append("_id", id).append("n", 99));
        }
        docs.putBatch(batch);
        all = docs.find().toList();
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Runs the filter, checks its results and count against a scan, and explains it. */
    private Explanation check(String filter) {
        return check(Filter.parse(filter));
    }

    private Explanation check(Filter filter) {
        List<String> expected = all.stream().filter(filter::matches).map(Document::getId).toList();
        List<String> actual = docs.query(filter).stream().map(Document::getId).toList();
        assertThat(actual).as("%s", filter).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(docs.count(filter)).as("count %s", filter).isEqualTo(expected.size());
        return docs.find(filter).explain();
    }

    @Test
    void anIdEqualityLooksTheDocumentUp() {
        Explanation explained = check("{_id: 'd042'}");

        assertThat(explained.stage()).isEqualTo("ID_LOOKUP");
        assertThat(explained.bounds()).isEqualTo("_id: [\"d042\", \"d042\"]");
        assertThat(explained.keysExamined()).isEqualTo(1);
        assertThat(explained.documentsExamined()).isEqualTo(1);
        assertThat(explained.returned()).isEqualTo(1);
        assertThat(docs.find("{_id: 'd042'}").explainCount().stage()).isEqualTo("ID_LOOKUP");
        assertThat(docs.find("{_id: 'd042'}").explainCount().returned()).isEqualTo(1);
    }

    @Test
    void anInLooksUpEachDistinctIdOnceInIdOrder() {
        Explanation explained = check("{_id: {$in: ['d007', 'nope', 'd003', 'd007']}, n: {$gte: 3}}");

        assertThat(explained.stage()).isEqualTo("ID_LOOKUP");
        assertThat(explained.keysExamined()).isEqualTo(3);
        assertThat(explained.documentsExamined()).isEqualTo(2);
        assertThat(docs.find("{_id: {$in: ['d007', 'nope', 'd003']}}").toList()).extracting(Document::getId)
                .containsExactly("d003", "d007");
        assertThat(check("{_id: 'd005', n: 4}").returned()).as("the rest of the filter is checked").isZero();
    }

    @Test
    void boundsOnIdScanOnlyThatRangeOfIds() {
        Explanation explained = check("{_id: {$gte: 'd010', $lt: 'd020'}}");

        assertThat(explained.stage()).isEqualTo("ID_RANGE");
        assertThat(explained.bounds()).isEqualTo("_id: [\"d010\", \"d020\")");
        assertThat(explained.keysExamined()).isEqualTo(10);
        assertThat(explained.returned()).isEqualTo(10);
        assertThat(check("{_id: {$gt: 'd010', $lte: 'd020', $lt: 'd090'}}").keysExamined()).isBetween(10L, 11L);
        assertThat(check("{_id: {$gt: 'd095'}}").bounds()).isEqualTo("_id: (\"d095\", string max]");
        assertThat(check("{_id: {$lte: 'd001'}}").bounds()).isEqualTo("_id: [string min, \"d001\"]");
        assertThat(docs.find("{_id: {$gt: 'd010', $lt: 'd013'}}").sort(Sort.descending("_id")).toList())
                .extracting(Document::getId).containsExactly("d012", "d011");
    }

    @Test
    void idsOutsideTheBasicPlaneAreFoundInCodePointOrder() {
        for (String bound : ODD_IDS) {
            for (String op : List.of("$gt", "$gte", "$lt", "$lte")) {
                Filter filter = Filter.of(new Document("_id", new Document(op, bound)));
                assertThat(check(filter).stage()).isEqualTo("ID_RANGE");
            }
            assertThat(check(Filter.of(new Document("_id", bound))).returned()).isEqualTo(1);
        }
    }

    @Test
    void operandsNoIdCanEqualAreLeftToTheFilter() {
        assertThat(check("{_id: 5}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{_id: null}").returned()).isZero();
        assertThat(check("{_id: {$in: ['d001', 5]}}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{_id: {$in: ['d001', {$regex: '^d00'}]}}").returned()).isEqualTo(10);
        assertThat(check("{_id: {$gt: 5}}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{_id: {$gt: 5, $lt: 'd002'}}").stage()).isEqualTo("ID_RANGE");
        assertThat(check("{_id: {$ne: 'd001'}}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{$or: [{_id: 'd001'}, {_id: 'd002'}]}").returned()).isEqualTo(2);
    }

    @Test
    void idLookupsBeatIndexesAndIndexEqualitiesBeatIdRanges() {
        docs.createIndex(IndexDefinition.ascending("code").unique().sparse());
        docs.createIndex("{n: 1}");

        assertThat(check("{_id: 'd042', code: 'c42'}").stage()).isEqualTo("ID_LOOKUP");
        assertThat(check("{_id: {$gt: 'd010'}, n: 3}").stage()).isEqualTo("IXSCAN");
        assertThat(check("{_id: {$gt: 'd010'}, n: {$gt: 3}}").stage()).isEqualTo("ID_RANGE");
    }

    @Test
    void anExpiredDocumentIsNotFoundById() {
        docs.put(json("{_id: 'brief'}"), PutOptions.defaults().ttl(Duration.ofSeconds(1)));
        assertThat(docs.count(Filter.parse("{_id: 'brief'}"))).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));

        assertThat(docs.query("{_id: 'brief'}")).isEmpty();
        assertThat(docs.count(Filter.parse("{_id: {$in: ['brief', 'd001']}}"))).isEqualTo(1);
        assertThat(docs.count(Filter.parse("{_id: {$gte: 'brief', $lte: 'brief'}}"))).isZero();
    }

    @Test
    void randomIdFiltersMatchAScan() {
        Random random = new Random(20261203L);
        List<String> pool = new ArrayList<>(ODD_IDS);
        pool.addAll(Arrays.asList("d000", "d050", "d099", "d05", "d1", "c", "d", ""));
        for (int q = 0; q < 300; q++) {
            Document filter = new Document();
            Document condition = new Document();
            for (String op : List.of("$gt", "$gte", "$lt", "$lte")) {
                if (random.nextInt(3) == 0) {
                    condition.put(op, pool.get(random.nextInt(pool.size())));
                }
            }
            if (random.nextInt(4) == 0) {
                condition.put("$in", List.of(pool.get(random.nextInt(pool.size())),
                        pool.get(random.nextInt(pool.size()))));
            }
            filter.put("_id", condition.isEmpty() ? pool.get(random.nextInt(pool.size())) : condition);
            if (random.nextBoolean()) {
                filter.put("n", new Document("$lt", random.nextInt(10)));
            }
            assertThat(check(Filter.of(filter)).stage()).isIn("ID_LOOKUP", "ID_RANGE");
        }
    }
}
