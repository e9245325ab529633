package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TetherDB#lastCommitTime()}: the store clock's time of the last commit written to the file,
 * kept across reopening and readable from a read-only open, as tools such as {@code tetherdb info}
 * show it.
 */
@ExtendWith(TetherTestExtension.class)
class LastCommitTimeTests {

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.startingAt("2026-03-01T10:00:00Z");

    @Test
    void aNewStoreHasNoCommitUntilItsFirstWriteIsCommitted() {
        Path file = directory.resolve("new.db");
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).open()) {
            assertThat(db.lastCommitTime()).isEmpty();
            db.put(json("{_id: 'a'}"));
            clock.advance(Duration.ofMinutes(5));
            db.flush();
            assertThat(db.lastCommitTime()).contains(Instant.parse("2026-03-01T10:05:00Z"));
        }
    }

    @Test
    void theTimeOfTheLastCommitSurvivesReopeningAndIsReadReadOnly() {
        Path file = directory.resolve("kept.db");
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).open()) {
            db.put(json("{_id: 'a'}"));
            db.flush();
            clock.advance(Duration.ofHours(2));
            // committed by close, not by a flush
            db.put(json("{_id: 'b'}"));
        }
        clock.advance(Duration.ofDays(3));
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).readOnly(true).open()) {
            assertThat(db.lastCommitTime()).contains(Instant.parse("2026-03-01T12:00:00Z"));
        }
        // opening and closing without writing leaves the recorded time alone
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).open()) {
            assertThat(db.count()).isEqualTo(2);
        }
        try (TetherDB db = TetherDB.builder().path(file).clock(clock).readOnly(true).open()) {
            assertThat(db.lastCommitTime()).contains(Instant.parse("2026-03-01T12:00:00Z"));
        }
    }

    @Test
    void anInMemoryStoreRecordsNoCommitTime() {
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).open()) {
            db.put(json("{_id: 'a'}"));
            db.flush();
            assertThat(db.lastCommitTime()).isEmpty();
        }
    }
}
