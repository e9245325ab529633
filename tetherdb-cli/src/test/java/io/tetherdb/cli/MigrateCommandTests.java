package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tetherdb.EncryptionOptions;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tetherdb migrate} against mongo-java-server, a MongoDB wire-protocol server in the test JVM
 * (it keeps TTL indexes but never sweeps them, which these tests do not need).
 */
class MigrateCommandTests {

    private static final Instant EXPIRY = Instant.parse("2999-01-01T00:00:00.250Z");

    @TempDir
    Path dir;

    private MongoServer server;
    private String uri;
    private MongoClient client;

    @BeforeEach
    void startServer() {
        server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        client = MongoClients.create(uri);
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.shutdownNow();
    }

    /** things: every value type, nested, an index; people: unique, compound, multikey indexes, expiring documents. */
    private Path populatedStore() {
        Path file = dir.resolve("app.db");
        try (TetherDB db = TetherDB.open(file)) {
            TetherCollection things = db.collection("things");
            things.putBatch(SampleStore.everyType());
            things.createIndex("{int: 1}");
            TetherCollection people = db.collection("people");
            people.createIndex(IndexDefinition.ascending("email").unique());
            people.createIndex(IndexDefinition.ascending("city").thenDescending("age"));
            people.createIndex(IndexDefinition.ascending("tags").sparse().named("by_tag"));
            for (int i = 0; i < 25; i++) {
                Document person = new Document("_id", String.format("p%03d", i)).append("email", "p" + i + "@x.org")
                        .append("city", i % 2 == 0 ? "Oslo" : "Rome").append("age", 20 + i)
                        .append("tags", List.of("t" + i % 3, "all"))
                        .append("address", new Document("street", "Main " + i).append("zip", List.of(i, i + 1)));
                people.put(person, i % 5 == 0 ? PutOptions.defaults().expireAt(EXPIRY) : PutOptions.defaults());
            }
        }
        return file;
    }

    private MongoDatabase target(String name) {
        return client.getDatabase(name);
    }

    @Test
    void migratesEveryCollectionWithItsValuesIndexesAndExpiry() {
        Path file = populatedStore();

        Cli.Result result = Cli.run("migrate", file.toString(), uri + "/app", "--batch-size", "7");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("people: copied 25 documents in 4 batches",
                "things: copied 5 documents in 1 batch", "people: verified 25 documents, checksum ",
                "things: verified 5 documents", "migrated 2 collections to ", "/app: counts and checksums match",
                "things: some dates had sub-millisecond parts");
        MongoDatabase app = target("app");
        org.bson.Document thing = app.getCollection("things").find(Filters.eq("_id", "doc-1")).first();
        assertThat(thing.get("int")).isEqualTo(1);
        assertThat(thing.get("long")).isEqualTo(5_000_000_001L);
        assertThat(thing.get("smallLong")).isEqualTo(1L);
        assertThat(thing.get("whole")).isEqualTo(1.0);
        assertThat(thing.get("price")).isEqualTo(new Decimal128(new BigDecimal("13.50")));
        assertThat(((Binary) thing.get("bytes")).getData()).containsExactly(1, -1, 0, 127);
        assertThat(thing.get("at")).isEqualTo(Date.from(Instant.parse("2024-05-06T07:08:10.123Z")));
        assertThat(thing.get("none")).isNull();
        assertThat(thing.containsKey("none")).isTrue();
        assertThat(thing.get("nested", org.bson.Document.class).getList("list", Object.class).get(1))
                .isEqualTo(new org.bson.Document("deep", new Decimal128(new BigDecimal("-0.001"))));
        assertThat(thing.containsKey(MigrateCommand.EXPIRY_FIELD)).isFalse();

        org.bson.Document expiring = app.getCollection("people").find(Filters.eq("_id", "p005")).first();
        assertThat(expiring.get(MigrateCommand.EXPIRY_FIELD)).isEqualTo(Date.from(EXPIRY));
        assertThat(expiring.get("address", org.bson.Document.class).getList("zip", Integer.class))
                .containsExactly(5, 6);
        assertThat(app.getCollection("people").countDocuments(Filters.exists(MigrateCommand.EXPIRY_FIELD)))
                .isEqualTo(5);

        List<org.bson.Document> indexes = app.getCollection("people").listIndexes().into(new ArrayList<>());
        assertThat(indexes).extracting(index -> index.getString("name"))
                .contains("email_1", "city_1_age_-1", "by_tag", "_expiresAt_1");
        org.bson.Document email = named(indexes, "email_1");
        assertThat(email.getBoolean("unique")).isTrue();
        assertThat(named(indexes, "city_1_age_-1").get("key", org.bson.Document.class))
                .isEqualTo(new org.bson.Document("city", 1).append("age", -1));
        assertThat(named(indexes, "by_tag").getBoolean("sparse")).isTrue();
        assertThat(((Number) named(indexes, "_expiresAt_1").get("expireAfterSeconds")).longValue()).isZero();
        // the unique index holds on the server
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> app.getCollection("people")
                .insertOne(new org.bson.Document("_id", "dup").append("email", "p1@x.org"))))
                .hasMessageContaining("duplicate key");
    }

    private static org.bson.Document named(List<org.bson.Document> indexes, String name) {
        return indexes.stream().filter(index -> name.equals(index.getString("name"))).findFirst().orElseThrow();
    }

    @Test
    void aRerunResumesAfterTheLastRecordedBatch() {
        Path file = populatedStore();

        Cli.Result stopped = Cli.run("migrate", file.toString(), uri, "--collections", "people", "--batch-size", "10",
                "--stop-after-batches", "2");

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(stopped.out()).contains("stopped after 2 batches");
        MongoDatabase tetherdb = target(MigrateCommand.DEFAULT_DATABASE);
        assertThat(tetherdb.getCollection("people").countDocuments()).isEqualTo(20);
        org.bson.Document marker = tetherdb.getCollection(MigrateCommand.PROGRESS_COLLECTION)
                .find(Filters.eq("_id", "people")).first();
        assertThat(marker.getString("lastId")).isEqualTo("p019");
        assertThat(marker.getBoolean("done")).isFalse();
        // a killed run may have written a batch it did not record: the re-run writes it again
        tetherdb.getCollection("people").insertOne(new org.bson.Document("_id", "p020").append("stale", true));

        Cli.Result resumed = Cli.run("migrate", file.toString(), uri, "--collections", "people", "--batch-size", "10");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("people: copied 5 documents in 1 batch (resumed after _id 'p019')",
                "people: verified 25 documents");
        assertThat(tetherdb.getCollection("people").countDocuments()).isEqualTo(25);
        assertThat(tetherdb.getCollection("people").find(Filters.eq("_id", "p020")).first()).doesNotContainKey("stale");
        assertThat(tetherdb.getCollection(MigrateCommand.PROGRESS_COLLECTION).find(Filters.eq("_id", "people"))
                .first().getBoolean("done")).isTrue();
        assertThat(tetherdb.listCollectionNames().into(new ArrayList<>())).doesNotContain("things");

        // documents added to the store since are copied by the next run
        try (TetherDB db = TetherDB.open(file)) {
            db.collection("people").put(new Document("_id", "p100").append("email", "new@x.org"));
        }
        Cli.Result again = Cli.run("migrate", file.toString(), uri, "--collections", "people");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("people: copied 1 document in 1 batch", "people: verified 26 documents");
    }

    @Test
    void verificationReportsADocumentChangedOrMissingOnTheServer() {
        Path file = populatedStore();
        assertThat(Cli.run("migrate", file.toString(), uri).exitCode()).isZero();
        var people = target(MigrateCommand.DEFAULT_DATABASE).getCollection("people");
        // same count, one value changed: only the checksum can tell
        people.updateOne(Filters.eq("_id", "p003"), Updates.set("address.zip.1", 99));

        Cli.Result changed = Cli.run("migrate", file.toString(), uri);

        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(changed.out()).contains("people: MISMATCH: store 25 documents", "server 25", "things: verified 5");
        assertThat(changed.err()).contains("1 of 2 collections differs");

        people.deleteOne(Filters.eq("_id", "p007"));
        people.updateOne(Filters.eq("_id", "p003"), Updates.set("address.zip.1", 4));
        Cli.Result missing = Cli.run("migrate", file.toString(), uri);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(missing.out()).contains("people: MISMATCH: store 25 documents", "server 24");
    }

    @Test
    void checksumsAgreeOnlyForTheSameValuesAndTypes() {
        Document stored = new Document("_id", "a").append("n", 1).append("d", new BigDecimal("1.50"))
                .append("at", Instant.parse("2024-01-01T00:00:00.123456Z")).append("b", new byte[] {1, 2});
        org.bson.Document server = new org.bson.Document("b", new Binary(new byte[] {1, 2})).append("_id", "a");
        DocumentChecksum left = new DocumentChecksum();
        left.add(stored);
        DocumentChecksum right = new DocumentChecksum();
        right.add(BsonValues.toBson(stored, MigrateCommand.EXPIRY_FIELD, null));
        assertThat(right.hex()).isEqualTo(left.hex()).hasSize(32);
        assertThat(DocumentChecksum.canonicalJson(server)).isEqualTo("{\"_id\":\"a\",\"b\":{\"$binary\":\"AQI=\"}}");

        DocumentChecksum longInstead = new DocumentChecksum();
        longInstead.add(new Document(stored).append("n", 1L));
        DocumentChecksum otherScale = new DocumentChecksum();
        otherScale.add(new Document(stored).append("d", new BigDecimal("1.5")));
        assertThat(longInstead.hex()).isNotEqualTo(left.hex());
        assertThat(otherScale.hex()).isNotEqualTo(left.hex());
    }

    @Test
    void refusesBadArgumentsAndAForeignTargetAndLeavesItUnchanged() {
        Path file = populatedStore();

        Cli.Result badBatch = Cli.run("migrate", file.toString(), uri, "--batch-size", "0");
        assertThat(badBatch.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBatch.err()).contains("--batch-size must be 1 to 100000 but was 0");
        Cli.Result badUri = Cli.run("migrate", file.toString(), "http://example.org");
        assertThat(badUri.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUri.err()).contains("not a MongoDB connection string: http://example.org");
        Cli.Result unknown = Cli.run("migrate", file.toString(), uri, "--collections", "people,nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no collection 'nope'");

        target("shop").getCollection("people").insertOne(new org.bson.Document("_id", "someone-else"));
        Cli.Result foreign = Cli.run("migrate", file.toString(), uri, "--database", "shop");
        assertThat(foreign.exitCode()).as(foreign.toString()).isEqualTo(ExitCodes.STORE);
        assertThat(foreign.err()).contains("collection 'people' on the server already holds documents");
        assertThat(target("shop").getCollection("people").countDocuments()).isEqualTo(1);

        Cli.Result unreachable = Cli.run("migrate", file.toString(),
                "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(unreachable.err()).contains("tetherdb migrate: MongoDB at 127.0.0.1:1/tetherdb: ");
    }

    @Test
    void refusesAStoreWhoseDocumentsAlreadyUseTheExpiryField() {
        Path file = dir.resolve("clash.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.collection("events").put(Map.of("_id", "e", MigrateCommand.EXPIRY_FIELD, "tomorrow"));
        }
        Cli.Result result = Cli.run("migrate", file.toString(), uri);
        assertThat(result.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(result.err()).contains("collection 'events' has documents with a field _expiresAt");
        assertThat(target(MigrateCommand.DEFAULT_DATABASE).getCollection("events").countDocuments()).isZero();
    }

    @Test
    void migratesAnEncryptedStoreWithThePasswordFromTheEnvironment() {
        Path file = dir.resolve("secret.db");
        try (TetherDB db = TetherDB.builder().path(file).encryption("pw".toCharArray(),
                EncryptionOptions.defaults().memoryKiB(64).iterations(1)).open()) {
            db.collection("notes").put(Map.of("_id", "n1", "text", "hello"));
        }
        Cli.Result result = Cli.runWithEnvironment(Map.of("PW", "pw"), "migrate", file.toString(), uri,
                "--password-env", "PW");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(target(MigrateCommand.DEFAULT_DATABASE).getCollection("notes").find().first())
                .isEqualTo(new org.bson.Document("_id", "n1").append("text", "hello"));
    }

    @Test
    void resumesPastIdsWhoseStoreOrderDiffersFromCodePointOrder() {
        Path file = dir.resolve("ids.db");
        // U+E000 sorts after a surrogate pair in UTF-16 (the store) but before it in code points
        List<String> ids = List.of("a", "b\uE000", "b\uD83D\uDE00", "c", "d\uE000x", "e");
        try (TetherDB db = TetherDB.open(file)) {
            for (String id : ids) {
                db.collection("odd").put(new Document("_id", id).append("id", id));
            }
        }
        Cli.Result stopped = Cli.run("migrate", file.toString(), uri, "--batch-size", "2", "--stop-after-batches", "1");
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(ExitCodes.PROBLEMS);

        Cli.Result resumed = Cli.run("migrate", file.toString(), uri, "--batch-size", "2");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("odd: verified 6 documents");
        assertThat(MigrateCommand.resumeBound("abc")).isEqualTo("abc\0");
        assertThat(MigrateCommand.resumeBound("b\uE000")).isEqualTo("b");
    }
}
