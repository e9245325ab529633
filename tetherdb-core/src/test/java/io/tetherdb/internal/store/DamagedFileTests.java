package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for what {@link CorruptFileTests} found, one deterministic damage each, and for
 * reading files of format 1, written before pages carried checksums.
 */
@ExtendWith(TetherTestExtension.class)
class DamagedFileTests {

    private static final String MARKER = "marker-value-0123456789";

    @TempDir
    Path dir;

    private Path writeStore() {
        Path file = dir.resolve("store.db");
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection people = db.collection("people");
            people.createIndex(IndexDefinition.ascending("name"));
            people.put(Map.of("name", MARKER, "age", 40), PutOptions.id("marked"));
            // enough documents for several leaf pages: the marked one is not in a root page,
            // which MVStore reads when it opens a map
            for (int i = 0; i < 300; i++) {
                people.put(Map.of("name", "n" + i, "age", i), PutOptions.id("p" + i));
            }
        }
        return file;
    }

    /** Before: MVStore checks only page headers, so the changed string came back as stored. */
    @Test
    void flippedByteInStoredValueIsReportedNotReturned() throws IOException {
        Path file = writeStore();
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, MARKER.getBytes(StandardCharsets.UTF_8));
        assertThat(at).as("marker in the file").isPositive();
        // the last copy of the value is the newest one; damage every copy
        for (int i = at; i >= 0; i = indexOf(bytes, MARKER.getBytes(StandardCharsets.UTF_8), i + 1)) {
            bytes[i + 7] ^= 0x04;
        }
        Files.write(file, bytes);

        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection people = db.collection("people");
            assertThatExceptionOfType(CorruptStoreException.class)
                    .isThrownBy(() -> people.get("marked"))
                    .withMessageContaining(file.toAbsolutePath().toString())
                    .withMessageContaining("document 'marked' of collection 'people'")
                    .withMessageContaining("checksum mismatch");
            assertThatExceptionOfType(CorruptStoreException.class)
                    .isThrownBy(() -> people.find().toList())
                    .withMessageContaining("the documents of collection 'people'");
            // the index holds the value too, as a key: its page is checked as well
            assertThatExceptionOfType(CorruptStoreException.class)
                    .isThrownBy(() -> people.find(Filters.eq("name", MARKER)).toList())
                    .withMessageContaining("index");
        }
    }

    /**
     * Before: MVStore fell back to the newest chunk it could read, here none, and TetherDB then
     * initialized an empty store over the file.
     */
    @Test
    void fileCutAfterItsHeaderIsRefusedNotOpenedEmpty() throws IOException {
        Path file = writeStore();
        byte[] bytes = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(bytes, 2 * 4096 + 100);
        Files.write(file, cut);

        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> TetherDB.open(file))
                .withMessageContaining(file.toAbsolutePath().toString())
                .withMessageContaining("the newest data is damaged or missing");
        assertThat(Files.readAllBytes(file)).as("the damaged file is left as it was").isEqualTo(cut);
    }

    /**
     * Before: damage to a chunk header or to MVStore's map directory (neither checksummed by us)
     * could make MVStore lose a map; opening the collection then created it empty, and the
     * collection read back with no documents and a clean verify(). Simulated here by removing the
     * map through MVStore, the metadata left as it was.
     */
    @Test
    void collectionWhoseMapMvStoreLostIsRefusedNotOpenedEmpty() {
        Path file = writeStore();
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            store.removeMap("docs:people");
        } finally {
            store.close();
        }

        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> TetherDB.open(file))
                .withMessageContaining(file.toAbsolutePath().toString())
                .withMessageEndingWith("map 'docs:people' of collection 'people' is missing");
    }

    /**
     * Before: when the newest chunk's middle never reached the disk (a torn write whose sectors
     * landed out of order; PowerLossTests, seed 2003, TEAR_SCATTERED), MVStore read a store with
     * no maps at all, and TetherDB initialized it as a new, empty store over the data. Simulated
     * here by removing every map through MVStore.
     */
    @Test
    void fileWhoseMapsMvStoreAllLostIsRefusedNotInitializedEmpty() {
        Path file = writeStore();
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            for (String map : store.getMapNames()) {
                store.removeMap(map);
            }
        } finally {
            store.close();
        }

        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> TetherDB.open(file))
                .withMessageContaining(file.toAbsolutePath().toString())
                .withMessageEndingWith("but no TetherDB metadata: the newest data is damaged or missing");
    }

    /** Before: a damaged key count made MVStore allocate the array it claimed, up to 2^31 entries. */
    @Test
    void pageClaimingTooManyEntriesIsRefusedBeforeAllocating() {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> CheckedDataType.BYTES.createStorage(Integer.MAX_VALUE))
                .withMessage("Page claims to hold 2147483647 entries");
        assertThat(CheckedDataType.STRING.createStorage(48)).hasSize(48);
    }

    @Test
    void formatOneFileIsStillReadAndWrittenWithoutChecksums() throws IOException {
        Path file = dir.resolve("format1.db");
        byte[] record = new RecordFormat(false, 256).pack(
                DocumentCodec.encode("old", Map.of("name", "from format 1"), null), RecordFormat.NEVER);
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        try {
            MVMap<String, String> meta = store.openMap("tether:meta", new MVMap.Builder<String, String>()
                    .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
            meta.put("format.version", "1");
            meta.put("collection:people", "{\"created\":1}");
            store.openMap("docs:people", new MVMap.Builder<String, byte[]>()
                    .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)).put("old", record);
            store.openMap("expiry:people", new MVMap.Builder<byte[], byte[]>()
                    .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        } finally {
            store.close();
        }

        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection people = db.collection("people");
            assertThat(people.get("old")).contains(new Document().append("_id", "old").append("name", "from format 1"));
            people.put(Map.of("name", "written later"), PutOptions.id("new"));
            assertThat(db.verify().isClean()).isTrue();
        }
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.collection("people").count()).isEqualTo(2);
        }
        MVStore reopened = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertThat(reopened.getMapNames()).contains("tether:meta").doesNotContain("tether:meta2");
            assertThat(reopened.openMap("docs:people", new MVMap.Builder<String, byte[]>()
                    .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)).get("new"))
                    .as("still written without checksums, readable by format-1 versions").isNotNull();
        } finally {
            reopened.close();
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        return indexOf(bytes, part, 0);
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        outer:
        for (int i = from; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
