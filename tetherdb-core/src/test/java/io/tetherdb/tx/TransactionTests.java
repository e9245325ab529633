package io.tetherdb.tx;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.tetherdb.MutableClock;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.Transaction;
import io.tetherdb.TransactionOptions;
import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.TransactionConflictException;
import io.tetherdb.error.TransactionStateException;
import io.tetherdb.error.TransactionTimeoutException;
import io.tetherdb.error.TransactionTooLargeException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TetherTestExtension.class)
class TransactionTests {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private TetherDB db;

    @BeforeEach
    void open() {
        db = TetherDB.builder().inMemory().clock(clock).cleanupInterval(Duration.ZERO).open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void readsItsOwnWritesWhileOthersSeeNothingUntilCommit() {
        db.collection("a").put(json("{_id: 'x', n: 1}"));
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection a = tx.collection("a");
            a.put(json("{_id: 'y', n: 2}"));
            a.replace("x", json("{n: 10}"));
            tx.collection("b").put(json("{_id: 'z'}"));
            assertThat(a.get("y")).isPresent();
            assertThat(a.get("x").orElseThrow().get("n")).isEqualTo(10);
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.count(Filters.gt("n", 5))).isEqualTo(1);
            assertThat(a.find().sort("{n: -1}").toList()).extracting(Document::getId).containsExactly("x", "y");
            assertThat(db.collection("a").get("y")).isEmpty();
            assertThat(db.collection("a").get("x").orElseThrow().get("n")).isEqualTo(1);
            assertThat(db.collectionNames()).doesNotContain("b");
            tx.commit();
        }
        assertThat(db.collection("a").get("x").orElseThrow().get("n")).isEqualTo(10);
        assertThat(db.collection("a").count()).isEqualTo(2);
        assertThat(db.collection("b").get("z")).isPresent();
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void readsItsSnapshotWhileOthersCommit() {
        TetherCollection outside = db.collection("a");
        outside.put(json("{_id: 'x', n: 1}"));
        try (Transaction tx = db.beginTransaction()) {
            outside.replace("x", json("{n: 2}"));
            outside.put(json("{_id: 'y', n: 3}"));
            CompletableFuture.runAsync(() -> db.transaction(other -> other.collection("a").put(json("{_id: 'w', n: 4}"))))
                    .join();
            assertThat(tx.collection("a").get("x").orElseThrow().get("n")).isEqualTo(1);
            assertThat(tx.collection("a").get("y")).isEmpty();
            assertThat(tx.collection("a").count()).isEqualTo(1);
            assertThat(tx.collection("a").query("{n: {$gte: 1}}")).hasSize(1);
        }
        assertThat(outside.count()).isEqualTo(3);
    }

    @Test
    void secondCommitterOfTheSameDocumentFailsAndAppliesNothing() throws Exception {
        db.collection("a").put(json("{_id: 'x', n: 1}"));
        Transaction first = db.beginTransaction();
        first.collection("a").replace("x", json("{n: 2}"));
        first.collection("a").put(json("{_id: 'first'}"));
        CompletableFuture.runAsync(() -> db.transaction(tx -> {
            tx.collection("a").replace("x", json("{n: 3}"));
            tx.collection("b").put(json("{_id: 'second'}"));
        })).get();
        assertThatExceptionOfType(TransactionConflictException.class).isThrownBy(first::commit)
                .withMessageContaining("document 'x' of collection 'a'")
                .satisfies(e -> assertThat(e.isRetryable()).isTrue());
        assertThat(first.isActive()).isFalse();
        first.close();
        assertThat(db.collection("a").get("x").orElseThrow().get("n")).isEqualTo(3);
        assertThat(db.collection("a").get("first")).isEmpty();
        assertThat(db.collection("b").get("second")).isPresent();
    }

    @Test
    void plainWritesAfterTheStartConflictToo() {
        try (Transaction tx = db.beginTransaction()) {
            tx.collection("a").put(json("{_id: 'x'}"));
            db.collection("a").put(json("{_id: 'x', by: 'plain'}"));
            assertThatExceptionOfType(TransactionConflictException.class).isThrownBy(tx::commit);
        }
        assertThat(db.collection("a").get("x").orElseThrow().get("by")).isEqualTo("plain");
    }

    @Test
    void aDroppedCollectionConflictsWithItsWriters() {
        db.collection("a").put(json("{_id: 'x'}"));
        try (Transaction tx = db.beginTransaction()) {
            tx.collection("a").delete("x");
            db.collection("a").drop();
            assertThatExceptionOfType(TransactionConflictException.class).isThrownBy(tx::commit)
                    .withMessageContaining("collection 'a'");
        }
    }

    @Test
    void readOnlyDocumentsDoNotConflict() {
        db.collection("a").put(json("{_id: 'x', n: 1}"));
        try (Transaction tx = db.beginTransaction()) {
            assertThat(tx.collection("a").get("x")).isPresent();
            tx.collection("b").put(json("{_id: 'y'}"));
            db.collection("a").replace("x", json("{n: 2}"));
            tx.commit();
        }
        assertThat(db.collection("b").get("y")).isPresent();
    }

    @Test
    void uniqueIndexIsCheckedAtCommitAgainstTheCommittedState() {
        db.collection("users").createIndex(IndexDefinition.ascending("email").unique());
        Transaction first = db.beginTransaction();
        first.collection("users").put(json("{_id: 'u1', email: 'a@x'}"));
        first.collection("log").put(json("{_id: 'l1'}"));
        CompletableFuture.runAsync(() -> db.transaction(tx -> tx.collection("users").put(json("{_id: 'u2', email: 'a@x'}"))))
                .join();
        try {
            assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(first::commit)
                    .withMessageContaining("a@x");
        } finally {
            first.close();
        }
        assertThat(db.collection("users").find().toList()).extracting(Document::getId).containsExactly("u2");
        assertThat(db.collection("log").count()).isZero();
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void uniqueKeysSwappedBetweenDocumentsOfOneTransactionCommit() {
        TetherCollection users = db.collection("users");
        users.createIndex(IndexDefinition.ascending("email").unique());
        users.put(json("{_id: 'u1', email: 'a@x'}"));
        users.put(json("{_id: 'u2', email: 'b@x'}"));
        db.transaction(tx -> {
            TetherCollection t = tx.collection("users");
            t.replace("u1", json("{email: 'tmp@x'}"));
            t.replace("u2", json("{email: 'a@x'}"));
            t.replace("u1", json("{email: 'b@x'}"));
        });
        assertThat(users.get("u1")).get().extracting(d -> d.get("email")).isEqualTo("b@x");
        assertThat(users.get("u2")).get().extracting(d -> d.get("email")).isEqualTo("a@x");
        assertThat(users.find(Filters.eq("email", "a@x")).toList()).extracting(Document::getId).containsExactly("u2");
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void idLookupsAndIndexUnionsInATransactionSeeTheSnapshotAndItsOwnWrites() {
        TetherCollection items = db.collection("items");
        items.createIndex("{a: 1}");
        items.createIndex("{b: 1}");
        items.putBatch(List.of(json("{_id: 'x', a: 1, b: 0}"), json("{_id: 'y', a: 0, b: 1}"),
                json("{_id: 'z', a: 0, b: 0}")));
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("items");
            t.delete("x");
            t.put(json("{_id: 'w', a: 1, b: 0}"));
            t.replace("z", json("{a: 0, b: 1}"));
            items.put(json("{_id: 'v', a: 1, b: 1}"));
            assertThat(t.find("{_id: {$in: ['v', 'w', 'x', 'y']}}").toList()).extracting(Document::getId)
                    .containsExactlyInAnyOrder("w", "y");
            assertThat(t.find("{_id: 'z'}").toList()).extracting(d -> d.get("b")).containsExactly(1);
            assertThat(t.find("{$or: [{a: 1}, {b: 1}]}").toList()).extracting(Document::getId)
                    .containsExactlyInAnyOrder("w", "y", "z");
            assertThat(t.count(Filters.eq("_id", "x"))).isZero();
            tx.commit();
        }
        assertThat(items.find("{$or: [{a: 1}, {b: 1}]}").toList()).extracting(Document::getId)
                .containsExactlyInAnyOrder("v", "w", "y", "z");
    }

    @Test
    void aggregationsInATransactionReadItsSnapshotAndWritesAndRefuseOut() {
        db.collection("orders").putBatch(List.of(json("{_id: 'o1', customer: 'c1', total: 5}"),
                json("{_id: 'o2', customer: 'c2', total: 7}")));
        db.collection("customers").put(json("{_id: 'c1', name: 'Ada'}"));
        try (Transaction tx = db.beginTransaction()) {
            tx.collection("orders").put(json("{_id: 'o3', customer: 'c1', total: 10}"));
            tx.collection("customers").put(json("{_id: 'c2', name: 'Bo'}"));
            db.collection("orders").put(json("{_id: 'o4', customer: 'c2', total: 100}"));
            List<Document> totals = tx.collection("orders")
                    .aggregate("[{$group: {_id: '$customer', sum: {$sum: '$total'}}}, {$sort: {_id: 1}},"
                            + " {$lookup: {from: 'customers', localField: '_id', foreignField: '_id', as: 'who'}}]")
                    .toList();
            assertThat(totals).extracting(d -> d.get("sum")).containsExactly(15, 7);
            assertThat(totals).extracting(d -> ((List<?>) d.get("who")).size()).containsExactly(1, 1);
            assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> tx.collection("orders")
                    .aggregate("[{$out: 'copy'}]").toList()).withMessageContaining("$out");
        }
        assertThat(db.collection("copy").count()).isZero();
    }

    @Test
    void rollbackLeavesDocumentsIndexesAndExpiryAsTheyWere() {
        TetherCollection a = db.collection("a");
        a.createIndex("{n: 1}");
        a.put(json("{_id: 'x', n: 1}"), PutOptions.defaults().ttl(Duration.ofHours(1)));
        a.put(json("{_id: 'y', n: 2}"));
        var before = db.verify();
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection t = tx.collection("a");
            t.replace("x", json("{n: 5}"));
            t.delete("y");
            t.put(json("{_id: 'z', n: 3}"), PutOptions.defaults().ttl(Duration.ofMinutes(1)));
            t.putBatch(List.of(json("{_id: 'p', n: 9}"), json("{_id: 'q', n: 8}")));
            tx.rollback();
        }
        assertThat(a.find().sort("{n: 1}").toList()).extracting(Document::getId).containsExactly("x", "y");
        var after = db.verify();
        assertThat(after.isClean()).isTrue();
        assertThat(after.indexEntries()).isEqualTo(before.indexEntries());
        assertThat(after.expiryEntries()).isEqualTo(before.expiryEntries()).isEqualTo(1);
    }

    @Test
    void committedWritesKeepIndexesAndExpiryInStep() {
        TetherCollection a = db.collection("a");
        a.createIndex("{n: 1}");
        a.put(json("{_id: 'x', n: 1}"), PutOptions.defaults().ttl(Duration.ofHours(1)));
        db.transaction(tx -> {
            tx.collection("a").save(json("{_id: 'x', n: 7}"));
            tx.collection("a").put(json("{_id: 'y', n: 2}"), PutOptions.defaults().ttl(Duration.ofMinutes(5)));
        });
        assertThat(a.find(Filters.eq("n", 7)).explain().index()).isEqualTo("n_1");
        assertThat(a.query(Filters.eq("n", 7))).extracting(Document::getId).containsExactly("x");
        var report = db.verify();
        assertThat(report.isClean()).isTrue();
        assertThat(report.expiryEntries()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(6));
        assertThat(db.cleanup()).isEqualTo(1);
    }

    @Test
    void everyCollectionMethodWorksInside() {
        TetherCollection outside = db.collection("a");
        outside.createIndex("{n: 1}");
        outside.putBatch(List.of(json("{_id: 'a1', n: 1}"), json("{_id: 'a2', n: 2}"), json("{_id: 'a3', n: 3}"),
                json("{_id: 'a4', n: 4}")));
        db.transaction(tx -> {
            TetherCollection a = tx.collection("a");
            String generated = a.put(json("{n: 5}"));
            assertThat(a.putBatch(List.of(json("{_id: 'b1', n: 6}"), json("{_id: 'b2', n: 7}")))).hasSize(2);
            assertThat(a.replace("a1", json("{n: 10}"))).isTrue();
            assertThat(a.replace("missing", json("{n: 10}"))).isFalse();
            assertThat(a.replaceIf("a2", Filters.eq("n", 2), json("{n: 20}"), PutOptions.defaults())).isTrue();
            assertThat(a.replaceIf("a3", Filters.eq("n", 99), json("{n: 30}"), PutOptions.defaults())).isFalse();
            assertThat(a.save(json("{_id: 'a4', n: 40}"))).isEqualTo("a4");
            assertThat(a.deleteIf("b1", Filters.eq("n", 6))).isEqualTo(1);
            assertThat(a.delete("b2")).isEqualTo(1);
            assertThat(a.delete("b2")).isZero();
            assertThat(a.deleteBatch(List.of("a3", "nope"))).isEqualTo(1);
            assertThat(a.get(generated)).isPresent();
            assertThat(a.count()).isEqualTo(4);
            assertThat(a.count(Filters.gte("n", 10))).isEqualTo(3);
            assertThat(a.find(Filters.gte("n", 5)).sort("{n: 1}").toList()).extracting(d -> d.get("n"))
                    .containsExactly(5, 10, 20, 40);
            assertThat(a.find().sort("{n: -1}").skip(1).limit(2).toList()).extracting(d -> d.get("n"))
                    .containsExactly(20, 10);
            assertThat(a.find(Filters.eq("n", 20)).first()).isPresent();
            try (Stream<Document> s = a.stream(Filters.lt("n", 15))) {
                assertThat(s.map(Document::getId)).containsExactlyInAnyOrder("a1", generated);
            }
            assertThat(a.deleteMany(Filters.gte("n", 20))).isEqualTo(2);
            assertThat(a.query("{}")).hasSize(2);
            assertThatExceptionOfType(DuplicateKeyException.class)
                    .isThrownBy(() -> a.put(json("{_id: 'a1'}"))).withMessageContaining("'a1'");
            assertThatExceptionOfType(DuplicateKeyException.class)
                    .isThrownBy(() -> a.putBatch(List.of(json("{_id: 'c1'}"), json("{_id: 'a1'}"))));
            assertThat(a.get("c1")).as("a rejected batch buffers nothing").isEmpty();
        });
        assertThat(outside.find().sort("{n: 1}").toList()).extracting(d -> d.get("n")).containsExactly(5, 10);
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void definitionChangesAreRefusedInside() {
        try (Transaction tx = db.beginTransaction()) {
            TetherCollection a = tx.collection("a");
            assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> a.createIndex("{n: 1}"))
                    .withMessageContaining("createIndex on collection 'a' inside a transaction");
            assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> a.dropIndex("n_1"));
            assertThatExceptionOfType(TransactionStateException.class).isThrownBy(a::drop);
        }
    }

    @Test
    void documentsThatExpireDuringTheTransactionDisappearFromItsReads() {
        db.collection("a").put(json("{_id: 'x'}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        try (Transaction tx = db.beginTransaction()) {
            assertThat(tx.collection("a").get("x")).isPresent();
            clock.advance(Duration.ofSeconds(11));
            assertThat(tx.collection("a").get("x")).isEmpty();
            assertThat(tx.collection("a").count()).isZero();
        }
    }

    @Test
    void aWriteToADocumentTheSweepRemovedMeanwhileIsApplied() {
        db.collection("a").put(json("{_id: 'x', n: 1}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        try (Transaction tx = db.beginTransaction()) {
            tx.collection("a").save(json("{_id: 'x', n: 2}"));
            clock.advance(Duration.ofSeconds(11));
            assertThat(db.cleanup()).isEqualTo(1);
            tx.commit();
        }
        assertThat(db.collection("a").get("x").orElseThrow().get("n")).isEqualTo(2);
    }

    @Test
    void aWriteOverTheSizeLimitIsRefusedAndTheTransactionGoesOn() {
        try (TetherDB small = TetherDB.builder().inMemory().transactionSizeLimit(1000).open();
                Transaction tx = small.beginTransaction()) {
            tx.collection("a").put(Map.of("_id", "x", "s", noise(400)));
            assertThatExceptionOfType(TransactionTooLargeException.class)
                    .isThrownBy(() -> tx.collection("a").put(Map.of("_id", "y", "s", noise(700))))
                    .withMessageContaining("transactionSizeLimit of 1000 bytes")
                    .withMessageContaining("collection 'a'");
            assertThat(tx.collection("a").get("y")).isEmpty();
            tx.commit();
            assertThat(small.collection("a").count()).isEqualTo(1);
        }
    }

    /** Text that does not compress, so that its record is about as large as it. */
    private static String noise(int length) {
        java.util.Random random = new java.util.Random(length);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    @Test
    void refusesUseFromAnotherThreadAndAfterItEnded() throws Exception {
        Transaction tx = db.beginTransaction();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                tx.collection("a").put(json("{}"));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "other-thread");
        other.start();
        other.join();
        assertThat(failure.get()).isInstanceOf(TransactionStateException.class)
                .hasMessageContaining("from thread 'other-thread'");
        tx.commit();
        assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> tx.collection("a"))
                .withMessageContaining("already ended (committed)");
        assertThatExceptionOfType(TransactionStateException.class).isThrownBy(tx::rollback)
                .withMessageContaining("already committed");
        tx.close();
    }

    @Test
    void handlesRefuseUseAfterTheEnd() {
        TetherCollection a;
        try (Transaction tx = db.beginTransaction()) {
            a = tx.collection("a");
        }
        assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> a.get("x"))
                .withMessageContaining("rolled back");
        assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> a.put(json("{}")));
        assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> a.find().toList());
    }

    @Test
    void refusesNestedBeginOnTheSameThreadButNotPlainCalls() {
        try (Transaction tx = db.beginTransaction()) {
            assertThatExceptionOfType(TransactionStateException.class).isThrownBy(db::beginTransaction)
                    .withMessageContaining("already has an open transaction");
            db.collection("a").put(json("{_id: 'plain'}"));
            assertThat(tx.collection("a").get("plain")).as("plain writes do not join").isEmpty();
        }
        assertThat(db.collection("a").get("plain")).isPresent();
        try (Transaction again = db.beginTransaction()) {
            assertThat(again.isActive()).isTrue();
        }
    }

    @Test
    void suspendAndResumeHandTheTransactionOver() throws Exception {
        Transaction tx = db.beginTransaction();
        tx.collection("a").put(json("{_id: 'x'}"));
        tx.suspend();
        assertThatExceptionOfType(TransactionStateException.class).isThrownBy(() -> tx.collection("a"))
                .withMessageContaining("suspended");
        try (Transaction inner = db.beginTransaction()) {
            inner.collection("a").put(json("{_id: 'y'}"));
            inner.commit();
        }
        CompletableFuture.runAsync(() -> {
            tx.resume();
            tx.collection("a").put(json("{_id: 'z'}"));
            tx.commit();
        }).get();
        assertThat(db.collection("a").count()).isEqualTo(3);
        Transaction other = db.beginTransaction();
        other.suspend();
        try (Transaction bound = db.beginTransaction()) {
            assertThatExceptionOfType(TransactionStateException.class).isThrownBy(other::resume)
                    .withMessageContaining("already has an open transaction");
        }
        other.resume();
        other.close();
    }

    @Test
    void readOnlyTransactionsRefuseWrites() {
        try (Transaction tx = db.beginTransaction(TransactionOptions.defaults().readOnly())) {
            assertThatExceptionOfType(TransactionStateException.class)
                    .isThrownBy(() -> tx.collection("a").put(json("{}")))
                    .withMessageContaining("put on collection 'a': the transaction is read-only");
            assertThat(tx.collection("a").count()).isZero();
            tx.commit();
        }
    }

    @Test
    void anOverAgeTransactionIsExpiredByTheStoreAndCannotCommit() throws Exception {
        int snapshotsBefore = io.tetherdb.internal.store.StoreEngine.openResources()[1];
        Transaction tx = db.beginTransaction(TransactionOptions.defaults().timeout(Duration.ofMillis(100)));
        tx.collection("a").put(json("{_id: 'x'}"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (io.tetherdb.internal.store.StoreEngine.openResources()[1] > snapshotsBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(io.tetherdb.internal.store.StoreEngine.openResources()[1])
                .as("the maintenance thread released the snapshot").isEqualTo(snapshotsBefore);
        assertThatExceptionOfType(TransactionTimeoutException.class).isThrownBy(tx::commit)
                .withMessageContaining("timeout of PT0.1S");
        tx.close();
        assertThat(db.collection("a").count()).isZero();
        try (Transaction next = db.beginTransaction()) {
            assertThat(next.isActive()).isTrue();
        }
    }

    @Test
    void theStoreMaximumAgeCapsATransactionTimeout() {
        try (TetherDB short_ = TetherDB.builder().inMemory().transactionMaxAge(Duration.ofMillis(50)).open();
                Transaction tx = short_.beginTransaction(TransactionOptions.defaults().timeout(Duration.ofHours(1)))) {
            assertThat(tx.timeout()).isEqualTo(Duration.ofMillis(50));
        }
    }

    @Test
    void transactionHelpersCommitOrRollBack() {
        String id = db.inTransaction(tx -> tx.collection("a").put(json("{_id: 'x'}")));
        assertThat(id).isEqualTo("x");
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> db.transaction(tx -> {
            tx.collection("a").put(json("{_id: 'y'}"));
            throw new IllegalStateException("boom");
        }));
        assertThat(db.collection("a").find().toList()).extracting(Document::getId).containsExactly("x");
    }

    @Test
    void durableCommitsAreFlushed() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tx-durable");
        try (TetherDB file = TetherDB.builder().path(dir.resolve("t.db")).flushThreshold(100_000)
                .flushInterval(Duration.ZERO).open()) {
            file.transaction(TransactionOptions.defaults().durable(), tx -> tx.collection("a").put(json("{_id: 'x'}")));
            assertThat(file.statistics().syncs()).isPositive();
        }
    }
}
