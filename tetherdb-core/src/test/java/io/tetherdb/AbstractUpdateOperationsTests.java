package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.document.Document;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Sort;
import io.tetherdb.update.FindAndModifyOptions;
import io.tetherdb.update.InvalidUpdateException;
import io.tetherdb.update.ReturnDocument;
import io.tetherdb.update.UpdateOptions;
import io.tetherdb.update.UpdateResult;
import io.tetherdb.update.Updates;

/**
 * The update, replace, find-and-modify and bulk operations through the public API, written once
 * and run against every kind of store: atomicity (all or nothing, indexes and expiry in step),
 * upserts, the returned documents and the counts.
 */
@ExtendWith(TetherTestExtension.class)
abstract class AbstractUpdateOperationsTests {

    protected MutableClock clock;
    protected TetherDB db;
    protected TetherCollection items;

    protected abstract TetherDB open(TetherDBBuilder builder);

    protected TetherDBBuilder builder() {
        return TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO);
    }

    @BeforeEach
    void openStore() {
        clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        db = open(builder());
        items = db.collection("items");
    }

    @AfterEach
    void closeStore() {
        if (!db.isClosed()) {
            assertThat(db.verify().isClean()).as("verify() after the test").isTrue();
            db.close();
        }
    }

    private void putItems(int n) {
        List<Map<String, ?>> documents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            documents.add(json("{_id: 'i" + i + "', n: " + i + ", group: '" + (i % 2 == 0 ? "even" : "odd")
                    + "', tags: []}"));
        }
        items.putBatch(documents);
    }

    @Test
    void updateOneChangesTheFirstMatchAndCounts() {
        putItems(4);
        UpdateResult result = items.updateOne("{group: 'odd'}", "{$inc: {n: 100}, $push: {tags: 'x'}}");
        assertThat(result).isEqualTo(new UpdateResult(1, 1, null));
        assertThat(items.get("i1").orElseThrow().toJson())
                .isEqualTo("{\"_id\":\"i1\",\"n\":101,\"group\":\"odd\",\"tags\":[\"x\"]}");
        assertThat(items.get("i3").orElseThrow().getInteger("n")).isEqualTo(3);
    }

    @Test
    void updateOneTakesTheFirstInTheGivenOrder() {
        putItems(4);
        items.updateOne(Filter.parse("{group: 'even'}"), Updates.set("picked", true),
                UpdateOptions.defaults().sort(Sort.descending("n")));
        assertThat(items.query("{picked: true}")).extracting(Document::getId).containsExactly("i2");
    }

    @Test
    void updateManyChangesEveryMatchAndCountsOnlyRealChanges() {
        putItems(6);
        items.updateOne("{_id: 'i0'}", "{$set: {flag: 1}}");
        UpdateResult result = items.updateMany(Map.of("group", "even"), Map.of("$set", Map.of("flag", 1)));
        assertThat(result.matchedCount()).isEqualTo(3);
        assertThat(result.modifiedCount()).isEqualTo(2);
        assertThat(items.count(Filter.parse("{flag: 1}"))).isEqualTo(3);
        assertThat(items.updateMany("{nothing: 1}", "{$set: {x: 1}}")).isEqualTo(new UpdateResult(0, 0, null));
    }

    @Test
    void updateManyIsAllOrNothingOnAUniqueIndexViolation() {
        putItems(5);
        for (int i = 0; i < 5; i++) {
            items.updateOne("{_id: 'i" + i + "'}", "{$set: {code: 'c" + i + "'}}");
        }
        items.createIndex(IndexDefinition.parse("{code: 1}").unique());
        List<Document> before = items.find().sort("{_id: 1}").toList();
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> items.updateMany("{n: {$lt: 3}}", "{$set: {code: 'c4'}}"));
        assertThat(items.find().sort("{_id: 1}").toList()).isEqualTo(before);
        assertThat(items.query("{code: 'c4'}")).extracting(Document::getId).containsExactly("i4");
    }

    @Test
    void updateManyIsAllOrNothingWhenAnOperatorDoesNotApplyToOneDocument() {
        putItems(4);
        items.updateOne("{_id: 'i3'}", "{$set: {n: 'three'}}");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> items.updateMany("{}", "{$inc: {n: 1}}"))
                .withMessageContaining("Cannot apply $inc to a value of non-numeric type")
                .withMessageContaining("i3");
        assertThat(items.get("i0").orElseThrow().getInteger("n")).isZero();
    }

    @Test
    void indexesFollowTheUpdatedValues() {
        putItems(10);
        items.createIndex("{n: 1}");
        items.updateMany("{group: 'odd'}", "{$mul: {n: 10}}");
        assertThat(items.find("{n: {$gte: 10}}").toList()).extracting(Document::getId)
                .containsExactlyInAnyOrder("i1", "i3", "i5", "i7", "i9");
        assertThat(items.find("{n: {$gte: 10}}").explain().toString()).contains("n_1");
    }

    @Test
    void updateManyChangesEachMatchOnceWhetherAnIndexOrAScanFindsIt() {
        putItems(20);
        items.createIndex("{n: 1}");
        items.createIndex("{tags: 1}");
        // a scan (no index on group), which changes an indexed field
        assertThat(items.updateMany("{group: 'even'}", "{$push: {tags: {$each: ['a', 'b']}}}"))
                .isEqualTo(new UpdateResult(10, 10, null));
        // the multikey index holds each even document under two keys the filter both reads
        assertThat(items.find("{tags: {$in: ['a', 'b']}}").explain().toString()).contains("tags_1");
        assertThat(items.updateMany("{tags: {$in: ['a', 'b']}}", "{$inc: {n: 100}}"))
                .isEqualTo(new UpdateResult(10, 10, null));
        assertThat(items.find("{n: {$lt: 5}}").explain().toString()).contains("n_1");
        assertThat(items.updateMany("{n: {$lt: 5}}", "{$set: {low: true}}")).isEqualTo(new UpdateResult(2, 2, null));
        assertThat(items.get("i0").orElseThrow().toJson())
                .isEqualTo("{\"_id\":\"i0\",\"n\":100,\"group\":\"even\",\"tags\":[\"a\",\"b\"]}");
        assertThat(items.find("{low: true}").toList()).extracting(Document::getId).containsExactlyInAnyOrder("i1", "i3");
        assertThat(items.find("{n: {$gte: 100}}").toList()).hasSize(10);
        assertThat(items.find("{tags: 'a'}").toList()).hasSize(10);
    }

    @Test
    void anUpdateKeepsEveryIndexInStepWhetherItChangesTheIndexedFieldsOrNot() {
        items.createIndex("{a: 1}");
        items.createIndex(IndexDefinition.parse("{b: 1}").unique());
        items.createIndex("{a: 1, c: 1}");
        items.createIndex("{'d.e': 1}");
        items.putBatch(List.of(json("{_id: 'x', a: 1, b: 1, c: 1, d: {e: 1}}"), json("{_id: 'y', a: 2, b: 2, c: 2}")));
        items.updateOne("{_id: 'x'}", "{$inc: {a: 10}}");
        items.updateMany("{}", "{$set: {'d.e': 5}, $inc: {c: 1}}");
        items.updateOne("{b: 2}", "{$set: {other: true}}");
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> items.updateOne("{_id: 'y'}", "{$set: {a: 0, b: 1}}"));
        assertThat(items.find("{a: 11}").toList()).extracting(Document::getId).containsExactly("x");
        assertThat(items.find("{a: 2, c: 3}").toList()).extracting(Document::getId).containsExactly("y");
        assertThat(items.find("{a: 1}").toList()).isEmpty();
        assertThat(items.find("{b: 1}").toList()).extracting(Document::getId).containsExactly("x");
        assertThat(items.find("{'d.e': 5}").toList()).hasSize(2);
        assertThat(items.find("{'d.e': 1}").toList()).isEmpty();
    }

    @Test
    void updateManyLeavesAMatchThatHasExpiredAlone() {
        items.createIndex("{n: 1}");
        items.put(json("{_id: 'a', n: 1}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        items.put(json("{_id: 'b', n: 1}"));
        clock.advance(Duration.ofSeconds(11));
        assertThat(items.updateMany("{n: 1}", "{$inc: {n: 1}}")).isEqualTo(new UpdateResult(1, 1, null));
        assertThat(items.updateMany("{}", "{$set: {seen: true}}")).isEqualTo(new UpdateResult(1, 1, null));
        assertThat(items.get("b").orElseThrow().getInteger("n")).isEqualTo(2);
        assertThat(db.cleanup()).isEqualTo(1);
    }

    @Test
    void eachUpdateManyOfABulkWriteFindsTheDocumentsAsTheWritesBeforeItLeftThem() {
        putItems(6);
        items.createIndex("{n: 1}");
        BulkWriteResult result = items.bulkWrite(List.of(
                WriteModel.updateMany(Filter.parse("{n: {$lt: 3}}"), io.tetherdb.update.Update.parse("{$inc: {n: 1}}")),
                WriteModel.updateMany(Filter.parse("{n: {$lt: 3}}"), io.tetherdb.update.Update.parse("{$inc: {n: 10}}")),
                WriteModel.updateMany(Filter.parse("{group: 'even'}"), io.tetherdb.update.Update.parse("{$inc: {n: 100}}"))));
        assertThat(result.matchedCount()).isEqualTo(3 + 2 + 3);
        assertThat(items.find(Filter.all()).toList()).extracting(document -> document.getInteger("n"))
                .containsExactly(111, 12, 103, 3, 104, 5);
    }

    @Test
    void concurrentUpdatesOfTheSameDocumentsLoseNoIncrement() throws Exception {
        putItems(3);
        items.createIndex("{n: 1}");
        int threads = 4;
        int perThread = 200;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        if (i % 20 == 0) {
                            // changes every document, the indexed field too, between other threads' reads and writes
                            items.updateMany("{}", "{$inc: {hits: 1, n: 1}}");
                        } else {
                            items.updateOne("{_id: 'i" + (i + thread) % 3 + "'}", "{$inc: {hits: 1}}");
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        long many = (long) threads * (perThread / 20);
        long total = 0;
        for (Document document : items.find(Filter.all()).toList()) {
            total += document.getInteger("hits");
        }
        assertThat(total).isEqualTo(threads * perThread - many + 3 * many);
        assertThat(items.count(Filter.parse("{n: {$gte: " + many + "}}"))).isEqualTo(3);
        assertThat(items.get("i2").orElseThrow().getInteger("n")).isEqualTo(2 + (int) many);
    }

    @Test
    void anUpdateKeepsTheExpiryUnlessTheOptionsSetOne() {
        items.put(json("{_id: 'a', n: 1}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        items.put(json("{_id: 'b', n: 1}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        items.updateOne("{_id: 'a'}", "{$inc: {n: 1}}");
        items.updateOne(Filter.parse("{_id: 'b'}"), Updates.inc("n", 1),
                UpdateOptions.defaults().ttl(Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(11));
        assertThat(items.get("a")).isEmpty();
        assertThat(items.get("b").orElseThrow().getInteger("n")).isEqualTo(2);
        assertThat(items.updateOne("{_id: 'a'}", "{$inc: {n: 1}}").matchedCount()).isZero();
        assertThat(db.cleanup()).isEqualTo(1);
    }

    @Test
    void tagsAreAnOrdinaryField() {
        items.put(json("{_id: 'a'}"), PutOptions.defaults().tags("x"));
        items.updateOne("{_tags: 'x'}", "{$addToSet: {_tags: 'y'}}");
        assertThat(items.query("{_tags: {$contains: 'y'}}")).hasSize(1);
    }

    @Test
    void upsertInsertsFromTheFilterEqualitiesAndTheUpdate() {
        UpdateResult result = items.updateOne("{_id: 'k1', kind: 'counter'}",
                "{$inc: {hits: 1}, $setOnInsert: {created: 'now'}}", UpdateOptions.defaults().upsert(true));
        assertThat(result).isEqualTo(new UpdateResult(0, 0, "k1"));
        assertThat(items.get("k1").orElseThrow().toJson())
                .isEqualTo("{\"_id\":\"k1\",\"kind\":\"counter\",\"created\":\"now\",\"hits\":1}");
        result = items.updateOne("{_id: 'k1', kind: 'counter'}", "{$inc: {hits: 1}, $setOnInsert: {created: 'later'}}",
                UpdateOptions.defaults().upsert(true));
        assertThat(result).isEqualTo(new UpdateResult(1, 1, null));
        assertThat(items.get("k1").orElseThrow().getString("created")).isEqualTo("now");
        UpdateResult generated = items.updateOne("{kind: 'other'}", "{$set: {x: 1}}",
                UpdateOptions.defaults().upsert(true).ttl(Duration.ofSeconds(5)));
        assertThat(generated.upsertedId()).isNotNull();
        assertThat(items.get(generated.upsertedId()).orElseThrow().getString("kind")).isEqualTo("other");
        clock.advance(Duration.ofSeconds(6));
        assertThat(items.get(generated.upsertedId())).isEmpty();
    }

    @Test
    void anUpsertOnATakenIdIsADuplicateKey() {
        items.put(json("{_id: 'a', status: 'old'}"));
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> items.updateOne("{_id: 'a', status: 'new'}", "{$set: {x: 1}}",
                        UpdateOptions.defaults().upsert(true)));
        assertThat(items.get("a").orElseThrow().toJson()).isEqualTo("{\"_id\":\"a\",\"status\":\"old\"}");
    }

    @Test
    void updatesNeverChangeTheId() {
        items.put(json("{_id: 'a'}"));
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> items.updateOne("{_id: 'a'}", "{$set: {_id: 'b'}}"))
                .withMessageContaining("immutable field '_id'");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> items.replaceOne("{_id: 'a'}", json("{_id: 'b'}")))
                .withMessageContaining("immutable field '_id'");
        assertThat(items.count()).isEqualTo(1);
    }

    @Test
    void updatedDocumentsMustStayWithinTheSizeAndNestingLimits() {
        db.close();
        db = open(builder().maxDocumentSize(1024));
        items = db.collection("items");
        items.put(json("{_id: 'a', s: 'x'}"));
        assertThatExceptionOfType(DocumentTooLargeException.class)
                .isThrownBy(() -> items.updateOne(Filter.parse("{_id: 'a'}"), Updates.set("s", "x".repeat(2000))));
        assertThat(items.get("a").orElseThrow().getString("s")).isEqualTo("x");
        String deep = "a" + ".a".repeat(120);
        assertThatExceptionOfType(io.tetherdb.document.InvalidDocumentException.class)
                .isThrownBy(() -> items.updateOne(Filter.parse("{_id: 'a'}"), Updates.set(deep, 1)))
                .withMessageContaining("nesting");
    }

    @Test
    void replaceOneKeepsTheIdAndUpserts() {
        putItems(2);
        assertThat(items.replaceOne("{n: 1}", json("{fresh: true}"))).isEqualTo(new UpdateResult(1, 1, null));
        assertThat(items.get("i1").orElseThrow().toJson()).isEqualTo("{\"_id\":\"i1\",\"fresh\":true}");
        assertThat(items.replaceOne("{n: 1}", json("{x: 1}")).matchedCount()).isZero();
        assertThat(items.replaceOne("{_id: 'new'}", json("{x: 1}"), UpdateOptions.defaults().upsert(true)))
                .isEqualTo(new UpdateResult(0, 0, "new"));
        assertThat(items.get("new").orElseThrow().toJson()).isEqualTo("{\"_id\":\"new\",\"x\":1}");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> items.replaceOne("{_id: 'new'}", Map.of("$set", Map.of("x", 2))))
                .withMessageContaining("must not contain update operators");
    }

    @Test
    void findOneAndUpdateReturnsBeforeOrAfterWithAProjection() {
        putItems(4);
        Document before = items.findOneAndUpdate("{group: 'even'}", "{$inc: {n: 10}}").orElseThrow();
        assertThat(before.getInteger("n")).isZero();
        Document after = items.findOneAndUpdate(Filter.parse("{group: 'even'}"), Updates.inc("n", 10),
                FindAndModifyOptions.defaults().sort("{n: -1}").returnDocument(ReturnDocument.AFTER)
                        .projection("{n: 1, _id: 0}")).orElseThrow();
        assertThat(after.toJson()).isEqualTo("{\"n\":20}");
        assertThat(items.findOneAndUpdate("{group: 'none'}", "{$set: {a: 1}}")).isEmpty();
        Document upserted = items.findOneAndUpdate(Filter.parse("{_id: 'u'}"), Updates.set("a", 1),
                FindAndModifyOptions.defaults().upsert(true).returnDocument(ReturnDocument.AFTER)).orElseThrow();
        assertThat(upserted.toJson()).isEqualTo("{\"_id\":\"u\",\"a\":1}");
        assertThat(items.findOneAndUpdate(Filter.parse("{_id: 'v'}"), Updates.set("a", 1),
                FindAndModifyOptions.defaults().upsert(true))).isEmpty();
        assertThat(items.get("v")).isPresent();
    }

    @Test
    void findOneAndReplaceAndDelete() {
        putItems(3);
        assertThat(items.findOneAndReplace("{n: 2}", json("{m: 1}"),
                FindAndModifyOptions.defaults().returnDocument(ReturnDocument.AFTER)).orElseThrow().toJson())
                .isEqualTo("{\"_id\":\"i2\",\"m\":1}");
        Document deleted = items.findOneAndDelete(Filter.parse("{n: {$exists: true}}"),
                FindAndModifyOptions.defaults().sort("{n: -1}")).orElseThrow();
        assertThat(deleted.getId()).isEqualTo("i1");
        assertThat(items.count()).isEqualTo(2);
        assertThat(items.findOneAndDelete("{n: 99}")).isEmpty();
    }

    @Test
    void bulkWriteIsOneOperationInOrder() {
        BulkWriteResult result = items.bulkWrite(List.of(
                WriteModel.insertOne(json("{_id: 'a', n: 1}")),
                WriteModel.insertOne(json("{_id: 'b', n: 2}")),
                WriteModel.updateOne(Filter.parse("{_id: 'a'}"), Updates.inc("n", 5)),
                WriteModel.updateMany(Filter.all(), Updates.set("seen", true)),
                WriteModel.replaceOne(Filter.parse("{_id: 'b'}"), json("{n: 20}")),
                WriteModel.updateOne(Filter.parse("{_id: 'c'}"), Updates.set("n", 3), UpdateOptions.defaults()
                        .upsert(true)),
                WriteModel.deleteOne(Filter.parse("{n: 20}")),
                WriteModel.deleteMany(Filter.parse("{n: {$gt: 100}}"))));
        assertThat(result.insertedCount()).isEqualTo(2);
        assertThat(result.matchedCount()).isEqualTo(4);
        assertThat(result.modifiedCount()).isEqualTo(4);
        assertThat(result.deletedCount()).isEqualTo(1);
        assertThat(result.insertedIds()).containsExactly(Map.entry(0, "a"), Map.entry(1, "b"));
        assertThat(result.upsertedIds()).containsExactly(Map.entry(5, "c"));
        assertThat(items.find().sort("{_id: 1}").toList()).extracting(Document::toJson).containsExactly(
                "{\"_id\":\"a\",\"n\":6,\"seen\":true}", "{\"_id\":\"c\",\"n\":3}");
    }

    @Test
    void bulkWriteIsAllOrNothing() {
        items.put(json("{_id: 'a', n: 1}"));
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> items.bulkWrite(List.of(
                WriteModel.updateOne(Filter.parse("{_id: 'a'}"), Updates.inc("n", 5)),
                WriteModel.insertOne(json("{_id: 'b'}")),
                WriteModel.deleteMany(Filter.all()),
                WriteModel.insertOne(json("{_id: 'x'}")),
                WriteModel.insertOne(json("{_id: 'x'}")))));
        assertThat(items.find().toList()).extracting(Document::toJson).containsExactly("{\"_id\":\"a\",\"n\":1}");
        assertThat(items.bulkWrite(List.of()).insertedCount()).isZero();
    }

    @Test
    void defaultCollectionMethodsDelegate() {
        db.put(json("{_id: 'a', n: 1}"));
        assertThat(db.updateOne("{_id: 'a'}", "{$inc: {n: 1}}").modifiedCount()).isEqualTo(1);
        assertThat(db.updateMany(Filter.all(), Updates.inc("n", 1)).modifiedCount()).isEqualTo(1);
        assertThat(db.findOneAndUpdate("{_id: 'a'}", "{$inc: {n: 1}}").orElseThrow().getInteger("n")).isEqualTo(3);
        assertThat(db.replaceOne("{_id: 'a'}", json("{n: 0}")).modifiedCount()).isEqualTo(1);
        assertThat(db.bulkWrite(List.of(WriteModel.deleteOne(Filter.all()))).deletedCount()).isEqualTo(1);
        assertThat(db.count()).isZero();
    }

    @Test
    void currentDateUsesTheStoreClock() {
        items.put(json("{_id: 'a'}"));
        items.updateOne("{_id: 'a'}", "{$currentDate: {seen: true}}");
        assertThat(items.get("a").orElseThrow().get("seen")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aTimeLimitStopsAnUpdateManyBeforeItWritesAnything() {
        putItems(2_000);
        assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> items.updateMany("{n: {$gte: 0}}",
                "{$inc: {n: 1}}", UpdateOptions.defaults().maxTime(Duration.ofNanos(1))))
                .withMessageContaining("updateMany on collection 'items' exceeded its time limit");
        assertThat(items.count(Filter.parse("{n: {$gte: 1}}"))).isEqualTo(1_999);
    }

    @Test
    void positionalAndArrayFilterUpdatesThroughTheCollection() {
        items.put(json("{_id: 's', grades: [{g: 80, m: 1}, {g: 90, m: 1}, {g: 95, m: 1}]}"));
        items.updateOne("{_id: 's', 'grades.g': 90}", "{$set: {'grades.$.m': 2}}");
        items.updateOne(Filter.parse("{_id: 's'}"), Updates.inc("grades.$[high].m", 10),
                UpdateOptions.defaults().arrayFilters("{'high.g': {$gte: 90}}"));
        assertThat(items.get("s").orElseThrow().toJson()).isEqualTo(
                "{\"_id\":\"s\",\"grades\":[{\"g\":80,\"m\":1},{\"g\":90,\"m\":12},{\"g\":95,\"m\":11}]}");
    }
}
