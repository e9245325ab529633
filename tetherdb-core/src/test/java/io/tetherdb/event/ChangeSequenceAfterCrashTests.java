package io.tetherdb.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tetherdb.CopyOptions;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherDBBuilder;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.error.StoreNeedsRecoveryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequence numbers across unclean shutdowns. A crash is simulated in-process by copying the file of
 * an open store that commits only on {@code flush()}: the copy holds what a kill -9 would leave
 * (the {@code crash} package kills real child JVMs).
 */
@ExtendWith(TetherTestExtension.class)
class ChangeSequenceAfterCrashTests {

    private static final long JUMP = 1L << 32;

    @TempDir
    Path directory;

    private static TetherDBBuilder store(Path file, boolean history) {
        return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).flushThreshold(Integer.MAX_VALUE)
                .flushInterval(Duration.ZERO)
                .changeHistory(history ? ChangeHistory.retain(1000, Duration.ofDays(1)) : ChangeHistory.off());
    }

    /**
     * Writes a and b and flushes (changes 1 and 2), then c and d (3 and 4, delivered to a
     * subscriber), and copies the file as a crash would leave it: without c and d.
     */
    /** Copies an open store's file and its write-ahead log, as a kill of the process would leave them. */
    private static void copyAsACrashLeavesIt(Path file, Path copy) throws java.io.IOException {
        Files.copy(file, copy);
        Path log = Path.of(file + ".wal");
        if (Files.exists(log)) {
            Files.copy(log, Path.of(copy + ".wal"));
        }
    }

    private Path crashImage(String name, boolean history) throws Exception {
        Path file = directory.resolve(name + "-live.db");
        Path image = directory.resolve(name + ".db");
        try (TetherDB db = store(file, history).open()) {
            db.put(Map.of("i", 1), PutOptions.id("a"));
            db.put(Map.of("i", 2), PutOptions.id("b"));
            db.flush();
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(listener)) {
                db.put(Map.of("i", 3), PutOptions.id("c"));
                db.put(Map.of("i", 4), PutOptions.id("d"));
                assertThat(listener.await(2)).extracting(ChangeEvent::sequence).containsExactly(3L, 4L);
            }
            copyAsACrashLeavesIt(file, image);
        }
        return image;
    }

    /**
     * An index build removes the expired documents it meets outside any write operation, so outside
     * the write-ahead log; when the build then fails, the store checkpoints, so that those removals
     * and their change events survive a kill like the writes logged after them.
     */
    @Test
    void theExpiriesOfAFailedIndexBuildSurviveAKill() throws Exception {
        io.tetherdb.MutableClock clock = io.tetherdb.MutableClock.startingAt("2030-01-01T00:00:00Z");
        Path file = directory.resolve("build.db");
        Path image = directory.resolve("build-crashed.db");
        try (TetherDB db = store(file, true).clock(clock).open()) {
            io.tetherdb.TetherCollection items = db.collection("items");
            items.put(Map.of("k", 1), PutOptions.id("a"));
            items.put(Map.of("k", 1), PutOptions.id("b"));
            items.put(Map.of("k", 2), PutOptions.id("old").ttl(Duration.ofMinutes(1)));
            db.flush();
            clock.advance(Duration.ofMinutes(5));
            assertThatExceptionOfType(io.tetherdb.error.DuplicateKeyException.class)
                    .isThrownBy(() -> items.createIndex(io.tetherdb.index.IndexDefinition.ascending("k").unique()));
            items.put(Map.of("k", 3), PutOptions.id("after"));
            db.flush();
            copyAsACrashLeavesIt(file, image);
        }
        try (TetherDB db = store(image, true).clock(clock).open()) {
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(0), listener)) {
                assertThat(listener.await(5)).extracting(ChangeEvent::kind).containsExactly(ChangeKind.INSERT,
                        ChangeKind.INSERT, ChangeKind.INSERT, ChangeKind.EXPIRE, ChangeKind.INSERT);
            }
            assertThat(db.collection("items").get("after")).isPresent();
        }
    }

    @Test
    void aCleanReopenGoesOnWithoutAJump() {
        Path file = directory.resolve("clean.db");
        try (TetherDB db = store(file, true).open()) {
            db.put(Map.of("i", 1));
            db.put(Map.of("i", 2));
            db.put(Map.of("i", 3));
        }
        try (TetherDB db = store(file, true).open()) {
            assertThat(db.changeSequence()).isEqualTo(3);
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(1), listener)) {
                db.put(Map.of("i", 4));
                assertThat(listener.await(3)).extracting(ChangeEvent::sequence).containsExactly(2L, 3L, 4L);
            }
        }
        try (TetherDB db = store(file, false).open()) {
            assertThat(db.changeSequence()).isEqualTo(4);
        }
    }

    @Test
    void anUncleanShutdownMovesTheSequenceOnPastEveryNumberItMayHaveGiven() throws Exception {
        Path image = crashImage("crashed", true);
        try (TetherDB db = store(image, true).open()) {
            assertThat(db.get("c")).isEmpty();
            assertThat(db.changeSequence()).isEqualTo(2 + JUMP);
            RecordingListener afterLost = new RecordingListener();
            RecordingListener afterKept = new RecordingListener();
            RecordingListener earlier = new RecordingListener();
            try (ChangeSubscription lost = db.watch(WatchOptions.defaults().resumeAfter(4), afterLost);
                    ChangeSubscription kept = db.watch(WatchOptions.defaults().resumeAfter(2), afterKept);
                    ChangeSubscription first = db.watch(WatchOptions.defaults().resumeAfter(1), earlier)) {
                db.put(Map.of("i", 5), PutOptions.id("e"));
                assertThat(afterLost.await(1)).extracting(ChangeEvent::sequence).containsExactly(3 + JUMP);
                assertThat(afterLost.events.get(0).documentId()).isEqualTo("e");
                assertThat(afterKept.await(1)).extracting(ChangeEvent::sequence).containsExactly(3 + JUMP);
                assertThat(earlier.await(2)).extracting(ChangeEvent::documentId).containsExactly("b", "e");
                assertThat(lost.lastDeliveredSequence()).isEqualTo(3 + JUMP);
            }
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(4 + JUMP), event -> { }))
                    .withMessageContaining("Cannot resume after change " + (4 + JUMP))
                    .withMessageContaining("its last change is " + (3 + JUMP));
            assertThat(db.verify().isClean()).isTrue();
        }
        try (TetherDB db = store(image, true).open()) {
            assertThat(db.changeSequence()).as("closed cleanly: no jump").isEqualTo(3 + JUMP);
        }
    }

    @Test
    void aSecondCrashBeforeAnyCommitExtendsTheLostRange() throws Exception {
        Path image = crashImage("twice", true);
        Path again = directory.resolve("twice-again.db");
        try (TetherDB db = store(image, true).open()) {
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(listener)) {
                db.put(Map.of("i", 5), PutOptions.id("e"));
                assertThat(listener.await(1)).extracting(ChangeEvent::sequence).containsExactly(3 + JUMP);
            }
            copyAsACrashLeavesIt(image, again);
        }
        try (TetherDB db = store(again, true).open()) {
            assertThat(db.get("e")).isEmpty();
            assertThat(db.changeSequence()).isEqualTo(2 + 2 * JUMP);
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(4), listener)) {
                db.put(Map.of("i", 6), PutOptions.id("f"));
                assertThat(listener.await(1)).extracting(ChangeEvent::sequence).containsExactly(3 + 2 * JUMP);
            }
        }
    }

    @Test
    void aReadOnlyOpenOfACrashedStoreWithLoggedWritesRefusesAndChangesNothing() throws Exception {
        Path image = crashImage("read-only", true);
        Path log = Path.of(image + ".wal");
        byte[] bytes = Files.readAllBytes(image);
        byte[] logBytes = Files.readAllBytes(log);
        assertThatExceptionOfType(StoreNeedsRecoveryException.class)
                .isThrownBy(() -> store(image, true).readOnly(true).open())
                .withMessageContaining("its write-ahead log " + log + " holds 2 write operations that the file does not")
                .satisfies(e -> assertThat(e.operations()).isEqualTo(2));
        assertThat(Files.readAllBytes(image)).as("the file is unchanged").isEqualTo(bytes);
        assertThat(Files.readAllBytes(log)).as("the log is unchanged").isEqualTo(logBytes);
        try (TetherDB db = store(image, true).open()) {
            assertThat(db.changeSequence()).isEqualTo(2 + JUMP);
            assertThat(db.get("a")).isPresent();
            assertThat(db.get("b")).isPresent();
        }
        assertThat(log).as("a clean close leaves no log").doesNotExist();
        try (TetherDB db = store(image, true).readOnly(true).open()) {
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(0), listener)) {
                assertThat(listener.await(2)).extracting(ChangeEvent::documentId).containsExactly("a", "b");
            }
        }
    }

    @Test
    void withoutHistoryAResumeAfterALostNumberMissesNothingUntilTheNextChange() throws Exception {
        Path image = crashImage("no-history", false);
        try (TetherDB db = store(image, false).open()) {
            assertThat(db.changeSequence()).isEqualTo(2 + JUMP);
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(4), listener)) {
                assertThat(subscription.lastDeliveredSequence()).isEqualTo(2 + JUMP);
                db.put(Map.of("i", 5), PutOptions.id("e"));
                assertThat(listener.await(1)).extracting(ChangeEvent::sequence).containsExactly(3 + JUMP);
            }
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(4), event -> { }))
                    .withMessageContaining("Cannot resume after change 4")
                    .withMessageContaining("keeps no change history")
                    .withMessageContaining("has made 1 change(s) since")
                    .satisfies(e -> assertThat(e.requested()).isEqualTo(4))
                    .satisfies(e -> assertThat(e.current()).isEqualTo(3 + JUMP));
        }
    }

    @Test
    void aResumePointInALostRangeNeedsOnlyTheHistoryAfterTheRange() throws Exception {
        Path file = directory.resolve("pruned-live.db");
        Path image = directory.resolve("pruned.db");
        try (TetherDB db = TetherDB.builder().path(file).flushThreshold(Integer.MAX_VALUE).flushInterval(Duration.ZERO)
                .changeHistory(ChangeHistory.retain(2, Duration.ofDays(1))).open()) {
            db.put(Map.of("i", 1));
            db.flush();
            db.put(Map.of("i", 2));
            copyAsACrashLeavesIt(file, image);
        }
        try (TetherDB db = TetherDB.builder().path(image).changeHistory(ChangeHistory.retain(2, Duration.ofDays(1)))
                .open()) {
            db.put(Map.of("i", 3), PutOptions.id("x"));
            db.put(Map.of("i", 4), PutOptions.id("y"));
            // the history holds only the two changes since the reopen, yet nothing after 2 is missing
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(2), listener)) {
                assertThat(listener.await(2)).extracting(ChangeEvent::documentId).containsExactly("x", "y");
            }
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                    .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(0), event -> { }))
                    .withMessageContaining("begins at change " + (2 + JUMP));
        }
    }

    @Test
    void compactionInPlaceIsNoUncleanShutdown() {
        Path file = directory.resolve("compacted.db");
        try (TetherDB db = store(file, true).open()) {
            db.put(Map.of("i", 1));
            db.put(Map.of("i", 2));
        }
        TetherDB.compactInPlace(file, CopyOptions.defaults());
        try (TetherDB db = store(file, true).open()) {
            assertThat(db.changeSequence()).isEqualTo(2);
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(0), listener)) {
                assertThat(listener.await(2)).extracting(ChangeEvent::sequence).containsExactly(1L, 2L);
            }
        }
    }

    @Test
    void aBackupOpensAsACrashedStoreWouldSinceItsOriginalGoesOnNumbering() {
        Path copy = directory.resolve("backup.db");
        try (TetherDB db = store(directory.resolve("original.db"), true).open()) {
            db.put(Map.of("i", 1), PutOptions.id("a"));
            db.backup(copy);
            db.put(Map.of("i", 2), PutOptions.id("b"));
        }
        try (TetherDB db = store(copy, true).open()) {
            assertThat(db.changeSequence()).isEqualTo(1 + JUMP);
            RecordingListener listener = new RecordingListener();
            try (ChangeSubscription subscription = db.watch(WatchOptions.defaults().resumeAfter(2), listener)) {
                db.put(Map.of("i", 3), PutOptions.id("c"));
                assertThat(listener.await(1)).extracting(ChangeEvent::documentId).containsExactly("c");
                assertThat(List.copyOf(listener.events)).extracting(ChangeEvent::sequence).containsExactly(2 + JUMP);
            }
        }
    }
}
