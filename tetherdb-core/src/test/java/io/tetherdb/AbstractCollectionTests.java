package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour of a store and its collections, written once and run against every kind of store.
 */
@ExtendWith(TetherTestExtension.class)
abstract class AbstractCollectionTests {

    protected MutableClock clock;
    protected TetherDB db;

    /** Opens the store under test with the given builder settings applied. */
    protected abstract TetherDB open(TetherDBBuilder builder);

    protected TetherDBBuilder builder() {
        return TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO);
    }

    @BeforeEach
    void openStore() {
        clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        db = open(builder());
    }

    @AfterEach
    void closeStore() {
        db.close();
    }

    // ---- put and get

    @Test
    void putGeneratesAnIdAndGetReturnsTheDocument() {
        String id = db.put(Map.of("name", "John", "age", 30));

        assertThat(id).matches("[0-9a-f]{24}");
        Document john = db.get(id).orElseThrow();
        assertThat(john.getId()).isEqualTo(id);
        assertThat(john.getString("name")).isEqualTo("John");
        assertThat(john.getInteger("age")).isEqualTo(30);
        assertThat(john.keySet()).first().isEqualTo("_id");
    }

    @Test
    void generatedIdsAreUniqueAndSortByCreationTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ids.add(db.put(Map.of("i", i)));
            if (i % 500 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void getOfAMissingIdIsEmpty() {
        assertThat(db.get("nope")).isEmpty();
        assertThat(db.collection("never-written").get("nope")).isEmpty();
    }

    @Test
    void putWithCustomIdFromOptionsOrFromTheDocument() {
        assertThat(db.put(Map.of("name", "Jane"), PutOptions.id("user_jane"))).isEqualTo("user_jane");
        assertThat(db.put(json("{_id: 'user_joe', name: 'Joe'}"))).isEqualTo("user_joe");

        assertThat(db.get("user_jane").orElseThrow().getString("name")).isEqualTo("Jane");
        assertThat(db.get("user_joe").orElseThrow().getString("name")).isEqualTo("Joe");
    }

    @Test
    void putOfAnExistingIdFailsAndWritesNothing() {
        db.put(Map.of("v", 1), PutOptions.id("a"));

        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> db.put(Map.of("v", 2), PutOptions.id("a")))
                .withMessageContaining("'a'").withMessageContaining("'default'");
        assertThat(db.get("a").orElseThrow().getInteger("v")).isEqualTo(1);
        assertThat(db.count()).isEqualTo(1);
    }

    @Test
    void idInOptionsMustAgreeWithTheDocumentsId() {
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> db.put(json("{_id: 'x'}"), PutOptions.id("y")))
                .withMessageContaining("'x'").withMessageContaining("'y'");
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> db.put(json("{_id: 42}")))
                .withMessageContaining("_id must be a string");
        assertThat(db.count()).isZero();
    }

    @Test
    void storesEveryValueType() {
        Document doc = new Document()
                .append("null", null).append("t", true).append("f", false)
                .append("int", 7).append("long", 1L << 40).append("double", 2.5)
                .append("string", "héllo ✓").append("bytes", new byte[] {1, 2, 3})
                .append("date", Instant.parse("2026-03-04T05:06:07.123456789Z"))
                .append("list", List.of(1, "two", List.of(3.0)))
                .append("nested", Map.of("a", Map.of("b", "c")));

        Document read = db.get(db.put(doc)).orElseThrow();

        assertThat(read.get("null")).isNull();
        assertThat(read.containsKey("null")).isTrue();
        assertThat(read.getBoolean("t")).isTrue();
        assertThat(read.get("int")).isEqualTo(7);
        assertThat(read.get("long")).isEqualTo(1L << 40);
        assertThat(read.get("double")).isEqualTo(2.5);
        assertThat(read.getString("string")).isEqualTo("héllo ✓");
        assertThat((byte[]) read.get("bytes")).containsExactly(1, 2, 3);
        assertThat(read.get("date")).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456789Z"));
        assertThat(read.getList("list")).containsExactly(1, "two", List.of(3.0));
        assertThat(read.getDocument("nested").getDocument("a").getString("b")).isEqualTo("c");
    }

    @Test
    void unsupportedValuesAreRejectedWithThePath() {
        Map<String, Object> doc = new HashMap<>();
        doc.put("a", Map.of("b", new Object()));
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> db.put(doc))
                .withMessageContaining("'a.b'").withMessageContaining("java.lang.Object");
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> db.put(Map.of("$where", 1)))
                .withMessageContaining("must not start with '$'");
        assertThat(db.count()).isZero();
    }

    @Test
    void tagsAreStoredInTheTagsArray() {
        String id = db.put(json("{name: 'x', _tags: ['old']}"), PutOptions.defaults().tags("a", "b", "a"));

        assertThat(db.get(id).orElseThrow().getTags()).containsExactly("old", "a", "b");
    }

    // ---- replace, save, delete

    @Test
    void replaceChangesAnExistingDocumentOnly() {
        db.put(Map.of("v", 1), PutOptions.id("a"));

        assertThat(db.replace("a", Map.of("v", 2))).isTrue();
        assertThat(db.replace("missing", Map.of("v", 3))).isFalse();

        assertThat(db.get("a").orElseThrow().getInteger("v")).isEqualTo(2);
        assertThat(db.get("missing")).isEmpty();
    }

    @Test
    void replaceIfAndDeleteIfActOnlyWhenTheStoredDocumentMatches() {
        db.put(json("{v: 1, version: 3}"), PutOptions.id("a"));

        assertThat(db.collection(TetherDB.DEFAULT_COLLECTION)
                .replaceIf("a", Filter.parse("{version: 2}"), json("{v: 2, version: 3}"), PutOptions.defaults()))
                .isFalse();
        assertThat(db.get("a").orElseThrow().getInteger("v")).isEqualTo(1);
        assertThat(db.collection(TetherDB.DEFAULT_COLLECTION)
                .replaceIf("a", Filter.parse("{version: 3}"), json("{v: 2, version: 4}"), PutOptions.defaults()))
                .isTrue();
        assertThat(db.get("a").orElseThrow().getInteger("version")).isEqualTo(4);
        assertThat(db.collection(TetherDB.DEFAULT_COLLECTION)
                .replaceIf("missing", Filter.all(), json("{v: 1}"), PutOptions.defaults())).isFalse();
        assertThat(db.get("missing")).isEmpty();

        assertThat(db.collection(TetherDB.DEFAULT_COLLECTION).deleteIf("a", Filter.parse("{version: 3}"))).isZero();
        assertThat(db.collection(TetherDB.DEFAULT_COLLECTION).deleteIf("a", Filter.parse("{version: 4}"))).isOne();
        assertThat(db.get("a")).isEmpty();
    }

    @Test
    void replaceIfIsAtomicUnderConcurrentWriters() throws Exception {
        db.put(json("{counter: 0}"), PutOptions.id("c"));
        TetherCollection collection = db.collection(TetherDB.DEFAULT_COLLECTION);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            results.add(pool.submit(() -> {
                int won = 0;
                for (int i = 0; i < 200; i++) {
                    int seen = db.get("c").orElseThrow().getInteger("counter");
                    if (collection.replaceIf("c", Filter.parse("{counter: " + seen + "}"),
                            json("{counter: " + (seen + 1) + "}"), PutOptions.defaults())) {
                        won++;
                    }
                }
                return won;
            }));
        }
        int total = 0;
        for (java.util.concurrent.Future<Integer> r : results) {
            total += r.get();
        }
        pool.shutdown();
        assertThat(db.get("c").orElseThrow().getInteger("counter")).as("no lost update").isEqualTo(total);
    }

    @Test
    void saveInsertsOrReplaces() {
        assertThat(db.save(json("{_id: 's', v: 1}"))).isEqualTo("s");
        assertThat(db.save(json("{_id: 's', v: 2}"))).isEqualTo("s");
        String generated = db.save(Map.of("v", 3));

        assertThat(db.get("s").orElseThrow().getInteger("v")).isEqualTo(2);
        assertThat(db.get(generated)).isPresent();
        assertThat(db.count()).isEqualTo(2);
    }

    @Test
    void deleteReturnsHowManyWereRemoved() {
        String id = db.put(Map.of("v", 1));

        assertThat(db.delete(id)).isEqualTo(1);
        assertThat(db.delete(id)).isZero();
        assertThat(db.get(id)).isEmpty();
    }

    // ---- batches

    @Test
    void putBatchStoresAllAndDeleteBatchRemovesAll() {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            docs.add(Map.of("i", i));
        }
        List<String> ids = db.putBatch(docs);

        assertThat(ids).hasSize(500).doesNotHaveDuplicates();
        assertThat(db.count()).isEqualTo(500);
        assertThat(db.get(ids.get(123)).orElseThrow().getInteger("i")).isEqualTo(123);

        assertThat(db.deleteBatch(ids.subList(0, 100))).isEqualTo(100);
        assertThat(db.deleteBatch(ids.subList(50, 150))).isEqualTo(50);
        assertThat(db.count()).isEqualTo(350);
    }

    @Test
    void aBatchWithADuplicateIdInTheMiddleWritesNothing() {
        db.put(Map.of("v", "original"), PutOptions.id("taken"));
        List<Document> batch = List.of(json("{_id: 'n1'}"), json("{_id: 'taken', v: 'new'}"), json("{_id: 'n2'}"));

        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> db.putBatch(batch))
                .withMessageContaining("'taken'");

        assertThat(db.count()).isEqualTo(1);
        assertThat(db.get("n1")).isEmpty();
        assertThat(db.get("taken").orElseThrow().getString("v")).isEqualTo("original");
    }

    @Test
    void aBatchCanGiveEachDocumentItsOwnOptions() {
        List<Document> docs = List.of(json("{n: 1, keep: 5}"), json("{n: 2, keep: 50}"), json("{n: 3}"));

        List<String> ids = db.collection(TetherDB.DEFAULT_COLLECTION).putBatch(docs, doc -> doc.get("keep") == null
                ? PutOptions.id("forever").tags("t")
                : PutOptions.defaults().ttl(Duration.ofSeconds(((Number) doc.get("keep")).longValue())));

        assertThat(ids).hasSize(3).contains("forever");
        assertThat(db.get("forever").orElseThrow().getTags()).containsExactly("t");
        clock.advance(Duration.ofSeconds(10));
        assertThat(db.count()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(100));
        assertThat(ids(db.query("{}"))).containsExactly("forever");
    }

    @Test
    void aBatchRepeatingAnIdWritesNothing() {
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> db.putBatch(List.of(json("{_id: 'a'}"), json("{_id: 'a'}"))))
                .withMessageContaining("within the batch");
        assertThat(db.count()).isZero();
    }

    @Test
    void aBatchWithAnOversizedDocumentWritesNothing() {
        db.close();
        db = open(builder().maxDocumentSize(1000));
        List<Document> batch = List.of(json("{_id: 'ok'}"), new Document(Map.of("big", "x".repeat(2000))), json("{_id: 'ok2'}"));

        assertThatExceptionOfType(DocumentTooLargeException.class)
                .isThrownBy(() -> db.putBatch(batch))
                .withMessageContaining("#1 of the batch").withMessageContaining("1000 bytes");
        assertThat(db.count()).isZero();
    }

    // ---- size and nesting limits

    @Test
    void aDocumentOverTheSizeLimitIsRefusedWithSizeAndLimit() {
        db.close();
        db = open(builder().maxDocumentSize(1024));

        assertThatExceptionOfType(DocumentTooLargeException.class)
                .isThrownBy(() -> db.put(Map.of("text", "y".repeat(5000)), PutOptions.id("big")))
                .satisfies(e -> {
                    assertThat(e.limit()).isEqualTo(1024);
                    assertThat(e.size()).isGreaterThan(5000);
                })
                .withMessageContaining("'big'").withMessageContaining("1024 bytes");
        assertThat(db.get("big")).isEmpty();
        assertThat(db.put(Map.of("text", "y".repeat(900)))).isNotNull();
    }

    @Test
    void nestingDeeperThanTheLimitIsATypedErrorNotAStackOverflow() {
        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> current = deep;
        for (int i = 0; i < 100_000; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            current.put("n", next);
            current = next;
        }
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> db.put(deep))
                .withMessageContaining("nesting exceeds 100");

        List<Object> deepList = new ArrayList<>();
        List<Object> cursor = deepList;
        for (int i = 0; i < 150; i++) {
            List<Object> next = new ArrayList<>();
            cursor.add(next);
            cursor = next;
        }
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> db.put(Map.of("list", deepList)))
                .withMessageContaining("nesting exceeds 100");

        Map<String, Object> selfReferencing = new HashMap<>();
        selfReferencing.put("me", selfReferencing);
        assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> db.put(selfReferencing));
        assertThat(db.count()).isZero();
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> current = doc;
        for (int i = 0; i < 99; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            current.put("n", next);
            current = next;
        }
        current.put("leaf", 1);
        assertThat(db.get(db.put(doc))).isPresent();
    }

    // ---- time to live

    @Test
    void anExpiredDocumentIsInvisibleAtOnce() {
        String id = db.put(Map.of("v", 1), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        db.put(Map.of("v", 2), PutOptions.id("forever"));

        clock.advance(Duration.ofSeconds(9));
        assertThat(db.get(id)).isPresent();
        assertThat(db.count()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(db.get(id)).isEmpty();
        assertThat(db.count()).isEqualTo(1);
        assertThat(db.delete(id)).as("an expired document is not counted as deleted").isZero();
        assertThat(db.get("forever")).isPresent();
    }

    @Test
    void aZeroOrNegativeTimeToLiveOrAPastInstantWritesTheDocumentAlreadyExpired() {
        List<PutOptions> expired = List.of(PutOptions.id("zero").ttl(Duration.ZERO),
                PutOptions.id("negative").ttl(Duration.ofHours(-1)),
                PutOptions.id("hugeNegative").ttl(Duration.ofSeconds(Long.MIN_VALUE)),
                PutOptions.id("now").expireAt(clock.instant()),
                PutOptions.id("past").expireAt(clock.instant().minusSeconds(60)),
                PutOptions.id("farPast").expireAt(Instant.MIN));
        for (PutOptions options : expired) {
            db.put(Map.of("v", 1), options);
        }
        db.put(Map.of("v", 1), PutOptions.id("farFuture").expireAt(Instant.MAX));
        db.put(Map.of("v", 1), PutOptions.id("hugeTtl").ttl(Duration.ofSeconds(Long.MAX_VALUE)));

        for (PutOptions options : expired) {
            assertThat(db.get(options.id())).as(options.toString()).isEmpty();
        }
        assertThat(db.find(Filters.eq("v", 1)).toList()).extracting(Document::getId)
                .containsExactlyInAnyOrder("farFuture", "hugeTtl");
        assertThat(db.cleanup()).as("written, then swept").isEqualTo(expired.size());
    }

    @Test
    void aDocumentWrittenAlreadyExpiredIsStillCheckedAgainstTheLiveOne() {
        db.put(Map.of("v", 1), PutOptions.id("k"));

        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> db.put(Map.of("v", 2), PutOptions.id("k").ttl(Duration.ZERO)));
        assertThat(db.get("k")).get().extracting((d) -> d.get("v")).isEqualTo(1);

        db.replace("k", Map.of("v", 3), PutOptions.defaults().ttl(Duration.ofSeconds(-5)));
        assertThat(db.get("k")).as("replaced by an expired document: gone at once").isEmpty();
    }

    @Test
    void cleanupRemovesOnlyExpiredDocumentsAndCountsThem() {
        for (int i = 0; i < 30; i++) {
            db.put(Map.of("i", i), PutOptions.defaults().ttl(Duration.ofSeconds(i < 10 ? 5 : 50)));
        }
        db.collection("other").put(Map.of("x", 1), PutOptions.defaults().expireAt(clock.instant().plusSeconds(1)));
        db.put(Map.of("keep", true));

        assertThat(db.cleanup()).isZero();
        clock.advance(Duration.ofSeconds(6));
        assertThat(db.cleanup()).isEqualTo(11);
        assertThat(db.cleanup()).isZero();
        assertThat(db.count()).isEqualTo(21);
        assertThat(db.statistics().expiredRemoved()).isEqualTo(11);
    }

    @Test
    void anExpiredIdCanBeUsedAgain() {
        db.put(Map.of("v", 1), PutOptions.id("k").ttl(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));

        db.put(Map.of("v", 2), PutOptions.id("k"));
        clock.advance(Duration.ofDays(1000));

        assertThat(db.cleanup()).isZero();
        assertThat(db.get("k").orElseThrow().getInteger("v")).isEqualTo(2);
    }

    @Test
    void replaceResetsTheExpiry() {
        db.put(Map.of("v", 1), PutOptions.id("k").ttl(Duration.ofSeconds(5)));
        db.replace("k", Map.of("v", 2));
        clock.advance(Duration.ofSeconds(10));
        assertThat(db.cleanup()).isZero();
        assertThat(db.get("k")).isPresent();

        db.replace("k", Map.of("v", 3), PutOptions.defaults().ttl(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        assertThat(db.get("k")).isEmpty();
        assertThat(db.cleanup()).isEqualTo(1);
    }

    @Test
    void theBackgroundSweepRemovesExpiredDocuments() throws Exception {
        db.close();
        db = open(builder().cleanupInterval(Duration.ofMillis(20)));
        db.put(Map.of("v", 1), PutOptions.id("k").ttl(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (db.statistics().expiredRemoved() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(db.statistics().expiredRemoved()).isEqualTo(1);
    }

    // ---- collections

    @Test
    void collectionsAreSeparateListedAndDropped() {
        TetherCollection users = db.collection("users");
        TetherCollection orders = db.collection("orders");
        users.put(Map.of("n", 1), PutOptions.id("same"));
        orders.put(Map.of("n", 2), PutOptions.id("same"));
        db.put(Map.of("n", 3));

        assertThat(db.collectionNames()).containsExactly("default", "orders", "users");
        assertThat(users.get("same").orElseThrow().getInteger("n")).isEqualTo(1);
        assertThat(orders.get("same").orElseThrow().getInteger("n")).isEqualTo(2);

        assertThat(users.drop()).isTrue();
        assertThat(users.drop()).isFalse();
        assertThat(db.collectionNames()).containsExactly("default", "orders");
        assertThat(users.get("same")).isEmpty();
        assertThat(users.count()).isZero();

        users.put(Map.of("n", 4), PutOptions.id("again"));
        assertThat(db.collectionNames()).contains("users");
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void invalidCollectionNamesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> db.collection(""))
                .withMessageContaining("collection name");
        assertThatIllegalArgumentException().isThrownBy(() -> db.collection("a\u0000b"))
                .withMessageContaining("control characters");
    }

    // ---- queries

    private void people() {
        db.putBatch(List.of(
                json("{_id: 'ann', name: 'Ann', age: 31, city: 'Oslo', tags: ['admin', 'dev']}"),
                json("{_id: 'bob', name: 'Bob', age: 25, city: 'Rome', tags: ['dev']}"),
                json("{_id: 'cid', name: 'Cid', age: 42, city: 'Oslo'}"),
                json("{_id: 'dee', name: 'Dee', age: 17, city: 'Lima', tags: []}"),
                json("{_id: 'eve', name: 'Eve', age: 25.0, nick: null}")));
    }

    private static List<String> ids(List<Document> docs) {
        return docs.stream().map(Document::getId).toList();
    }

    @Test
    void theNineOriginalOperatorsAndPlainEquality() {
        people();
        assertThat(ids(db.query("{city: 'Oslo'}"))).containsExactlyInAnyOrder("ann", "cid");
        assertThat(ids(db.query("{age: {$eq: 25}}"))).containsExactlyInAnyOrder("bob", "eve");
        assertThat(ids(db.query("{age: {$gt: 25}}"))).containsExactlyInAnyOrder("ann", "cid");
        assertThat(ids(db.query("{age: {$gte: 25}}"))).containsExactlyInAnyOrder("ann", "bob", "cid", "eve");
        assertThat(ids(db.query("{age: {$lt: 25}}"))).containsExactly("dee");
        assertThat(ids(db.query("{age: {$lte: 25}}"))).containsExactlyInAnyOrder("bob", "dee", "eve");
        assertThat(ids(db.query("{city: {$in: ['Rome', 'Lima']}}"))).containsExactlyInAnyOrder("bob", "dee");
        assertThat(ids(db.query("{tags: {$contains: 'dev'}}"))).containsExactlyInAnyOrder("ann", "bob");
        assertThat(ids(db.query("{name: {$contains: 'e'}}"))).containsExactlyInAnyOrder("dee", "eve");
        assertThat(ids(db.query("{nick: {$exists: true}}"))).containsExactly("eve");
        assertThat(ids(db.query("{city: {$ne: 'Oslo'}}"))).containsExactlyInAnyOrder("bob", "dee", "eve");
        assertThat(ids(db.query("{city: 'Oslo', age: {$gt: 35, $lte: 42}}"))).containsExactly("cid");
    }

    @Test
    void filtersComeAsTextMapsOrBuilders() {
        people();
        assertThat(ids(db.query(Filters.and(Filters.gt("age", 20), Filters.in("city", "Oslo", "Rome")))))
                .containsExactlyInAnyOrder("ann", "bob", "cid");
        assertThat(ids(db.query(Map.of("age", Map.of("$lt", 20))))).containsExactly("dee");
        assertThat(db.count(Filter.parse("{tags: 'dev'}"))).isEqualTo(2);
    }

    @Test
    void anInvalidFilterIsATypedErrorNotAnEmptyResult() {
        people();
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> db.query("{age: {$foo: 1}}"))
                .withMessageContaining("$foo");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> db.query("{age: "))
                .withMessageContaining("line 1");
    }

    @Test
    void findSortsSkipsLimitsAndProjects() {
        people();
        List<Document> page = db.find("{age: {$gte: 18}}").sort("{age: -1, name: 1}").skip(1).limit(2)
                .projection("{name: 1, _id: 0}").toList();

        assertThat(page).containsExactly(json("{name: 'Ann'}"), json("{name: 'Bob'}"));
        assertThat(db.find().sort(Sort.ascending("age")).first().orElseThrow().getId()).isEqualTo("dee");
        assertThat(db.find("{age: {$gte: 18}}").skip(1).limit(2).count()).isEqualTo(2);
        assertThat(db.find("{age: {$gte: 18}}").count()).isEqualTo(4);
        assertThat(db.find("{age: 99}").first()).isEmpty();
        assertThat(ids(db.find().sort("{tags: 1}").toList()))
                .as("missing sorts as null, [] before null, arrays by their smallest element")
                .containsExactly("dee", "cid", "eve", "ann", "bob");
    }

    @Test
    void queriesDoNotSeeExpiredDocuments() {
        db.put(json("{kind: 'x'}"), PutOptions.id("short").ttl(Duration.ofSeconds(5)));
        db.put(json("{kind: 'x'}"), PutOptions.id("long"));
        clock.advance(Duration.ofSeconds(6));

        assertThat(ids(db.query("{kind: 'x'}"))).containsExactly("long");
        assertThat(db.count(Filter.parse("{kind: 'x'}"))).isEqualTo(1);
        try (java.util.stream.Stream<Document> all = db.stream(Filter.all())) {
            assertThat(all.map(Document::getId)).containsExactly("long");
        }
    }

    @Test
    void aStreamReadsOneSnapshotAndReleasesItWhenClosed() {
        for (int i = 0; i < 100; i++) {
            db.put(Map.of("i", i), PutOptions.id(String.format("d%03d", i)));
        }
        try (java.util.stream.Stream<Document> stream = db.stream("{i: {$gte: 0}}")) {
            java.util.Iterator<Document> it = stream.iterator();
            assertThat(it.next().getId()).isEqualTo("d000");
            db.put(Map.of("i", 500), PutOptions.id("d050a"));
            db.delete("d099");
            int rest = 0;
            while (it.hasNext()) {
                assertThat(it.next().getId()).isNotEqualTo("d050a");
                rest++;
            }
            assertThat(rest).isEqualTo(99);
        }
        try (java.util.stream.Stream<Document> stream = db.stream("{}")) {
            assertThat(stream.findFirst()).isPresent();
        }
        assertThat(db.query("{i: {$gte: 0}}")).hasSize(100);
    }

    @Test
    void deleteManyRemovesEveryMatchInOneOperation() {
        people();
        long commits = db.statistics().commits();
        TetherCollection collection = db.collection(TetherDB.DEFAULT_COLLECTION);

        assertThat(collection.deleteMany(Filter.parse("{age: {$lt: 30}}"))).isEqualTo(3);

        assertThat(ids(db.query("{}"))).containsExactlyInAnyOrder("ann", "cid");
        assertThat(db.statistics().commits() - commits).isLessThanOrEqualTo(1);
        assertThat(collection.deleteMany(Filter.parse("{age: {$lt: 30}}"))).isZero();
    }

    @Test
    void aConditionalBatchDeleteKeepsDocumentsThatNoLongerMatch() {
        people();
        TetherCollection collection = db.collection(TetherDB.DEFAULT_COLLECTION);
        List<String> found = ids(db.query("{city: 'Oslo'}"));
        db.replace("cid", json("{name: 'Cid', city: 'Bergen'}"));

        assertThat(collection.deleteBatch(found, Filter.parse("{city: 'Oslo'}"))).isEqualTo(1);

        assertThat(db.get("ann")).isEmpty();
        assertThat(db.get("cid")).isPresent();
    }

    @Test
    void queryingAMissingCollectionFindsNothing() {
        assertThat(db.collection("nothing-here").query("{}")).isEmpty();
        assertThat(db.collection("nothing-here").find("{a: 1}").count()).isZero();
    }

    // ---- closing

    @Test
    void closeIsIdempotentAndLaterCallsFailClearly() {
        TetherCollection users = db.collection("users");
        db.close();
        db.close();

        assertThat(db.isClosed()).isTrue();
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> db.put(Map.of("a", 1)))
                .withMessageContaining("is closed");
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> db.get("x"));
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> users.count());
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(db::flush);
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(db::cleanup);
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> db.collection("x"));
    }
}
