package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.TetherException;
import io.tetherdb.internal.store.FaultyDisk.Loss;
import io.tetherdb.internal.store.FaultyDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What flush() acknowledges when the disk fails or the background sync runs: regressions found by the fault suites. */
@ExtendWith(TetherTestExtension.class)
class FlushFailureTests {

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.startingAt("2030-01-01T00:00:00Z");

    /**
     * Regression: when the caller leading a group commit failed to fsync, the callers waiting for
     * it were told their writes were on the disk, and returned from flush() normally.
     */
    @Test
    void aFlushWaitingForAFailedFsyncFailsToo() throws Exception {
        Path file = directory.resolve("group.db");
        try (FaultyDisk disk = FaultyDisk.create();
                TetherDB db = FaultWorkload.open(FaultWorkload.options(file, clock), disk.opener())) {
            db.put(Map.of("a", 1), PutOptions.id("a"));
            AtomicReference<Throwable> waiterOutcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    db.flush();
                    waiterOutcome.set(new AssertionError("the waiting flush() returned"));
                } catch (Throwable e) {
                    waiterOutcome.set(e);
                }
            });
            disk.failForce(1);
            disk.beforeNextForce(() -> {
                // the leader is syncing: a second flush() now waits for it
                waiter.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            });

            assertThatExceptionOfType(StoreFailedException.class).isThrownBy(db::flush)
                    .withMessageContaining("during fsync of the write-ahead log because of")
                    .withMessageContaining("Injected failure of fsync #");
            waiter.join(10_000);
            assertThat(waiterOutcome.get()).isInstanceOf(StoreFailedException.class)
                    .hasMessageContaining("during fsync");
        }
    }

    /**
     * Regression: the background sync marked every write so far as on the disk, including writes
     * made since the last commit, so a flush() after it returned without committing them.
     */
    @Test
    void aFlushAfterABackgroundSyncCommitsTheWritesSinceTheLastCommit() throws Exception {
        Path file = directory.resolve("background.db");
        TetherOptions options = TetherDB.builder().path(file).clock(clock).flushThreshold(2)
                .flushInterval(Duration.ZERO).cleanupInterval(Duration.ZERO).options();
        try (FaultyDisk disk = FaultyDisk.create();
                TetherDB db = FaultWorkload.open(options, disk.opener())) {
            db.put(Map.of("n", 1), PutOptions.id("one"));
            db.put(Map.of("n", 2), PutOptions.id("two"));
            db.put(Map.of("n", 3), PutOptions.id("three"));
            int forces = disk.forces();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // the commit of the first two is synced by the background once it is half a second old
            while (disk.forces() == forces && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(disk.forces()).as("background syncs").isGreaterThan(forces);

            db.flush();

            Path crashed = directory.resolve("crashed.db");
            disk.writeImages(disk.moment(), Loss.DROP_UNSYNCED, new Random(1), crashed);
            try (TetherDB reopened = TetherDB.open(crashed)) {
                assertThat(reopened.get("three")).as("a flushed write after a power loss").isPresent();
            }
        }
    }

    @Test
    void aFailedStoreSaysWhenAndWhyAndCloseReleasesTheFile() {
        Path file = directory.resolve("failed.db");
        try (FaultyDisk disk = FaultyDisk.create()) {
            TetherDB db = FaultWorkload.open(FaultWorkload.options(file, clock), disk.opener());
            db.put(Map.of("a", 1), PutOptions.id("a"));
            db.flush();
            db.put(Map.of("b", 2), PutOptions.id("b"));
            disk.failForce(1);
            StoreFailedException failure = org.junit.jupiter.api.Assertions.assertThrows(StoreFailedException.class,
                    db::flush);
            assertThat(failure.path()).isEqualTo(file.toAbsolutePath());
            assertThat(failure.failedAt()).isNotNull();
            assertThat(failure).hasMessageStartingWith("TetherDB store " + file.toAbsolutePath() + " failed at "
                    + failure.failedAt() + " during fsync of the write-ahead log because of java.io.IOException: Injected"
                    + " failure of fsync #")
                    .hasMessageEndingWith("it accepts no further operations and must be closed and reopened"
                            + " (writes that flush() did not acknowledge may be lost)")
                    .isInstanceOf(StoreClosedException.class);
            int forces = disk.forces();
            int writes = disk.writes();

            assertThatExceptionOfType(StoreFailedException.class).isThrownBy(() -> db.get("a"))
                    .withMessage(failure.getMessage());
            assertThatExceptionOfType(StoreFailedException.class).isThrownBy(() -> db.put(Map.of("c", 3)));
            assertThatExceptionOfType(StoreFailedException.class).isThrownBy(db::flush);
            assertThatExceptionOfType(StoreFailedException.class).isThrownBy(db::count);
            assertThat(db.statistics().collections()).isEmpty();
            assertThat(db.isClosed()).isFalse();

            db.close();
            assertThat(db.isClosed()).isTrue();
            assertThat(disk.forces()).as("no fsync is retried, not even on close").isEqualTo(forces);
            assertThat(disk.writes()).as("nothing is written on close").isEqualTo(writes);
            assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> db.get("a"))
                    .withMessageEndingWith(" is closed");
        }
        try (TetherDB reopened = TetherDB.open(file)) {
            assertThat(reopened.get("a")).as("the flushed write").isPresent();
        }
    }

    @Test
    void anIoFailureAtOpenIsATetherExceptionNamingTheFileNotACorruptStore() {
        Path file = directory.resolve("unopenable.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("a", 1));
        }
        try (FaultyDisk disk = FaultyDisk.create()) {
            disk.failOpen(1);
            assertThatExceptionOfType(TetherException.class)
                    .isThrownBy(() -> FaultWorkload.open(FaultWorkload.options(file, clock), disk.opener()))
                    .matches(e -> !(e instanceof CorruptStoreException))
                    .withMessageStartingWith("TetherDB file " + file.toAbsolutePath() + " cannot be opened: Could not open file")
                    .withMessageContaining("Injected failure of open #1");
        }
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.count()).as("the file is released and intact").isEqualTo(1);
        }
    }
}
