package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** When the store commits: threshold, interval, adaptive threshold, flush() and group commit. */
@ExtendWith(TetherTestExtension.class)
class FlushingTests {

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

    private TetherDBBuilder builder() {
        return TetherDB.builder().path(directory.resolve("flush.db")).clock(clock).cleanupInterval(Duration.ZERO);
    }

    @Test
    void commitsAfterTheThresholdNumberOfWrites() {
        try (TetherDB db = builder().flushThreshold(3).flushInterval(Duration.ZERO).open()) {
            long start = db.statistics().commits();
            db.put(Map.of("i", 1));
            db.put(Map.of("i", 2));
            assertThat(db.statistics().commits()).isEqualTo(start);
            db.put(Map.of("i", 3));
            assertThat(db.statistics().commits()).isEqualTo(start + 1);
        }
    }

    @Test
    void aBatchIsNeverSplitAcrossCommits() {
        try (TetherDB db = builder().flushThreshold(3).flushInterval(Duration.ZERO).open()) {
            long start = db.statistics().commits();
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                docs.add(Map.of("i", i));
            }
            db.putBatch(docs);
            assertThat(db.statistics().commits()).isEqualTo(start + 1);
        }
    }

    @Test
    void commitsWhenTheIntervalHasPassed() throws InterruptedException {
        try (TetherDB db = builder().flushThreshold(1_000_000).flushInterval(Duration.ofMillis(20)).open()) {
            long start = db.statistics().commits();
            db.put(Map.of("i", 1));
            Thread.sleep(100);
            assertThat(db.statistics().commits()).as("the store's clock has not moved").isEqualTo(start);

            clock.advance(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (db.statistics().commits() == start && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(db.statistics().commits()).isEqualTo(start + 1);
        }
    }

    @Test
    void adaptiveModeRaisesTheThresholdUnderLoadAndLowersItWhenWritesAreSparse() {
        try (TetherDB db = builder().flushThreshold(10).adaptiveFlush(true).flushInterval(Duration.ZERO).open()) {
            assertThat(db.currentFlushThreshold()).isEqualTo(10);
            // the clock stands still: each threshold commit comes 0 ms after the previous one
            for (int i = 0; i < 10 + 20 + 40; i++) {
                db.put(Map.of("i", i));
            }
            assertThat(db.currentFlushThreshold()).isEqualTo(80);

            clock.advance(Duration.ofSeconds(5));
            for (int i = 0; i < 80; i++) {
                db.put(Map.of("i", i));
            }
            assertThat(db.currentFlushThreshold()).isEqualTo(40);

            for (int i = 0; i < 3; i++) {
                db.put(Map.of("sparse", i));
                clock.advance(Duration.ofSeconds(5));
                db.flush();
            }
            assertThat(db.currentFlushThreshold()).isEqualTo(10);
        }
    }

    @Test
    void withoutAdaptiveModeTheThresholdStaysPut() {
        try (TetherDB db = builder().flushThreshold(10).flushInterval(Duration.ZERO).open()) {
            for (int i = 0; i < 500; i++) {
                db.put(Map.of("i", i));
            }
            assertThat(db.currentFlushThreshold()).isEqualTo(10);
        }
    }

    @Test
    void flushCommitsAndSyncs() {
        try (TetherDB db = builder().flushThreshold(1_000_000).flushInterval(Duration.ZERO).open()) {
            long commits = db.statistics().commits();
            long syncs = db.statistics().syncs();
            db.put(Map.of("i", 1));
            db.flush();
            assertThat(db.statistics().commits()).isEqualTo(commits + 1);
            assertThat(db.statistics().syncs()).isEqualTo(syncs + 1);
            db.flush();
            assertThat(db.statistics().syncs()).as("nothing new to sync").isEqualTo(syncs + 1);
        }
    }

    @Test
    void concurrentDurableWritersAllSurvive() throws Exception {
        int threads = 8;
        int perThread = 40;
        try (TetherDB db = builder().open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        db.put(Map.of("t", thread, "i", i), PutOptions.id(thread + "-" + i));
                        db.flush();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(db.statistics().syncs()).isLessThanOrEqualTo(threads * perThread + 1L);
        }
        try (TetherDB db = builder().open()) {
            assertThat(db.count()).isEqualTo((long) threads * perThread);
        }
    }
}
