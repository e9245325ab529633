package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.tetherdb.aggregate.Accumulators;
import io.tetherdb.aggregate.AggregateOptions;
import io.tetherdb.aggregate.Aggregates;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.update.UpdateOptions;
import io.tetherdb.update.UpdateResult;
import io.tetherdb.update.Updates;
import io.tetherdb.query.Sort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's core example, as written there, so that the page a newcomer reads stays true. */
@ExtendWith(TetherTestExtension.class)
class ReadmeExampleTests {

    @TempDir
    Path directory;

    @Test
    void theCoreExampleRunsAsWritten() {
        Path myDb = directory.resolve("my.db");
        try (TetherDB db = TetherDB.open(myDb)) {
            String id = db.put(Map.of("name", "John", "age", 30));
            db.put(Map.of("name", "Jane"), PutOptions.id("user_jane").ttl(Duration.ofSeconds(10)).tags("user"));
            Optional<Document> jane = db.get("user_jane");
            List<Document> adults = db.query("{ 'age': { '$gte': 18 } }");
            try (Stream<Document> s = db.stream(Filters.gt("age", 25))) {
                assertThat(s.map(Document::getId)).containsExactly(id);
            }
            TetherCollection users = db.collection("users");
            List<Document> page = users.find("{city: 'Oslo'}").sort("{age: -1}").skip(10).limit(5).toList();
            List<String> ids = users.putBatch(List.of(Map.of("a", 1), Map.of("a", 2)));
            int removed = users.deleteBatch(ids);
            db.flush();

            assertThat(jane.orElseThrow().getTags()).containsExactly("user");
            assertThat(adults).extracting(Document::getId).containsExactly(id);
            assertThat(page).isEmpty();
            assertThat(removed).isEqualTo(2);
        }
    }

    @Test
    void theEncryptionExampleRunsAsWritten() {
        Path secretDb = directory.resolve("secret.db");
        char[] password = "from APP_DB_PASSWORD".toCharArray();
        char[] oldPassword = "from APP_DB_PASSWORD".toCharArray();
        char[] newPassword = "a new one".toCharArray();
        try (TetherDB db = TetherDB.builder().path(secretDb).encryption(password, TestPasswords.FAST).open()) {
            db.put(Map.of("ssn", "078-05-1120"));
        }
        TetherDB.rekey(secretDb, oldPassword, newPassword, EncryptionOptions.defaults(), CopyOptions.defaults());

        assertThat(password).containsOnly('\0');
        assertThat(oldPassword).containsOnly('\0');
        try (TetherDB db = TetherDB.builder().path(secretDb).encryption("a new one".toCharArray()).open()) {
            assertThat(db.count()).isEqualTo(1);
        }
    }

    @Test
    void theTransactionExampleRunsAsWritten() {
        try (TetherDB db = TetherDB.open(directory.resolve("bank.db"))) {
            db.collection("accounts").put(Map.of("_id", "alice", "balance", 100));
            db.collection("accounts").put(Map.of("_id", "bob", "balance", 5));
            Map<String, Object> order = Map.of("_id", "o1", "total", 10);

            db.transaction(tx -> {                                   // commits on return, rolls back on throw
                TetherCollection accounts = tx.collection("accounts");
                long from = accounts.get("alice").orElseThrow().getLong("balance");
                accounts.replace("alice", Map.of("balance", from - 10));
                accounts.replace("bob", Map.of("balance", accounts.get("bob").orElseThrow().getLong("balance") + 10));
                tx.collection("log").put(Map.of("from", "alice", "to", "bob", "amount", 10));
            });
            try (Transaction tx = db.beginTransaction(TransactionOptions.defaults().durable())) {
                tx.collection("orders").put(order);
                tx.commit();                                         // close() without commit() rolls back
            }

            assertThat(db.collection("accounts").get("alice").orElseThrow().getLong("balance")).isEqualTo(90);
            assertThat(db.collection("accounts").get("bob").orElseThrow().getLong("balance")).isEqualTo(15);
            assertThat(db.collection("log").count()).isEqualTo(1);
            assertThat(db.collection("orders").get("o1")).isPresent();
        }
    }

    @Test
    void theUpdateOperatorsExampleRunsAsWritten() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection sensors = db.collection("sensors");
            sensors.updateOne("{_id: 's1'}", "{$set: {lastSeen: 1700000000}, $inc: {readings: 1}, $push: {recent: {$each: [21.5], $slice: -10}}}",
                    UpdateOptions.defaults().upsert(true));                     // inserts {_id: 's1', ...} the first time
            UpdateResult result = sensors.updateMany(Filters.lt("readings", 100), Updates.combine(
                    Updates.set("status", "new"), Updates.currentDate("checked")));  // all or nothing, one commit
            Optional<Document> before = sensors.findOneAndUpdate("{_id: 's1'}", "{$inc: {readings: 1}}");
            sensors.bulkWrite(List.of(WriteModel.insertOne(Map.of("_id", "s2")),
                    WriteModel.updateOne(Filter.parse("{_id: 's2'}"), Updates.addToSet("tags", "roof"))));

            assertThat(result.modifiedCount()).isEqualTo(1);
            assertThat(before.orElseThrow().getInteger("readings")).isEqualTo(1);
            assertThat(sensors.get("s1").orElseThrow().getInteger("readings")).isEqualTo(2);
            assertThat(sensors.get("s1").orElseThrow().getList("recent")).containsExactly(21.5);
            assertThat(sensors.get("s2").orElseThrow().getList("tags")).containsExactly("roof");
        }
    }

    @Test
    void theAggregationExampleRunsAsWritten() {
        try (TetherDB db = TetherDB.inMemory()) {
            db.collection("readings").putBatch(List.of(
                    Map.of("sensor", "s1", "value", 2, "at", java.time.Instant.parse("2024-01-01T10:00:00Z"),
                            "tags", List.of("a", "b")),
                    Map.of("sensor", "s1", "value", 4, "at", java.time.Instant.parse("2024-01-01T12:00:00Z"),
                            "tags", List.of("a")),
                    Map.of("sensor", "s2", "value", 9, "at", java.time.Instant.parse("2024-01-02T10:00:00Z"),
                            "tags", List.of("c"))));
            TetherCollection readings = db.collection("readings");
            readings.createIndex("{sensor: 1}");
            List<Document> perDay = readings.aggregate("""
                    [{$match: {sensor: 's1'}},
                     {$group: {_id: {$dateTrunc: {date: '$at', unit: 'day'}}, mean: {$avg: '$value'}, n: {$sum: 1}}},
                     {$sort: {_id: 1}}]""").toList();
            List<Document> busiest = readings.aggregate(List.of(
                    Aggregates.unwind("$tags"),
                    Aggregates.group("$tags", Accumulators.sum("n", 1), Accumulators.max("peak", "$value")),
                    Aggregates.sort(Sort.descending("n")), Aggregates.limit(3))).toList();
            Document plan = readings.aggregate("[{$match: {sensor: 's1'}}, {$count: 'n'}]").explain();
            AggregateOptions big = AggregateOptions.defaults().allowDiskUse(true).maxTime(Duration.ofSeconds(30));

            assertThat(perDay).containsExactly(new Document("_id", java.time.Instant.parse("2024-01-01T00:00:00Z"))
                    .append("mean", 3.0).append("n", 2));
            assertThat(busiest.get(0)).isEqualTo(new Document("_id", "a").append("n", 2).append("peak", 4));
            assertThat(plan.toJson()).contains("IXSCAN");
            assertThat(big.allowDiskUse()).isTrue();
        }
    }

    @Test
    void theChangeEventsExampleRunsAsWritten() throws Exception {
        Path p = directory.resolve("events.db");
        java.util.List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        long lastSeen;
        try (TetherDB db = TetherDB.builder().path(p).cleanupInterval(Duration.ZERO)
                .changeHistory(io.tetherdb.event.ChangeHistory.retain(100_000, Duration.ofDays(7))).open()) {
            io.tetherdb.event.ChangeSubscription subscription = db.collection("readings").watch(event -> {
                if (event.kind() == io.tetherdb.event.ChangeKind.EXPIRE) {
                    printed.add(event.documentId() + " expired (" + event.expiryCause().orElseThrow() + ")");
                }
            });
            db.collection("readings").put(Map.of("v", 1), PutOptions.id("r1").ttl(Duration.ofMillis(1)));
            Thread.sleep(5);
            db.cleanup();
            lastSeen = db.changeSequence();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (subscription.lastDeliveredSequence() < lastSeen && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            subscription.close();
            db.collection("readings").put(Map.of("v", 2), PutOptions.id("r2"));
        }
        assertThat(printed).containsExactly("r1 expired (SWEEP)");
        java.util.List<io.tetherdb.event.ChangeEvent> resumed = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.tetherdb.event.ChangeListener listener = resumed::add;
        TetherDB resumable = TetherDB.builder().path(p)
                .changeHistory(io.tetherdb.event.ChangeHistory.retain(100_000, Duration.ofDays(7))).open();
        try (resumable; io.tetherdb.event.ChangeSubscription subscription = resumable.watch(
                io.tetherdb.event.WatchOptions.defaults().resumeAfter(lastSeen).fullDocumentBefore(true), listener)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (resumed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertThat(resumed).extracting(io.tetherdb.event.ChangeEvent::documentId).containsExactly("r2");
    }
}
