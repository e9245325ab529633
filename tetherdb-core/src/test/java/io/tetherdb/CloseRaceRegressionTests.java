package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One deterministic test for each way {@code close()} went wrong with operations in flight, found
 * by {@link CloseWhileBusyTests}: each sets up the interleaving that the random runs hit by chance.
 */
@ExtendWith(TetherTestExtension.class)
class CloseRaceRegressionTests {

    @TempDir
    Path directory;

    /**
     * A stream held a snapshot version while later writes committed; MVStore's close then failed
     * its own check that no version is in use ({@code AssertionError: 36 != 51} with assertions
     * on, as in the tests), so close() threw and the store stayed half closed.
     */
    @Test
    void closeWithAnOpenStreamAcrossCommitsClosesAndTheStreamReportsStoreClosed() {
        Path file = directory.resolve("open-stream.db");
        TetherDB db = TetherDB.builder().path(file).flushThreshold(10).open();
        db.putBatch(documents(0, 2_000));
        db.flush();
        try (Stream<Document> stream = db.stream(Filter.all())) {
            Iterator<Document> results = stream.iterator();
            assertThat(results.next().getInteger("i")).isEqualTo(0);
            for (int i = 2_000; i < 2_100; i++) {
                db.put(Map.of("i", i));
            }
            db.flush();

            db.close();

            assertThatExceptionOfType(StoreClosedException.class).isThrownBy(results::next)
                    .withMessage("TetherDB store " + file.toAbsolutePath().normalize() + " is closed");
        }
        try (TetherDB reopened = TetherDB.open(file)) {
            assertThat(reopened.verify().isClean()).isTrue();
            assertThat(reopened.count()).isEqualTo(2_100);
        }
    }

    /**
     * close() took the write lock before anything else, so it waited for a running index build to
     * index the whole collection. Now the build sees the closed flag, gives up with
     * StoreClosedException, and leaves no index behind.
     */
    @Test
    void closeAbortsARunningIndexBuild() throws Exception {
        Path file = directory.resolve("index-build.db");
        TetherDB db = TetherDB.builder().path(file).open();
        TetherCollection items = db.collection("items");
        for (int from = 0; from < 50_000; from += 10_000) {
            items.putBatch(documents(from, from + 10_000));
        }
        CountDownLatch building = new CountDownLatch(1);
        CompletableFuture<Boolean> build = CompletableFuture.supplyAsync(() -> items.createIndex(
                IndexDefinition.ascending("i"), (done, total) -> {
                    if (done == 0) {
                        building.countDown();
                        // hold the build at its start until close() has begun, however long the
                        // close would otherwise wait; bounded so that a regression fails, not hangs
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (!db.isClosed() && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                    }
                }));
        assertThat(building.await(30, TimeUnit.SECONDS)).isTrue();

        db.close();

        assertThat(build).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(StoreClosedException.class)
                .withMessageContaining(file.toAbsolutePath().normalize().toString());
        try (TetherDB reopened = TetherDB.open(file)) {
            assertThat(reopened.verify().isClean()).isTrue();
            assertThat(reopened.collection("items").listIndexes()).isEmpty();
            assertThat(reopened.collection("items").count()).isEqualTo(50_000);
            assertThat(reopened.collection("items").count(Filters.gte("i", 49_990))).isEqualTo(10);
        }
    }

    /**
     * A read that passed the open check and then met a store closed under it failed with H2's
     * {@code MVStoreException: This store is closed}. The clock, read between the check and the
     * map lookup, closes the store at exactly that point.
     */
    @Test
    void aReadOvertakenByCloseReportsStoreClosed() {
        Path file = directory.resolve("overtaken-read.db");
        try (TetherDB db = TetherDB.builder().path(file).open()) {
            db.putBatch(documents(0, 20_000));
        }
        MutableClock clock = new MutableClock(Instant.now());
        TetherDB db = TetherDB.builder().path(file).clock(clock).cacheSize(1024 * 1024).open();
        clock.onNextReading(db::close);

        assertThatExceptionOfType(StoreClosedException.class).isThrownBy(() -> db.get("d12345"))
                .withMessage("TetherDB store " + file.toAbsolutePath().normalize() + " is closed");
        assertThat(db.isClosed()).isTrue();
    }

    /**
     * close() stopped the maintenance thread with shutdownNow(), and if the caller was interrupted
     * it restored the interrupt before its final commit. Either interrupt lands on a thread doing
     * file I/O, and an interrupted FileChannel operation closes the channel: the final commit then
     * failed and the writes since the last commit were lost. close() now clears the caller's
     * interrupt while it writes and restores it afterwards.
     */
    @Test
    void closeOnAnInterruptedThreadStillCommitsAndKeepsTheInterrupt() {
        Path file = directory.resolve("interrupted-close.db");
        TetherDB db = TetherDB.builder().path(file).flushThreshold(1_000_000).flushInterval(Duration.ZERO).open();
        db.putBatch(documents(0, 500));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        boolean interruptedAfter;
        Thread.currentThread().interrupt();
        try {
            db.close();
        } catch (Throwable e) {
            failure.set(e);
        } finally {
            interruptedAfter = Thread.interrupted();
        }

        assertThat(failure.get()).isNull();
        assertThat(interruptedAfter).isTrue();
        try (TetherDB reopened = TetherDB.open(file)) {
            assertThat(reopened.count()).isEqualTo(500);
        }
    }

    private static List<Map<String, ?>> documents(int from, int to) {
        List<Map<String, ?>> documents = new ArrayList<>();
        for (int i = from; i < to; i++) {
            documents.add(Map.of("_id", "d" + i, "i", i, "pad", "padding ".repeat(20)));
        }
        return documents;
    }
}
