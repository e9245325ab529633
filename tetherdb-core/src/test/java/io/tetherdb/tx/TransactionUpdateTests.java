package io.tetherdb.tx;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tetherdb.BulkWriteResult;
import io.tetherdb.MutableClock;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.Transaction;
import io.tetherdb.WriteModel;
import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.TransactionConflictException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.update.FindAndModifyOptions;
import io.tetherdb.update.InvalidUpdateException;
import io.tetherdb.update.ReturnDocument;
import io.tetherdb.update.UpdateOptions;
import io.tetherdb.update.UpdateResult;
import io.tetherdb.update.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Update operators, replacements, find-and-modify and bulk writes inside transactions: they read the
 * snapshot plus the transaction's own writes, buffer theirs, and conflict at commit like any write.
 */
@ExtendWith(TetherTestExtension.class)
class TransactionUpdateTests {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.builder().inMemory().clock(clock).cleanupInterval(Duration.ZERO).open();
        items = db.collection("items");
        items.put(json("{_id: 'a', n: 1, group: 'x'}"));
        items.put(json("{_id: 'b', n: 2, group: 'x'}"));
        items.put(json("{_id: 'c', n: 3, group: 'y'}"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private int n(String id) {
        return items.get(id).orElseThrow().getInteger("n");
    }

    @Test
    void updatesSeeTheSnapshotAndOwnWritesAndStayInvisibleUntilCommit() {
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.put(json("{_id: 'd', n: 4, group: 'x'}"));
            items.put(json("{_id: 'e', n: 5, group: 'x'}"));           // committed after the snapshot: unseen
            assertThat(t.updateMany("{group: 'x'}", "{$inc: {n: 10}}")).isEqualTo(new UpdateResult(3, 3, null));
            assertThat(t.updateOne("{n: {$gte: 13}}", "{$set: {top: true}}").modifiedCount()).isEqualTo(1);
            assertThat(t.find("{n: {$gt: 10}}").sort("{n: 1}").toList()).extracting(Document::getId)
                    .containsExactly("a", "b", "d");
            assertThat(t.replaceOne("{_id: 'c'}", Map.of("n", 30)).modifiedCount()).isEqualTo(1);
            assertThat(t.get("c").orElseThrow().getInteger("n")).isEqualTo(30);

            assertThat(n("a")).isEqualTo(1);
            assertThat(items.get("d")).isEmpty();
            assertThat(items.get("c").orElseThrow().getString("group")).isEqualTo("y");
            tx.commit();
        }
        assertThat(n("a")).isEqualTo(11);
        assertThat(n("b")).isEqualTo(12);
        assertThat(n("d")).isEqualTo(14);
        assertThat(n("e")).isEqualTo(5);
        assertThat(items.get("c").orElseThrow()).doesNotContainKey("group");
        assertThat(items.find("{top: true}").toList()).hasSize(1);
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void findAndModifyReadsAndWritesWithinTheTransaction() {
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.updateOne("{_id: 'a'}", "{$inc: {n: 100}}");
            Document before = t.findOneAndUpdate(Filter.parse("{group: 'x'}"), Updates.inc("n", 1),
                    FindAndModifyOptions.defaults().sort("{n: -1}")).orElseThrow();
            assertThat(before.getId()).isEqualTo("a");
            assertThat(before.getInteger("n")).isEqualTo(101);
            Document replaced = t.findOneAndReplace("{_id: 'b'}", Map.of("n", 20),
                    FindAndModifyOptions.defaults().returnDocument(ReturnDocument.AFTER)).orElseThrow();
            assertThat(replaced.getInteger("n")).isEqualTo(20);
            Document deleted = t.findOneAndDelete("{n: {$gte: 100}}").orElseThrow();
            assertThat(deleted.getInteger("n")).isEqualTo(102);
            assertThat(t.get("a")).isEmpty();
            assertThat(t.findOneAndDelete("{_id: 'a'}")).isEmpty();

            assertThat(n("a")).isEqualTo(1);
            assertThat(n("b")).isEqualTo(2);
            tx.commit();
        }
        assertThat(items.get("a")).isEmpty();
        assertThat(n("b")).isEqualTo(20);
    }

    @Test
    void aBulkWriteSeesEachEarlierWriteOfItsOwnAndOfTheTransaction() {
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.put(json("{_id: 'p', n: 0, group: 'z'}"));
            BulkWriteResult result = t.bulkWrite(List.of(
                    WriteModel.insertOne(Map.of("_id", "q", "n", 0, "group", "z")),
                    WriteModel.updateMany(Filter.parse("{group: 'z'}"), Updates.inc("n", 5)),
                    WriteModel.updateOne(Filter.parse("{n: 5}"), Updates.set("first", true)),
                    WriteModel.deleteMany(Filter.parse("{group: 'x'}")),
                    WriteModel.replaceOne(Filter.parse("{_id: 'c'}"), Map.of("n", 7))));
            assertThat(result.insertedCount()).isEqualTo(1);
            assertThat(result.matchedCount()).isEqualTo(4);
            assertThat(result.deletedCount()).isEqualTo(2);
            assertThat(t.find("{group: 'z', n: 5}").toList()).hasSize(2);
            assertThat(t.count()).isEqualTo(3);
            assertThat(items.count()).isEqualTo(3);
            assertThat(items.get("q")).isEmpty();
            tx.commit();
        }
        assertThat(items.find().toList()).extracting(Document::getId).containsExactlyInAnyOrder("c", "p", "q");
        assertThat(items.find("{first: true}").toList()).hasSize(1);
        assertThat(n("c")).isEqualTo(7);
    }

    @Test
    void aFailingBulkWriteLeavesTheTransactionAsItWas() {
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.updateOne("{_id: 'a'}", "{$set: {kept: true}}");
            assertThatExceptionOfType(InvalidUpdateException.class).isThrownBy(() -> t.bulkWrite(List.of(
                    WriteModel.updateOne(Filter.parse("{_id: 'b'}"), Updates.inc("n", 1)),
                    WriteModel.updateOne(Filter.parse("{_id: 'c'}"), Updates.set("group", "w")),
                    WriteModel.updateOne(Filter.parse("{_id: 'c'}"), Updates.inc("group", 1)))))
                    .withMessageContaining("$inc");
            assertThat(tx.bufferedWrites()).isEqualTo(1);
            assertThat(t.get("b").orElseThrow().getInteger("n")).isEqualTo(2);
            tx.commit();
        }
        assertThat(items.get("a").orElseThrow().getBoolean("kept")).isTrue();
        assertThat(n("b")).isEqualTo(2);
        assertThat(items.get("c").orElseThrow().getString("group")).isEqualTo("y");
    }

    @Test
    void rollbackLeavesNothing() {
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.updateMany("{}", "{$inc: {n: 1}}");
            t.updateOne("{_id: 'new'}", "{$set: {n: 9}}", UpdateOptions.defaults().upsert(true));
            t.findOneAndDelete("{_id: 'c'}");
            t.bulkWrite(List.of(WriteModel.insertOne(Map.of("_id", "z"))));
            tx.rollback();
        }
        assertThat(items.find().sort("{_id: 1}").toList()).extracting(d -> d.getInteger("n")).containsExactly(1, 2, 3);
        assertThat(items.count()).isEqualTo(3);
    }

    @Test
    void twoTransactionsIncrementingOneDocumentLoseNoUpdate() {
        Transaction first = db.beginTransaction();
        first.suspend();
        try (Transaction second = db.beginTransaction()) {
            second.collection("items").updateOne("{_id: 'a'}", "{$inc: {n: 1}}");
            second.commit();
        }
        first.resume();
        try (first) {
            first.collection("items").updateOne("{_id: 'a'}", "{$inc: {n: 1}}");
            assertThat(first.collection("items").get("a").orElseThrow().getInteger("n"))
                    .as("its snapshot does not hold the other increment").isEqualTo(2);
            assertThatExceptionOfType(TransactionConflictException.class).isThrownBy(first::commit)
                    .withMessageContaining("'a'");
        }
        assertThat(n("a")).isEqualTo(2);
        db.transaction(tx -> tx.collection("items").updateOne("{_id: 'a'}", "{$inc: {n: 1}}"));
        assertThat(n("a")).as("run again, the increment applies to the committed value").isEqualTo(3);
    }

    @Test
    void anUpdateConflictsWithAPlainWriteAfterTheTransactionBegan() {
        try (Transaction tx = db.beginTransaction()) {
            tx.collection("items").updateMany("{group: 'x'}", "{$set: {seen: true}}");
            items.updateOne("{_id: 'b'}", "{$inc: {n: 1}}");
            assertThatExceptionOfType(TransactionConflictException.class).isThrownBy(tx::commit);
        }
        assertThat(items.find("{seen: true}").toList()).isEmpty();
        assertThat(n("b")).isEqualTo(3);
    }

    @Test
    void upsertsInsertWithinTheTransaction() {
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("counters");
            UpdateResult inserted = t.updateOne("{_id: 'hits'}", "{$inc: {n: 1}}", UpdateOptions.defaults().upsert(true));
            assertThat(inserted.upsertedId()).isEqualTo("hits");
            assertThat(t.updateOne("{_id: 'hits'}", "{$inc: {n: 1}}", UpdateOptions.defaults().upsert(true)))
                    .isEqualTo(new UpdateResult(1, 1, null));
            Document after = t.findOneAndUpdate(Filter.parse("{kind: 'other'}"), Updates.set("x", 1),
                    FindAndModifyOptions.defaults().upsert(true).returnDocument(ReturnDocument.AFTER)).orElseThrow();
            assertThat(t.get(after.getId())).isPresent();
            assertThat(db.collectionNames()).doesNotContain("counters");
            tx.commit();
        }
        assertThat(db.collection("counters").get("hits").orElseThrow().getInteger("n")).isEqualTo(2);
        assertThat(db.collection("counters").count()).isEqualTo(2);
    }

    @Test
    void anUpsertOfAnIdAnotherCommitInsertedConflicts() {
        try (Transaction tx = db.beginTransaction()) {
            tx.collection("items").updateOne("{_id: 'k'}", "{$set: {by: 'tx'}}", UpdateOptions.defaults().upsert(true));
            items.put(json("{_id: 'k', by: 'other'}"));
            assertThatExceptionOfType(TransactionConflictException.class).isThrownBy(tx::commit);
        }
        assertThat(items.get("k").orElseThrow().getString("by")).isEqualTo("other");
    }

    @Test
    void aUniqueIndexViolationOfUpdateManyIsFoundAtCommitAndAppliesNothing() {
        for (String id : List.of("a", "b", "c")) {
            items.updateOne(Filters.eq("_id", id), Updates.set("code", "own-" + id));
        }
        items.createIndex(IndexDefinition.ascending("code").unique());
        items.put(json("{_id: 'taken', code: 'c1'}"));
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.updateOne("{_id: 'c'}", "{$set: {note: 'kept back'}}");
            assertThat(t.updateMany("{group: 'x'}", "{$set: {code: 'c2'}}").modifiedCount())
                    .as("two documents with one key: unique indexes are checked at commit").isEqualTo(2);
            assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(tx::commit)
                    .withMessageContaining("code");
        }
        assertThat(items.find("{code: {$in: ['c1', 'c2']}}").toList()).extracting(Document::getId)
                .containsExactly("taken");
        assertThat(items.get("a").orElseThrow().getString("code")).isEqualTo("own-a");
        assertThat(items.get("c").orElseThrow()).doesNotContainKey("note");
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void updatesKeepOrSetTheExpiryInsideTheTransaction() {
        items.put(json("{_id: 'short', n: 0}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        items.put(json("{_id: 'extended', n: 0}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.updateOne("{_id: 'short'}", "{$inc: {n: 1}}");
            t.updateOne(Filter.parse("{_id: 'extended'}"), Updates.inc("n", 1),
                    UpdateOptions.defaults().ttl(Duration.ofHours(1)));
            t.updateMany(Filters.eq("group", "y"), Updates.set("temporary", true),
                    UpdateOptions.defaults().ttl(Duration.ofSeconds(30)));
            tx.commit();
        }
        assertThat(items.get("short").orElseThrow().getInteger("n")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(11));
        assertThat(items.get("short")).as("the update kept its expiry").isEmpty();
        assertThat(items.get("extended").orElseThrow().getInteger("n")).isEqualTo(1);
        assertThat(items.get("c")).isPresent();
        clock.advance(Duration.ofSeconds(20));
        assertThat(items.get("c")).as("the update gave it an expiry").isEmpty();
        assertThat(items.get("extended")).isPresent();
        assertThat(db.cleanup()).isEqualTo(2);
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void aDocumentThatExpiresWhileTheTransactionRunsNoLongerMatches() {
        items.put(json("{_id: 'brief', group: 'x', n: 0}"), PutOptions.defaults().ttl(Duration.ofSeconds(5)));
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            assertThat(t.count(Filters.eq("group", "x"))).isEqualTo(3);
            clock.advance(Duration.ofSeconds(6));
            assertThat(t.updateMany("{group: 'x'}", "{$inc: {n: 1}}").matchedCount()).isEqualTo(2);
            assertThat(t.updateOne("{_id: 'brief'}", "{$inc: {n: 1}}").matchedCount()).isZero();
            tx.commit();
        }
        assertThat(n("a")).isEqualTo(2);
    }
}
