package io.tetherdb.index;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.Explanation;
import io.tetherdb.MutableClock;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.query.InvalidQueryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TetherTestExtension.class)
class IndexTests {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private TetherDB db;
    private TetherCollection people;

    @BeforeEach
    void open() {
        db = TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO).open();
        people = db.collection("people");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            docs.add(new Document().append("_id", String.format("p%04d", i)).append("age", i % 80)
                    .append("city", "c" + (i % 50)).append("score", i * 1.5));
        }
        people.putBatch(docs);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static List<String> ids(List<Document> docs) {
        return docs.stream().map(Document::getId).sorted().toList();
    }

    @Test
    void anEqualityQueryReadsOnlyTheMatchingKeys() {
        List<String> withoutIndex = ids(people.query("{age: 42}"));
        assertThat(people.find("{age: 42}").explain().stage()).isEqualTo("COLLSCAN");

        assertThat(people.createIndex("{age: 1}")).isTrue();
        Explanation explanation = people.find("{age: 42}").explain();

        assertThat(explanation.stage()).isEqualTo("IXSCAN");
        assertThat(explanation.index()).isEqualTo("age_1");
        assertThat(explanation.bounds()).isEqualTo("age: [42, 42]");
        assertThat(explanation.keysExamined()).isEqualTo(withoutIndex.size());
        assertThat(explanation.documentsExamined()).isEqualTo(withoutIndex.size());
        assertThat(explanation.returned()).isEqualTo(withoutIndex.size());
        assertThat(ids(people.query("{age: 42}"))).isEqualTo(withoutIndex);
        assertThat(ids(people.query("{age: 42.0}"))).as("1 == 1.0 in the index too").isEqualTo(withoutIndex);
    }

    @Test
    void anIndexOnAnArrayPositionFindsWhatTheMatcherFinds() {
        TetherCollection tags = db.collection("tags");
        tags.putBatch(List.of(json("{_id: 'empty', tags: []}"), json("{_id: 'nullFirst', tags: [null, 'x']}"),
                json("{_id: 'missing'}"), json("{_id: 'nested', tags: [['x'], 'y']}"),
                json("{_id: 'digitField', tags: [{'0': 'x'}]}"), json("{_id: 'scalar', tags: 'x'}"),
                json("{_id: 'x', tags: ['x']}")));
        tags.createIndex("{'tags.0': 1}");

        Map<String, List<String>> expected = Map.of(
                "{'tags.0': null}", List.of("missing", "nullFirst", "scalar"),
                "{'tags.0': 'x'}", List.of("digitField", "x"),
                "{'tags.0': {$in: ['y', ['x']]}}", List.of("nested"),
                "{'tags.0': {$gte: 'x'}}", List.of("digitField", "x"));
        expected.forEach((filter, ids) -> {
            assertThat(ids(tags.query(filter))).as(filter).isEqualTo(ids);
            assertThat(tags.find(filter).count()).as(filter).isEqualTo(ids.size());
        });
        assertThat(tags.find("{'tags.0': null}").explain().stage()).isEqualTo("IXSCAN");
        assertThat(tags.find("{'tags.0': {$gte: 'x'}}").explain().stage()).isEqualTo("IXSCAN");
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void rangesInAndCompoundPrefixesUseTheIndex() {
        people.createIndex(IndexDefinition.ascending("city").thenDescending("age"));

        Explanation range = people.find("{city: 'c7', age: {$gte: 10, $lt: 60}}").explain();
        assertThat(range.stage()).isEqualTo("IXSCAN");
        assertThat(range.bounds()).isEqualTo("city: [\"c7\", \"c7\"], age: [10, 60)");
        assertThat(range.documentsExamined()).isEqualTo(range.returned());
        assertThat(ids(people.query("{city: 'c7', age: {$gte: 10, $lt: 60}}")))
                .isEqualTo(ids(people.find("{city: 'c7', age: {$gte: 10, $lt: 60}}").toList()));

        Explanation in = people.find("{city: {$in: ['c1', 'c2']}}").explain();
        assertThat(in.stage()).isEqualTo("IXSCAN");
        assertThat(in.returned()).isEqualTo(40);
        assertThat(in.keysExamined()).isEqualTo(40);

        assertThat(people.find("{age: 5}").explain().stage()).as("age alone is not a prefix").isEqualTo("COLLSCAN");
    }

    @Test
    void aSortOnTheIndexWithALimitAvoidsAnInMemorySort() {
        people.createIndex("{score: -1}");

        Explanation top = people.find().sort("{score: -1}").limit(5).explain();

        assertThat(top.stage()).isEqualTo("IXSCAN");
        assertThat(top.inMemorySort()).isFalse();
        assertThat(top.documentsExamined()).isEqualTo(5);
        assertThat(people.find().sort("{score: -1}").limit(3).toList()).extracting(Document::getId)
                .containsExactly("p0999", "p0998", "p0997");
        assertThat(people.find().sort("{score: 1}").limit(2).toList()).extracting(Document::getId)
                .containsExactly("p0000", "p0001");
        assertThat(people.find("{score: {$gt: 100}}").sort("{score: 1}").limit(1).toList())
                .extracting(Document::getId).containsExactly("p0067");
    }

    @Test
    void countWithACoveredFilterCountsKeysWithoutReadingDocuments() {
        people.createIndex("{city: 1}");

        Explanation count = people.find("{city: {$in: ['c3', 'c4', 'c5']}}").explainCount();

        assertThat(count.stage()).isEqualTo("COUNT_SCAN");
        assertThat(count.documentsExamined()).isZero();
        assertThat(count.returned()).isEqualTo(60);
        assertThat(people.count(io.tetherdb.query.Filter.parse("{city: {$in: ['c3', 'c4', 'c5']}}"))).isEqualTo(60);
        assertThat(people.find("{city: 'c3', age: 3}").explainCount().stage())
                .as("a condition outside the index must be checked on documents").isEqualTo("IXSCAN");
    }

    @Test
    void everyWriteKeepsTheIndexInStep() {
        people.createIndex("{city: 1}");
        people.put(json("{_id: 'new', city: 'zz'}"));
        people.replace("p0001", json("{city: 'zz'}"));
        people.delete("p0002");
        people.save(json("{_id: 'p0003', city: 'zz'}"));
        people.put(json("{_id: 'brief', city: 'zz'}"), PutOptions.defaults().ttl(Duration.ofSeconds(1)));

        assertThat(ids(people.query("{city: 'zz'}"))).containsExactly("brief", "new", "p0001", "p0003");
        assertThat(ids(people.query("{city: 'c1'}"))).doesNotContain("p0001");
        assertThat(ids(people.query("{city: 'c2'}"))).doesNotContain("p0002");

        clock.advance(Duration.ofSeconds(2));
        assertThat(ids(people.query("{city: 'zz'}"))).containsExactly("new", "p0001", "p0003");
        assertThat(db.cleanup()).isEqualTo(1);
        assertThat(people.find("{city: 'zz'}").explain().keysExamined()).isEqualTo(3);
        assertThat(people.listIndexes().get(0).entries()).isEqualTo(people.count());
    }

    @Test
    void aUniqueIndexRefusesDuplicatesAndWritesNothing() {
        TetherCollection users = db.collection("users");
        users.createIndex(IndexDefinition.ascending("email").unique());
        users.put(json("{_id: 'u1', email: 'a@x.io'}"));

        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> users.put(json("{_id: 'u2', email: 'a@x.io'}")))
                .withMessageContaining("email_1").withMessageContaining("a@x.io").withMessageContaining("'u1'");
        assertThat(users.get("u2")).isEmpty();

        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> users.putBatch(List.of(json("{_id: 'u3', email: 'b@x.io'}"),
                        json("{_id: 'u4', email: 'c@x.io'}"), json("{_id: 'u5', email: 'b@x.io'}"))));
        assertThat(users.count()).isEqualTo(1);
        assertThat(users.listIndexes().get(0).entries()).isEqualTo(1);

        users.put(json("{_id: 'u6', email: 'd@x.io'}"));
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> users.replace("u6", json("{email: 'a@x.io'}")));
        assertThat(users.get("u6").orElseThrow().getString("email")).isEqualTo("d@x.io");
        assertThat(users.replace("u6", json("{email: 'd@x.io', name: 'same key, same document'}"))).isTrue();
    }

    @Test
    void anExpiredDocumentDoesNotHoldOnToAUniqueKey() {
        TetherCollection users = db.collection("users");
        users.createIndex(IndexDefinition.ascending("email").unique());
        users.put(json("{email: 'a@x.io'}"), PutOptions.defaults().ttl(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));

        users.put(json("{_id: 'fresh', email: 'a@x.io'}"));

        assertThat(ids(users.query("{email: 'a@x.io'}"))).containsExactly("fresh");
    }

    @Test
    void buildingAUniqueIndexOverDuplicatesFailsAndLeavesNoIndex() {
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> people.createIndex(IndexDefinition.ascending("city").unique()))
                .withMessageContaining("city_1").withMessageMatching("(?s).*documents '\\w+' and '\\w+' share the key "
                        + "\\{\"city\":\"\\w+\"\\}.*");
        assertThat(people.listIndexes()).isEmpty();
    }

    @Test
    void sparseIndexesLeaveOutDocumentsWithoutTheField() {
        TetherCollection things = db.collection("things");
        things.putBatch(List.of(json("{_id: 'a', code: 1}"), json("{_id: 'b'}"), json("{_id: 'c', code: null}")));
        things.createIndex(IndexDefinition.ascending("code").sparse().unique());

        things.put(json("{_id: 'd'}"));
        assertThat(things.listIndexes().get(0).entries()).isEqualTo(2);
        assertThat(ids(things.query("{code: 1}"))).containsExactly("a");
        assertThat(ids(things.query("{code: null}"))).containsExactly("b", "c", "d");
    }

    @Test
    void arrayFieldsIndexEveryElement() {
        TetherCollection posts = db.collection("posts");
        posts.putBatch(List.of(json("{_id: 'a', tags: ['x', 'y']}"), json("{_id: 'b', tags: ['y', 'z']}"),
                json("{_id: 'c', tags: 'x'}"), json("{_id: 'd', tags: [['x']]}"),
                json("{_id: 'e', items: [{qty: 5}, {qty: 12}]}")));
        posts.createIndex("{tags: 1}");
        posts.createIndex("{'items.qty': 1}");

        assertThat(posts.listIndexes()).allSatisfy(index -> assertThat(index.multikey()).isTrue());
        assertThat(ids(posts.query("{tags: 'x'}"))).containsExactly("a", "c");
        assertThat(posts.find("{tags: 'y'}").explain().returned()).isEqualTo(2);
        assertThat(ids(posts.query("{tags: ['x', 'y']}"))).containsExactly("a");
        assertThat(ids(posts.query("{'items.qty': {$gt: 10, $lt: 6}}"))).as("bounds met by different elements")
                .containsExactly("e");
        assertThat(posts.find("{'items.qty': {$gt: 10, $lt: 6}}").explain().stage()).isEqualTo("IXSCAN");
    }

    /**
     * Found by StoreInputFuzzTests (seed 5090321801594346196 under -Dtetherdb.fuzz.seed=20261126):
     * an empty array gave its field no key, so the document had no entry at all in a compound
     * index, and a find on the index's other field missed it.
     */
    @Test
    void anEmptyArrayKeepsItsDocumentInACompoundIndex() {
        TetherCollection c = db.collection("empty");
        c.createIndex("{b: -1, a: 1}");
        c.putBatch(List.of(json("{_id: 'x', a: []}"), json("{_id: 'y', b: 1, a: []}"), json("{_id: 'z', b: 1, a: 2}")));

        assertThat(c.find("{b: null}").explain().stage()).isEqualTo("IXSCAN");
        assertThat(ids(c.query("{b: null}"))).containsExactly("x");
        assertThat(ids(c.query("{b: 1}"))).containsExactly("y", "z");
        assertThat(ids(c.query("{b: {$gte: 1}}"))).containsExactly("y", "z");
        assertThat(ids(c.query("{a: null}"))).as("as in MongoDB, [] is not null").isEmpty();
        assertThat(ids(c.query("{a: []}"))).containsExactly("x", "y");
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void parallelArraysCannotBeIndexedTogether() {
        TetherCollection c = db.collection("parallel");
        c.createIndex("{a: 1, b: 1}");
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> c.put(json("{a: [1, 2], b: [3, 4]}")))
                .withMessageContaining("parallel arrays");
        assertThat(c.count()).isZero();
        c.put(json("{a: [1, 2], b: 3}"));
        assertThat(c.query("{a: 2, b: 3}")).hasSize(1);
    }

    @Test
    void indexesAreListedAndDropped() {
        people.createIndex("{age: 1}");
        people.createIndex(IndexDefinition.descending("city").named("by_city"));

        assertThat(people.createIndex("{age: 1}")).as("the same index again is a no-op").isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> people.createIndex(
                IndexDefinition.ascending("score").named("by_city"))).withMessageContaining("by_city");
        assertThat(people.listIndexes()).extracting(s -> s.definition().name()).containsExactly("age_1", "by_city");

        assertThat(people.dropIndex("age_1")).isTrue();
        assertThat(people.dropIndex("age_1")).isFalse();
        assertThat(people.find("{age: 3}").explain().stage()).isEqualTo("COLLSCAN");
        assertThat(people.listIndexes()).extracting(s -> s.definition().name()).containsExactly("by_city");
    }

    @Test
    void buildProgressIsReported() {
        List<long[]> calls = new ArrayList<>();
        people.createIndex(IndexDefinition.ascending("score"), (done, total) -> calls.add(new long[] {done, total}));

        assertThat(calls.get(0)).containsExactly(0, 1000);
        assertThat(calls.get(calls.size() - 1)).containsExactly(1000, 1000);
    }

    @Test
    void badIndexKeysAreRejected() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> people.createIndex("{age: 2}"))
                .withMessageContaining("must be 1 or -1");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> people.createIndex("{}"));
        assertThatIllegalArgumentException().isThrownBy(() -> IndexDefinition.ascending("a").thenAscending("a"))
                .withMessageContaining("twice");
    }

    @Test
    void droppingTheCollectionDropsItsIndexes() {
        people.createIndex("{age: 1}");
        people.drop();
        people.put(Map.of("age", 3));
        assertThat(people.listIndexes()).isEmpty();
    }
}
