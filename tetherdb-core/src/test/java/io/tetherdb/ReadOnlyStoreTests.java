package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code readOnly(true)}: the store reads what was written before, through the same API, and every
 * write is refused when called, leaving the file byte for byte as it was.
 */
@ExtendWith(TetherTestExtension.class)
class ReadOnlyStoreTests {

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private Path file;

    @BeforeEach
    void writeAStore() {
        file = directory.resolve("readings.db");
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).open()) {
            db.put(json("{_id: 'a', name: 'Ann', age: 31}"));
            db.put(json("{_id: 'b', name: 'Bob', age: 17}"), PutOptions.defaults().tags("minor"));
            db.put(json("{_id: 'short', name: 'Tmp', age: 50}"), PutOptions.defaults().ttl(Duration.ofSeconds(10)));
            TetherCollection sensors = db.collection("sensors");
            for (int i = 0; i < 50; i++) {
                sensors.put(json("{_id: 's" + i + "', room: 'r" + (i % 5) + "', value: " + i + "}"));
            }
            sensors.createIndex(IndexDefinition.ascending("room").thenAscending("value"));
            sensors.createIndex("{value: 1}");
        }
    }

    private TetherDB openReadOnly() {
        return TetherDB.builder().path(file).clock(clock).readOnly(true).open();
    }

    @Test
    void readsQueriesAndIndexesSeeWhatWasWritten() {
        try (TetherDB db = openReadOnly()) {
            assertThat(db.options().readOnly()).isTrue();
            assertThat(db.get("a")).map(d -> d.getString("name")).contains("Ann");
            assertThat(db.count()).isEqualTo(3);
            assertThat(db.query("{_tags: {$contains: 'minor'}}")).extracting(Document::getId).containsExactly("b");
            assertThat(db.find(Filters.gte("age", 18)).sort("{age: -1}").toList()).extracting(Document::getId)
                    .containsExactly("short", "a");
            assertThat(db.collectionNames()).containsExactly("default", "sensors");

            TetherCollection sensors = db.collection("sensors");
            assertThat(sensors.listIndexes()).extracting(status -> status.definition().name())
                    .containsExactly("room_1_value_1", "value_1");
            FindQuery inRoom = sensors.find("{room: 'r2', value: {$gte: 20}}");
            Explanation explanation = inRoom.explain();
            assertThat(explanation.stage()).isEqualTo("IXSCAN");
            assertThat(explanation.index()).isEqualTo("room_1_value_1");
            assertThat(explanation.keysExamined()).isEqualTo(6);
            assertThat(sensors.find("{room: 'r2', value: {$gte: 20}}").toList()).extracting(Document::getId)
                    .containsExactly("s22", "s27", "s32", "s37", "s42", "s47");
            assertThat(sensors.find("{value: {$lt: 3}}").explainCount().index()).isEqualTo("value_1");
            assertThat(sensors.count(Filters.lt("value", 3))).isEqualTo(3);
            try (var stream = sensors.stream("{room: 'r0'}")) {
                assertThat(stream.count()).isEqualTo(10);
            }

            assertThat(db.verify().isClean()).isTrue();
            TetherStatistics statistics = db.statistics();
            assertThat(statistics.collections()).containsExactly(new TetherStatistics.CollectionCount("default", 3),
                    new TetherStatistics.CollectionCount("sensors", 50));
            assertThat(statistics.fileSize()).isEqualTo(fileSize());
            assertThat(statistics.commits()).isZero();
        }
    }

    @Test
    void everyWriteIsRefusedWhenCalledNamingItAndTheFile() throws IOException {
        FileState before = FileState.of(file);
        try (TetherDB db = openReadOnly()) {
            TetherCollection sensors = db.collection("sensors");
            Map<String, Runnable> writes = new LinkedHashMap<>();
            writes.put("put", () -> db.put(json("{x: 1}")));
            writes.put("put ", () -> sensors.put(json("{x: 1}"), PutOptions.id("new")));
            writes.put("putBatch", () -> db.putBatch(List.of(json("{x: 1}"))));
            writes.put("putBatch ", () -> sensors.putBatch(List.of(json("{x: 1}")), d -> PutOptions.defaults()));
            writes.put("replace", () -> db.replace("a", json("{name: 'Ann2'}")));
            writes.put("replaceIf", () -> db.collection("default").replaceIf("a", Filters.eq("age", 31),
                    json("{name: 'Ann2'}"), PutOptions.defaults()));
            writes.put("save", () -> db.save(json("{_id: 'a', name: 'Ann3'}")));
            writes.put("delete", () -> db.delete("a"));
            writes.put("deleteIf", () -> sensors.deleteIf("s1", Filters.eq("value", 1)));
            writes.put("deleteBatch", () -> db.deleteBatch(List.of("a", "b")));
            writes.put("deleteBatch ", () -> sensors.deleteBatch(List.of("s1"), Filters.eq("value", 1)));
            writes.put("deleteMany", () -> sensors.deleteMany(Filters.lt("value", 10)));
            writes.put("deleteMany  ", () -> sensors.deleteMany(Filters.lt("value", 10), Duration.ofSeconds(1)));
            writes.put("deleteBatch  ", () -> sensors.deleteBatch(List.of("s1"), Filters.eq("value", 1),
                    Duration.ofSeconds(1)));
            writes.put("drop", sensors::drop);
            writes.put("dropCollection", () -> db.dropCollection("sensors"));
            writes.put("createIndex", () -> sensors.createIndex("{room: -1}"));
            writes.put("createIndex ", () -> db.collection("new").createIndex(IndexDefinition.ascending("x")));
            writes.put("dropIndex", () -> sensors.dropIndex("value_1"));
            writes.put("rebuildIndex", () -> sensors.rebuildIndex("value_1"));
            writes.put("cleanup", db::cleanup);
            writes.put("compact", db::compact);
            writes.forEach((operation, write) -> assertThatExceptionOfType(ReadOnlyStoreException.class)
                    .as(operation).isThrownBy(write::run)
                    .withMessage("Cannot " + operation.strip() + ": TetherDB store " + file
                            + " is open read-only; nothing was changed")
                    .satisfies(e -> {
                        assertThat(e.operation()).isEqualTo(operation.strip());
                        assertThat(e.path()).isEqualTo(file);
                    }));
            // even a write that would change nothing is refused: the answer must not depend on the data
            assertThatExceptionOfType(ReadOnlyStoreException.class).isThrownBy(() -> db.deleteBatch(List.of()));
            assertThatExceptionOfType(ReadOnlyStoreException.class).isThrownBy(() -> db.put(null));

            db.flush();
            assertThat(db.count()).isEqualTo(3);
            assertThat(db.collection("sensors").listIndexes()).hasSize(2);
            assertThat(db.collectionNames()).containsExactly("default", "sensors");
            assertThat(db.statistics().documentWrites()).isZero();
        }
        assertThat(FileState.of(file)).isEqualTo(before);
    }

    @Test
    void expiredDocumentsAreInvisibleButNotRemoved() throws IOException {
        FileState before = FileState.of(file);
        clock.advance(Duration.ofMinutes(1));
        try (TetherDB db = openReadOnly()) {
            assertThat(db.get("short")).isEmpty();
            assertThat(db.count()).isEqualTo(2);
            assertThat(db.query("{age: {$gte: 18}}")).extracting(Document::getId).containsExactly("a");
            assertThat(db.statistics().expiredRemoved()).isZero();
        }
        assertThat(FileState.of(file)).isEqualTo(before);
    }

    @Test
    void noBackgroundThreadRuns() {
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).readOnly(true).flushInterval(Duration.ofMillis(10))
                .cleanupInterval(Duration.ofMillis(10)).open()) {
            assertThat(db.count()).isEqualTo(3);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("tetherdb-maintenance-") && name.endsWith("-readings.db"));
        }
    }

    @Test
    void aReadOnlyStoreNeedsAnExistingStoreFile() throws IOException {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TetherDB.builder().inMemory().readOnly(true).open())
                .withMessageContaining("readOnly needs a store file (path) but the store is in-memory");

        Path missing = directory.resolve("missing.db");
        assertThatExceptionOfType(StoreNotFoundException.class)
                .isThrownBy(() -> TetherDB.builder().path(missing).readOnly(true).open())
                .withMessage("cannot open " + missing + " read-only: it does not exist"
                        + " (a read-only open never creates a store)")
                .satisfies(e -> assertThat(e.path()).isEqualTo(missing));
        assertThat(missing).doesNotExist();

        assertThatExceptionOfType(StoreNotFoundException.class)
                .isThrownBy(() -> TetherDB.builder().path(directory).readOnly(true).open())
                .withMessageContaining("it is a directory");

        Path empty = Files.createFile(directory.resolve("empty.db"));
        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> TetherDB.builder().path(empty).readOnly(true).open())
                .withMessageContaining("it is empty");
        assertThat(empty).isEmptyFile();
    }

    @Test
    void aFileOpenInThisProcessCannotBeOpenedAgainEvenReadOnly() {
        try (TetherDB writer = TetherDB.builder().path(file).clock(clock).open()) {
            assertThatExceptionOfType(StoreLockedException.class).isThrownBy(this::openReadOnly);
            assertThat(writer.count()).isEqualTo(3);
        }
        try (TetherDB reader = openReadOnly()) {
            assertThatExceptionOfType(StoreLockedException.class).isThrownBy(this::openReadOnly);
            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.builder().path(file).clock(clock).open());
            assertThat(reader.count()).isEqualTo(3);
        }
    }

    @Test
    void aClosedReadOnlyStoreSaysClosedRatherThanReadOnly() {
        TetherDB db = openReadOnly();
        db.close();
        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> db.put(json("{x: 1}")));
    }

    private long fileSize() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a read-only session must leave as it was. */
    private record FileState(String content, FileTime modified) {
        static FileState of(Path file) throws IOException {
            return new FileState(HexFormat.of().formatHex(Files.readAllBytes(file)), Files.getLastModifiedTime(file));
        }
    }
}
