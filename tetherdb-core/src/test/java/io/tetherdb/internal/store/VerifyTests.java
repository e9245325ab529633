package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.VerifyReport;
import io.tetherdb.document.Document;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.IndexKeys;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TetherDB#verify()}: clean on stores written through the API, and each kind of damage,
 * made by editing the file's maps directly, is reported with the collection and document named.
 */
@ExtendWith(TetherTestExtension.class)
class VerifyTests {

    private static final IndexDefinition BY_EMAIL = IndexDefinition.ascending("email").unique();
    private static final IndexDefinition BY_TAGS = IndexDefinition.ascending("tags");
    private static final IndexDefinition BY_NICK = IndexDefinition.ascending("nick").sparse();
    /** 2100-01-01 in epoch millis. */
    private static final long GHOST_EXPIRY = 4_102_444_800_000L;

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeStore() {
        file = dir.resolve("verify.db");
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection users = db.collection("users");
            users.createIndex(BY_EMAIL);
            users.createIndex(BY_TAGS);
            users.createIndex(BY_NICK);
            for (int i = 0; i < 50; i++) {
                users.put(Map.of("email", "u" + i + "@x.io", "tags", List.of("t" + i % 3, "all")),
                        PutOptions.id("u" + i));
            }
            users.put(Map.of("email", "nick@x.io", "nick", "n"), PutOptions.id("nick"));
            users.put(Map.of("email", "temp@x.io"), PutOptions.id("temp").ttl(Duration.ofDays(1)));
            db.put(Map.of("note", "x".repeat(2000)), PutOptions.id("big"));
        }
    }

    @Test
    void storeWrittenThroughTheApiIsClean() {
        try (TetherDB db = TetherDB.open(file)) {
            VerifyReport report = db.verify();

            assertThat(report.isClean()).as(report.toString()).isTrue();
            assertThat(report.collections()).isEqualTo(2);
            assertThat(report.documents()).isEqualTo(53);
            // 52 emails; 50 documents with two tags each and a null key for each of the other two;
            // the sparse index holds only the one document with a nick
            assertThat(report.indexEntries()).isEqualTo(52 + 102 + 1);
            assertThat(report.expiryEntries()).isEqualTo(1);
            assertThat(report.toString()).contains("clean");
        }
    }

    @Test
    void inMemoryStoreVerifiesToo() {
        try (TetherDB db = TetherDB.inMemory()) {
            db.collection(TetherDB.DEFAULT_COLLECTION).createIndex("{n: 1}");
            db.put(Map.of("n", 1));
            db.put(Map.of("n", List.of(2, 3)));

            VerifyReport report = db.verify();

            assertThat(report.isClean()).as(report.toString()).isTrue();
            assertThat(report.indexEntries()).isEqualTo(3);
        }
    }

    @Test
    void missingIndexEntryIsReported() {
        tamper(store -> {
            MVMap<byte[], byte[]> index = byteMap(store, indexMapOf(store, "email"));
            index.remove(entryKey(BY_EMAIL, Map.of("email", "u7@x.io"), "u7"));
        });

        assertThat(problems()).containsExactly(
                "collection 'users': index 'email_1' lacks the key {\"email\":\"u7@x.io\"} of document 'u7'",
                "collection 'users': index 'email_1' has 51 entries where the documents give 52");
    }

    @Test
    void entryUnderAKeyTheDocumentDoesNotHoldIsReported() {
        tamper(store -> byteMap(store, indexMapOf(store, "tags"))
                .put(entryKey(BY_TAGS, Map.of("tags", "nope"), "u3"), IndexMap.idBytes("u3")));

        assertThat(problems()).containsExactly(
                "collection 'users': index 'tags_1' has an entry for document 'u3' under a key the document does not hold",
                "collection 'users': index 'tags_1' has 103 entries where the documents give 102");
    }

    @Test
    void entryForAMissingDocumentIsReported() {
        tamper(store -> store.openMap("docs:users", stringKeys()).remove("u9"));

        assertThat(problems()).contains(
                "collection 'users': index 'email_1' has an entry for a missing document 'u9'",
                "collection 'users': index 'tags_1' has an entry for a missing document 'u9'");
    }

    @Test
    void uniqueKeyHeldTwiceIsReported() {
        tamper(store -> byteMap(store, indexMapOf(store, "email"))
                .put(entryKey(BY_EMAIL, Map.of("email", "u1@x.io"), "u2"), IndexMap.idBytes("u2")));

        assertThat(problems()).contains(
                "collection 'users': unique index 'email_1' holds a key twice, the second time for document 'u2'");
    }

    @Test
    void damagedExpiryIndexIsReported() {
        tamper(store -> {
            MVMap<byte[], byte[]> expiry = byteMap(store, "expiry:users");
            byte[] key = expiry.firstKey();
            expiry.remove(key);
            expiry.put(new ExpiryKey(ExpiryKey.fromBytes(key).expiresAt() + 1, "temp").toBytes(), new byte[0]);
            // far in the future, or the sweep at open would remove it as a stale entry
            expiry.put(new ExpiryKey(GHOST_EXPIRY, "ghost").toBytes(), new byte[0]);
        });

        List<String> problems = problems();

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).matches("collection 'users': document 'temp' expires at \\d+ but the expiry index lacks it");
        assertThat(problems.get(1)).matches(
                "collection 'users': expiry index entry for time \\d+ names document 'temp', which expires at \\d+");
        assertThat(problems.get(2)).isEqualTo("collection 'users': expiry index entry for time " + GHOST_EXPIRY
                + " names a missing document 'ghost'");
        assertThat(problems.get(3)).isEqualTo("collection 'users': expiry index has 2 entries for 1 expiring documents");
    }

    @Test
    void undecodableDocumentIsReported() {
        tamper(store -> store.openMap("docs:default", stringKeys()).put("big", new byte[] {0, 9, 9}));

        assertThat(problems()).singleElement().asString()
                .startsWith("collection 'default': document 'big' cannot be decoded: ");
    }

    @Test
    void documentUnderAnotherIdIsReported() {
        tamper(store -> {
            MVMap<String, byte[]> docs = store.openMap("docs:default", stringKeys());
            docs.put("copy", docs.get("big"));
        });

        assertThat(problems()).containsExactly("collection 'default': document stored under 'copy' has _id big");
    }

    @Test
    void multikeyIndexNotMarkedMultikeyIsReported() {
        tamper(store -> {
            MVMap<String, String> meta = store.openMap("tether:meta2", stringValues());
            String key = "index:users" + (char) 0 + "tags_1";
            meta.put(key, meta.get(key).replace("\"multikey\":true", "\"multikey\":false"));
        });

        assertThat(problems()).containsExactly(
                "collection 'users': index 'tags_1' holds arrays but is not marked multikey");
    }

    @Test
    void entryPointingAtAnotherDocumentIsReported() {
        tamper(store -> byteMap(store, indexMapOf(store, "email"))
                .put(entryKey(BY_EMAIL, Map.of("email", "u4@x.io"), "u4"), IndexMap.idBytes("u5")));

        assertThat(problems()).contains(
                "collection 'users': index 'email_1' maps a key of document 'u4' to 'u5'",
                "collection 'users': index 'email_1' has an entry whose key does not end with its document id 'u5'");
    }

    @Test
    void shortExpiryKeyNeitherStopsTheSweepAtOpenNorGoesUnreported() {
        tamper(store -> byteMap(store, "expiry:users").put(new byte[] {1, 2, 3}, new byte[0]));

        assertThat(problems()).containsExactly(
                "collection 'users': expiry index entry [1, 2, 3] is too short",
                "collection 'users': expiry index has 2 entries for 1 expiring documents");
    }

    @Test
    void reportListsAThousandProblemsAndCountsTheRest() {
        tamper(store -> {
            MVMap<String, byte[]> docs = store.openMap("docs:default", stringKeys());
            byte[] damaged = {0, 9, 9};
            for (int i = 0; i < 1200; i++) {
                docs.put("bad" + i, damaged);
            }
        });

        List<String> problems = problems();

        assertThat(problems).hasSize(VerifyReport.MAX_PROBLEMS);
        assertThat(problems.get(problems.size() - 1)).isEqualTo("store: ... and 201 more problems");
    }

    @Test
    void mapTheMetadataDoesNotNameIsReported() {
        tamper(store -> store.openMap("stray", stringValues()).put("a", "b"));

        assertThat(problems()).containsExactly("store: map 'stray' belongs to no collection or index in the metadata");
    }

    @Test
    void verifyingAClosedStoreFails() {
        TetherDB db = TetherDB.open(file);
        db.close();

        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(db::verify);
    }

    // ---- tampering with the file's maps

    private void tamper(Consumer<MVStore> edit) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            edit.accept(store);
            store.commit();
        } finally {
            store.close();
        }
    }

    private List<String> problems() {
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            return db.verify().problems().stream().map(VerifyReport.Problem::toString).toList();
        }
    }

    private static String indexMapOf(MVStore store, String field) {
        MVMap<String, String> meta = store.openMap("tether:meta2", stringValues());
        String info = meta.get("index:users" + (char) 0 + field + "_1");
        return Document.parse(info).getString("map");
    }

    private static byte[] entryKey(IndexDefinition definition, Map<String, ?> document, String id) {
        return IndexMap.entryKey(IndexKeys.of(definition, document).prefixes().get(0), IndexMap.idBytes(id));
    }

    private static MVMap<byte[], byte[]> byteMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<byte[], byte[]>()
                .keyType(CheckedDataType.BYTES).valueType(CheckedDataType.BYTES));
    }

    private static MVMap.Builder<String, byte[]> stringKeys() {
        return new MVMap.Builder<String, byte[]>().keyType(CheckedDataType.STRING).valueType(CheckedDataType.BYTES);
    }

    private static MVMap.Builder<String, String> stringValues() {
        return new MVMap.Builder<String, String>().keyType(CheckedDataType.STRING).valueType(CheckedDataType.STRING);
    }
}
