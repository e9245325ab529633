package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tetherdb.error.DuplicateKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many threads on one store: every operation completes, nothing is lost, duplicates are caught once. */
@ExtendWith(TetherTestExtension.class)
class ConcurrencyTests {

    @Test
    void writersReadersAndDeletersRunTogether() throws Exception {
        try (TetherDB db = TetherDB.builder().flushThreshold(50).flushInterval(Duration.ofMillis(5)).open()) {
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < 500; i++) {
                            String id = thread + ":" + i;
                            db.put(Map.of("t", thread, "i", i), PutOptions.id(id));
                            assertThat(db.get(id)).isPresent();
                            if (i % 2 == 0) {
                                assertThat(db.delete(id)).isEqualTo(1);
                            }
                            if (i % 100 == 0) {
                                db.collection("side-" + thread).putBatch(List.of(Map.of("b", i), Map.of("b", i + 1)));
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(failures).isEmpty();
            assertThat(db.count()).isEqualTo(threads * 250L);
            for (int t = 0; t < threads; t++) {
                assertThat(db.collection("side-" + t).count()).isEqualTo(10);
            }
        }
    }

    @Test
    void racingInsertsOfOneIdLetExactlyOneWin() throws Exception {
        try (TetherDB db = TetherDB.inMemory()) {
            for (int round = 0; round < 50; round++) {
                String id = "contested-" + round;
                int threads = 6;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            db.put(Map.of("winner", thread), PutOptions.id(id));
                            return true;
                        } catch (DuplicateKeyException e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> r : results) {
                    winners += r.get() ? 1 : 0;
                }
                pool.shutdown();
                assertThat(winners).isEqualTo(1);
            }
            assertThat(db.count()).isEqualTo(50);
        }
    }
}
