package io.tetherdb.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import io.tetherdb.MutableClock;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.Transaction;
import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TetherTestExtension.class)
class ChangeEventsTests {

    @TempDir
    Path directory;

    @Test
    void deliversEachKindOfChangeInCommitOrderWithItsDocuments() throws Exception {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection readings = db.collection("readings");
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = readings.watch(WatchOptions.defaults().fullDocumentBefore(true),
                    listener)) {
                readings.put(Map.of("sensor", "a", "value", 1, "unit", "C"), PutOptions.id("r1"));
                readings.replace("r1", Map.of("sensor", "a", "value", 2, "unit", "C"));
                readings.updateOne("{_id: 'r1'}", "{$set: {value: 3, 'meta.by': 'x'}, $unset: {unit: ''}}");
                readings.delete("r1");
                readings.put(Map.of("sensor", "b"), PutOptions.id("r2"));
                readings.drop();

                List<ChangeEvent> events = listener.await(6);
                assertThat(events).extracting(ChangeEvent::kind).containsExactly(ChangeKind.INSERT, ChangeKind.REPLACE,
                        ChangeKind.UPDATE, ChangeKind.DELETE, ChangeKind.INSERT, ChangeKind.DROP);
                assertThat(events).extracting(ChangeEvent::documentId).containsExactly("r1", "r1", "r1", "r1", "r2",
                        null);
                assertThat(events).extracting(ChangeEvent::collection).containsOnly("readings");
                for (int i = 1; i < events.size(); i++) {
                    assertThat(events.get(i).sequence()).isEqualTo(events.get(i - 1).sequence() + 1);
                }
                assertThat(events.get(0).fullDocument().orElseThrow().get("value")).isEqualTo(1);
                assertThat(events.get(0).fullDocumentBefore()).isEmpty();
                assertThat(events.get(1).fullDocumentBefore().orElseThrow().get("value")).isEqualTo(1);
                assertThat(events.get(1).fullDocument().orElseThrow().get("value")).isEqualTo(2);
                UpdateDescription update = events.get(2).updateDescription().orElseThrow();
                assertThat(update.updatedFields()).containsExactly(Map.entry("value", 3), Map.entry("meta.by", "x"));
                assertThat(update.removedFields()).containsExactly("unit");
                assertThat(events.get(2).fullDocument().orElseThrow()).doesNotContainKey("unit");
                assertThat(events.get(3).fullDocument()).isEmpty();
                assertThat(events.get(3).fullDocumentBefore().orElseThrow().get("value")).isEqualTo(3);
                assertThat(events).allSatisfy(event -> assertThat(event.expiryCause()).isEmpty());
                assertThat(subscription.lastDeliveredSequence()).isEqualTo(events.get(5).sequence());
                assertThat(db.changeSequence()).isEqualTo(events.get(5).sequence());
            }
        }
    }

    @Test
    void updatesThroughEveryUpdatePathNameTheirFields() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection items = db.collection("items");
            items.putBatch(List.of(Document.parse("{_id: 'a', n: 1, tags: ['x']}"),
                    Document.parse("{_id: 'b', n: 1, tags: ['x']}")));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = items.watch(listener)) {
                items.updateMany("{}", "{$inc: {n: 1}, $push: {tags: 'y'}}");
                items.updateOne("{_id: 'a'}", "{$rename: {n: 'count'}}");
                items.updateOne("{_id: 'b'}", "{$set: {'tags.$[]': 'z'}}");
                items.findOneAndUpdate(Filter.parse("{_id: 'a'}"), io.tetherdb.update.Update.parse("{$set: {k: 1}}"));

                List<ChangeEvent> events = listener.await(5);
                assertThat(events).extracting(ChangeEvent::kind).containsOnly(ChangeKind.UPDATE);
                assertThat(events.get(0).updateDescription().orElseThrow().updatedFields())
                        .containsExactly(Map.entry("n", 2), Map.entry("tags", List.of("x", "y")));
                UpdateDescription renamed = events.get(2).updateDescription().orElseThrow();
                assertThat(renamed.removedFields()).containsExactly("n");
                assertThat(renamed.updatedFields()).containsExactly(Map.entry("count", 2));
                assertThat(events.get(3).updateDescription().orElseThrow().updatedFields())
                        .containsExactly(Map.entry("tags", List.of("z", "z")));
                assertThat(events.get(4).updateDescription().orElseThrow().updatedFields())
                        .containsExactly(Map.entry("k", 1));
            }
        }
    }

    @Test
    void aCollectionWatchSeesOnlyItsCollectionAndTheStoreWatchSeesAll() {
        try (TetherDB db = TetherDB.inMemory()) {
            RecordingListener one = new RecordingListener();
            RecordingListener all = new RecordingListener();
            try (ChangeSubscription a = db.collection("a").watch(one); ChangeSubscription b = db.watch(all)) {
                db.collection("b").put(Map.of("x", 1));
                db.collection("a").put(Map.of("x", 2));
                db.put(Map.of("x", 3));

                assertThat(all.await(3)).extracting(ChangeEvent::collection)
                        .containsExactly("b", "a", TetherDB.DEFAULT_COLLECTION);
                assertThat(one.await(1)).extracting(ChangeEvent::collection).containsExactly("a");
            }
        }
    }

    @Test
    void aRejectedBatchOrWritePublishesNothing() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection c = db.collection("c");
            c.put(Map.of("email", "t@y"), PutOptions.id("taken"));
            c.createIndex(IndexDefinition.ascending("email").unique());
            c.put(Map.of("email", "x@y"), PutOptions.id("u1"));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = c.watch(listener)) {
                assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> c.putBatch(
                        List.of(Map.of("_id", "new1", "email", "1@y"), Map.of("_id", "new2", "email", "2@y"),
                                Map.of("_id", "taken", "email", "3@y"))));
                assertThatExceptionOfType(DuplicateKeyException.class)
                        .isThrownBy(() -> c.updateOne("{_id: 'taken'}", "{$set: {email: 'x@y'}}"));
                c.put(Map.of("email", "m@y"), PutOptions.id("marker"));

                List<ChangeEvent> events = listener.await(1);
                RecordingListener.sleep(Duration.ofMillis(50));
                assertThat(listener.events).extracting(ChangeEvent::documentId).containsExactly("marker");
                assertThat(events.get(0).sequence()).isEqualTo(subscription.lastDeliveredSequence());
            }
        }
    }

    @Test
    void aTransactionPublishesAtCommitAndARollbackPublishesNothing() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection accounts = db.collection("accounts");
            accounts.put(Map.of("balance", 10), PutOptions.id("alice"));
            accounts.put(Map.of("balance", 0), PutOptions.id("bob"));
            accounts.put(Map.of("balance", 5), PutOptions.id("carol"));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = accounts.watch(listener)) {
                try (Transaction tx = db.beginTransaction()) {
                    tx.collection("accounts").updateOne("{_id: 'alice'}", "{$inc: {balance: -5}}");
                    tx.collection("accounts").updateOne("{_id: 'alice'}", "{$set: {note: 'paid'}}");
                    tx.collection("accounts").updateOne("{_id: 'bob'}", "{$inc: {balance: 5}}");
                    tx.collection("accounts").delete("carol");
                    tx.collection("accounts").put(Map.of("balance", 1), PutOptions.id("dave"));
                    db.collection("other").put(Map.of("marker", 1));
                    RecordingListener.sleep(Duration.ofMillis(50));
                    assertThat(listener.events).as("nothing before the commit").isEmpty();
                    tx.commit();
                }
                List<ChangeEvent> events = listener.await(4);
                assertThat(events).extracting(ChangeEvent::documentId).containsExactly("alice", "bob", "carol", "dave");
                assertThat(events).extracting(ChangeEvent::kind).containsExactly(ChangeKind.UPDATE, ChangeKind.UPDATE,
                        ChangeKind.DELETE, ChangeKind.INSERT);
                assertThat(events.get(0).updateDescription().orElseThrow().updatedFields())
                        .containsExactly(Map.entry("balance", 5), Map.entry("note", "paid"));

                try (Transaction tx = db.beginTransaction()) {
                    tx.collection("accounts").updateOne("{_id: 'alice'}", "{$inc: {balance: -5}}");
                    tx.rollback();
                }
                accounts.put(Map.of("marker", 2), PutOptions.id("marker"));
                assertThat(listener.await(5)).extracting(ChangeEvent::documentId).endsWith("dave", "marker")
                        .hasSize(5);
            }
        }
    }

    @Test
    void aTransactionOnAUniqueIndexReportsReplacementsNotDeletesAndInserts() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection users = db.collection("users");
            users.createIndex(IndexDefinition.ascending("email").unique());
            users.put(Map.of("email", "a@x"), PutOptions.id("a"));
            users.put(Map.of("email", "b@x"), PutOptions.id("b"));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = users.watch(WatchOptions.defaults().fullDocumentBefore(true),
                    listener)) {
                db.inTransaction(tx -> {
                    tx.collection("users").replace("a", Map.of("email", "b@x"));
                    tx.collection("users").delete("b");
                    return null;
                });
                List<ChangeEvent> events = listener.await(2);
                assertThat(events).extracting(ChangeEvent::kind).containsExactly(ChangeKind.REPLACE, ChangeKind.DELETE);
                assertThat(events.get(0).fullDocumentBefore().orElseThrow().get("email")).isEqualTo("a@x");
                assertThat(events.get(1).fullDocumentBefore().orElseThrow().get("email")).isEqualTo("b@x");
            }
        }
    }

    @Test
    void eightWritersGetEveryCommittedChangeDeliveredOnceInCommitOrder() throws Exception {
        int writers = 8;
        int perWriter = 200;
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection c = db.collection("c");
            c.put(Map.of("taken", true), PutOptions.id("taken"));
            RecordingListener listener = new RecordingListener();
            long start = db.changeSequence();
            Set<String> committed = ConcurrentHashMap.newKeySet();
            AtomicInteger rejected = new AtomicInteger();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().bufferSize(1_000_000), listener)) {
                CyclicBarrier go = new CyclicBarrier(writers);
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    Thread thread = new Thread(() -> {
                        try {
                            go.await();
                            for (int i = 0; i < perWriter; i++) {
                                String id = "w" + writer + "-" + i;
                                if (i % 10 == 9) {
                                    try {
                                        c.putBatch(List.of(Map.of("_id", id + "-x"), Map.of("_id", "taken")));
                                    } catch (DuplicateKeyException e) {
                                        rejected.incrementAndGet();
                                    }
                                    continue;
                                }
                                c.put(Map.of("writer", writer, "i", i), PutOptions.id(id));
                                committed.add("insert " + id);
                                c.updateOne("{_id: '" + id + "'}", "{$inc: {i: 1}}");
                                committed.add("update " + id);
                            }
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
                    thread.start();
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                List<ChangeEvent> events = listener.await(committed.size());
                RecordingListener.sleep(Duration.ofMillis(50));
                events = new ArrayList<>(listener.events);

                assertThat(rejected.get()).isEqualTo(writers * perWriter / 10);
                assertThat(events).hasSize(committed.size());
                for (int i = 0; i < events.size(); i++) {
                    assertThat(events.get(i).sequence()).isEqualTo(start + 1 + i);
                }
                Set<String> delivered = new HashSet<>();
                Set<String> inserted = new HashSet<>();
                for (ChangeEvent event : events) {
                    String key = event.kind().name().toLowerCase() + " " + event.documentId();
                    assertThat(delivered.add(key)).as("delivered once: %s", key).isTrue();
                    if (event.kind() == ChangeKind.INSERT) {
                        inserted.add(event.documentId());
                    } else {
                        assertThat(inserted).as("insert before update").contains(event.documentId());
                        assertThat(event.fullDocument().orElseThrow().get("i"))
                                .isEqualTo(Integer.parseInt(event.documentId().substring(event.documentId()
                                        .indexOf('-') + 1)) + 1);
                    }
                }
                assertThat(delivered).isEqualTo(committed);
                assertThat(db.changeSequence()).isEqualTo(start + committed.size());
            }
        }
    }

    @Test
    void aSubscriberResumesAfterTheStoreIsClosedAndReopened() {
        Path file = directory.resolve("resume.db");
        long lastSeen;
        try (TetherDB db = TetherDB.builder().path(file).changeHistory(ChangeHistory.retain(1000, Duration.ofDays(1)))
                .open()) {
            RecordingListener listener = new RecordingListener();
            ChangeSubscription subscription = db.collection("c").watch(listener);
            for (int i = 0; i < 5; i++) {
                db.collection("c").put(Map.of("i", i), PutOptions.id("before-" + i));
            }
            lastSeen = listener.await(3).get(2).sequence();
            subscription.close();
        }
        try (TetherDB db = TetherDB.builder().path(file).changeHistory(ChangeHistory.retain(1000, Duration.ofDays(1)))
                .open()) {
            assertThat(db.changeSequence()).isEqualTo(lastSeen + 2);
            db.collection("c").put(Map.of("i", 5), PutOptions.id("after-0"));
            db.collection("c").updateOne("{_id: 'after-0'}", "{$set: {i: 6}}");
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.collection("c")
                    .watch(WatchOptions.defaults().resumeAfter(lastSeen), listener)) {
                db.collection("c").delete("before-0");
                List<ChangeEvent> events = listener.await(5);
                assertThat(events).extracting(ChangeEvent::documentId)
                        .containsExactly("before-3", "before-4", "after-0", "after-0", "before-0");
                assertThat(events).extracting(ChangeEvent::kind).containsExactly(ChangeKind.INSERT, ChangeKind.INSERT,
                        ChangeKind.INSERT, ChangeKind.UPDATE, ChangeKind.DELETE);
                assertThat(events.get(3).updateDescription().orElseThrow().updatedFields())
                        .containsExactly(Map.entry("i", 6));
                assertThat(events.get(0).sequence()).isEqualTo(lastSeen + 1);
                assertThat(events.get(4).sequence()).isEqualTo(lastSeen + 5);
            }
            assertThat(db.verify().isClean()).as("verify accepts the history map").isTrue();
        }
    }

    @Test
    void aBackupCarriesTheHistorySoThatSubscribersResumeOnTheCopy() {
        Path copy = directory.resolve("copy.db");
        ChangeHistory history = ChangeHistory.retain(1000, Duration.ofDays(1));
        try (TetherDB db = TetherDB.builder().path(directory.resolve("original.db")).changeHistory(history).open()) {
            db.put(Map.of("i", 1), PutOptions.id("a"));
            db.put(Map.of("i", 2), PutOptions.id("b"));
            db.backup(copy);
        }
        try (TetherDB db = TetherDB.builder().path(copy).changeHistory(history).open()) {
            // a copy of an open store opens as after a crash: its numbering moves on past the original's
            assertThat(db.changeSequence()).isEqualTo(2 + (1L << 32));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(0), listener)) {
                assertThat(listener.await(2)).extracting(ChangeEvent::documentId).containsExactly("a", "b");
            }
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    @Test
    void anOpenWithoutHistoryKeepsItButItsChangesEndIt() {
        Path file = directory.resolve("gap.db");
        ChangeHistory history = ChangeHistory.retain(1000, Duration.ofDays(1));
        try (TetherDB db = TetherDB.builder().path(file).changeHistory(history).open()) {
            db.put(Map.of("i", 1));
            db.put(Map.of("i", 2));
        }
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.verify().isClean()).isTrue();
        }
        try (TetherDB db = TetherDB.builder().path(file).changeHistory(history).open()) {
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(0), listener)) {
                assertThat(listener.await(2)).extracting(ChangeEvent::sequence).containsExactly(1L, 2L);
            }
        }
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("i", 3));
        }
        try (TetherDB db = TetherDB.builder().path(file).changeHistory(history).open()) {
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(0), event -> { }))
                    .withMessageContaining("holds no change");
            db.put(Map.of("i", 4));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(3), listener)) {
                assertThat(listener.await(1)).extracting(ChangeEvent::sequence).containsExactly(4L);
            }
        }
    }

    @Test
    void sequenceNumbersGoOnRisingAcrossReopensWithoutHistory() {
        Path file = directory.resolve("plain.db");
        long before;
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("a", 1));
            db.put(Map.of("a", 2));
            before = db.changeSequence();
        }
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.changeSequence()).isEqualTo(before).isEqualTo(2);
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(before), listener)) {
                db.put(Map.of("a", 3));
                assertThat(listener.await(1).get(0).sequence()).isEqualTo(3);
            }
        }
    }

    @Test
    void resumingFromAPointTheHistoryNoLongerHoldsIsATypedError() {
        try (TetherDB db = TetherDB.builder().inMemory().changeHistory(ChangeHistory.retain(5, Duration.ofDays(1)))
                .open()) {
            for (int i = 0; i < 20; i++) {
                db.put(Map.of("i", i));
            }
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(2), event -> { }))
                    .withMessageContaining("Cannot resume after change 2")
                    .withMessageContaining("begins at change 16")
                    .satisfies(e -> assertThat(e.oldestRetained()).isEqualTo(16))
                    .satisfies(e -> assertThat(e.current()).isEqualTo(20));
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(21), event -> { }))
                    .withMessageContaining("its last change is 20");
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(15), listener)) {
                assertThat(listener.await(5)).extracting(ChangeEvent::sequence).containsExactly(16L, 17L, 18L, 19L, 20L);
            }
        }
        try (TetherDB db = TetherDB.inMemory()) {
            db.put(Map.of("i", 1));
            db.put(Map.of("i", 2));
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(1), event -> { }))
                    .withMessageContaining("keeps no change history");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> WatchOptions.defaults().resumeAfter(-1))
                .withMessageContaining("resumeAfter must not be negative but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> WatchOptions.defaults().bufferSize(0))
                .withMessageContaining("bufferSize must be at least 1 but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeHistory.retain(0, Duration.ofDays(1)))
                .withMessageContaining("maxEvents must be at least 1 but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeHistory.retain(10, Duration.ZERO))
                .withMessageContaining("maxAge must be positive");
    }

    @Test
    void historyOlderThanItsMaxAgeIsPruned() {
        MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).cleanupInterval(Duration.ZERO)
                .changeHistory(ChangeHistory.retain(1000, Duration.ofHours(1))).open()) {
            db.put(Map.of("i", 1));
            db.put(Map.of("i", 2));
            clock.advance(Duration.ofHours(2));
            db.put(Map.of("i", 3));
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(0), event -> { }))
                    .withMessageContaining("begins at change 3");
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsToldWhereToResumeAndWritersNeverWait() throws Exception {
        try (TetherDB db = TetherDB.builder().inMemory().changeHistory(ChangeHistory.retain(10_000, Duration.ofDays(1)))
                .open()) {
            CountDownLatch release = new CountDownLatch(1);
            RecordingListener slow = new RecordingListener() {
                @Override
                public void onChange(ChangeEvent event) {
                    super.onChange(event);
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            ChangeSubscription subscription = db.watch(WatchOptions.defaults().bufferSize(10), slow);
            db.put(Map.of("i", 0), PutOptions.id("d0"));
            slow.await(1);
            for (int i = 1; i < 100; i++) {
                db.put(Map.of("i", i), PutOptions.id("d" + i));
            }
            // every write returned while the listener was still blocked in its first event
            assertThat(slow.events).hasSize(1);
            release.countDown();
            assertThat(subscription.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(subscription.isActive()).isFalse();
            assertThat(slow.fellBehind).hasSize(1);
            SubscriberFellBehindException signal = slow.fellBehind.get(0);
            assertThat(signal.bufferSize()).isEqualTo(10);
            assertThat(signal.lastDeliveredSequence()).isEqualTo(slow.events.get(slow.events.size() - 1).sequence());
            assertThat(signal).hasMessageContaining("resumeAfter(" + signal.lastDeliveredSequence() + ")");

            RecordingListener resumed = new RecordingListener();
            try (ChangeSubscription again = db.watch(
                    WatchOptions.defaults().resumeAfter(signal.lastDeliveredSequence()), resumed)) {
                List<ChangeEvent> rest = resumed.await(100 - slow.events.size());
                List<String> ids = new ArrayList<>();
                slow.events.forEach(event -> ids.add(event.documentId()));
                rest.forEach(event -> ids.add(event.documentId()));
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    expected.add("d" + i);
                }
                assertThat(ids).isEqualTo(expected);
            }
        }
    }

    @Test
    void aListenerThatThrowsOrSleepsNeitherFailsNorBlocksWriters() throws Exception {
        try (TetherDB db = TetherDB.inMemory()) {
            AtomicInteger calls = new AtomicInteger();
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            ChangeSubscription throwing = db.watch(event -> {
                calls.incrementAndGet();
                if (event.sequence() % 2 == 0) {
                    throw new IllegalStateException("listener bug");
                }
                seen.add(event.documentId());
            });
            CountDownLatch release = new CountDownLatch(1);
            RecordingListener sleeping = new RecordingListener() {
                @Override
                public void onChange(ChangeEvent event) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.onChange(event);
                }
            };
            ChangeSubscription blocked = db.watch(sleeping);
            for (int i = 1; i <= 20; i++) {
                db.put(Map.of("i", i), PutOptions.id("d" + i));
            }
            assertThat(db.count()).isEqualTo(20);
            assertThat(sleeping.events).isEmpty();
            release.countDown();
            assertThat(sleeping.await(20)).hasSize(20);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (throwing.lastDeliveredSequence() < 20 && System.nanoTime() < deadline) {
                RecordingListener.sleep(Duration.ofMillis(5));
            }
            assertThat(calls.get()).isEqualTo(20);
            assertThat(seen).hasSize(10);
            assertThat(throwing.isActive()).isTrue();
            assertThat(throwing.lastDeliveredSequence()).isEqualTo(20);
            throwing.close();
            blocked.close();
            assertThat(throwing.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(blocked.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void theSweepPublishesExpiriesWithTheDocumentAsItWas() {
        MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection sessions = db.collection("sessions");
            sessions.put(Map.of("user", "ann"), PutOptions.id("s1").ttl(Duration.ofSeconds(10)));
            sessions.put(Map.of("user", "bob"), PutOptions.id("s2").ttl(Duration.ofSeconds(30)));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = sessions.watch(WatchOptions.defaults().fullDocumentBefore(true),
                    listener)) {
                clock.advance(Duration.ofSeconds(11));
                assertThat(sessions.get("s1")).isEmpty();
                RecordingListener.sleep(Duration.ofMillis(30));
                assertThat(listener.events).as("a read does not remove, so publishes nothing").isEmpty();
                assertThat(db.cleanup()).isEqualTo(1);

                ChangeEvent expired = listener.await(1).get(0);
                assertThat(expired.kind()).isEqualTo(ChangeKind.EXPIRE);
                assertThat(expired.expiryCause()).contains(ExpiryCause.SWEEP);
                assertThat(expired.documentId()).isEqualTo("s1");
                assertThat(expired.fullDocumentBefore().orElseThrow().get("user")).isEqualTo("ann");
                assertThat(expired.fullDocument()).isEmpty();
                assertThat(expired.time()).isEqualTo(clock.instant());
            }
        }
    }

    @Test
    void aWriteThatMeetsAnExpiredDocumentPublishesItsExpiryFirst() {
        MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection c = db.collection("c");
            c.put(Map.of("v", 1), PutOptions.id("a").ttl(Duration.ofSeconds(1)));
            c.put(Map.of("v", 1), PutOptions.id("b").ttl(Duration.ofSeconds(1)));
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = c.watch(listener)) {
                clock.advance(Duration.ofSeconds(2));
                c.put(Map.of("v", 2), PutOptions.id("a"));
                assertThat(c.delete("b")).isZero();
                List<ChangeEvent> events = listener.await(3);
                assertThat(events).extracting(ChangeEvent::kind).containsExactly(ChangeKind.EXPIRE, ChangeKind.INSERT,
                        ChangeKind.EXPIRE);
                assertThat(events).extracting(ChangeEvent::documentId).containsExactly("a", "a", "b");
                assertThat(events.get(0).expiryCause()).contains(ExpiryCause.WRITE);
                assertThat(events.get(2).expiryCause()).contains(ExpiryCause.WRITE);
            }
        }
    }

    @Test
    void filtersRunOnTheDocumentAndOnTheEvent() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection c = db.collection("c");
            RecordingListener hot = new RecordingListener();
            RecordingListener deletes = new RecordingListener();
            try (ChangeSubscription a = c.watch(Filter.parse("{value: {$gt: 10}}"), hot);
                    ChangeSubscription b = c.watch(WatchOptions.defaults().fullDocument(false)
                            .eventFilter(event -> event.kind() == ChangeKind.DELETE), deletes)) {
                c.put(Map.of("value", 5), PutOptions.id("cold"));
                c.put(Map.of("value", 50), PutOptions.id("hot"));
                c.delete("hot");
                c.delete("cold");
                assertThat(hot.await(2)).extracting(ChangeEvent::kind)
                        .containsExactly(ChangeKind.INSERT, ChangeKind.DELETE);
                assertThat(hot.events).extracting(ChangeEvent::documentId).containsOnly("hot");
                assertThat(deletes.await(2)).extracting(ChangeEvent::documentId).containsExactly("hot", "cold");
                // filtered-out events count as delivered, so a resume point moves past them
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (a.lastDeliveredSequence() < db.changeSequence() && System.nanoTime() < deadline) {
                    RecordingListener.sleep(Duration.ofMillis(5));
                }
                assertThat(a.lastDeliveredSequence()).isEqualTo(db.changeSequence());
                assertThat(hot.events).hasSize(2);
            }
        }
    }

    @Test
    void closingTheStoreDeliversWhatWasCommittedThenEndsDelivery() throws Exception {
        RecordingListener listener = new RecordingListener();
        ChangeSubscription subscription;
        try (TetherDB db = TetherDB.inMemory()) {
            subscription = db.watch(listener);
            for (int i = 0; i < 50; i++) {
                db.put(Map.of("i", i));
            }
        }
        assertThat(subscription.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(subscription.isActive()).isFalse();
        assertThat(listener.events).hasSize(50);
        assertThat(listener.fellBehind).isEmpty();
    }

    @Test
    void closingTheSubscriptionStopsDelivery() throws Exception {
        try (TetherDB db = TetherDB.inMemory()) {
            RecordingListener listener = new RecordingListener();
            ChangeSubscription subscription = db.watch(listener);
            db.put(Map.of("i", 1));
            listener.await(1);
            subscription.close();
            subscription.close();
            assertThat(subscription.awaitTermination(Duration.ofSeconds(10))).isTrue();
            db.put(Map.of("i", 2));
            RecordingListener.sleep(Duration.ofMillis(30));
            assertThat(listener.events).hasSize(1);
        }
    }
}
