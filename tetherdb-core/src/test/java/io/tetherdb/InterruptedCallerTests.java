package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.QueryInterruptedException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.TetherException;
import io.tetherdb.internal.store.InterruptReopens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers whose threads are interrupted, as a web request timeout or {@code Future.cancel(true)}
 * does: Java closes a {@code FileChannel} when a thread blocked in it, or entering it, is
 * interrupted, which used to put the whole store in its failed state and release its file lock.
 * The store must serve such callers normally, leave their interrupt flag set, keep its file lock
 * and lose no flushed write; only a query (and a wait for another thread's flush) answers the
 * interrupt, with a typed exception. The small page cache makes reads go to the file.
 */
@ExtendWith(TetherTestExtension.class)
class InterruptedCallerTests {

    private static final int PRELOADED = 20_000;

    private static final String PAYLOAD = "p".repeat(200);

    @TempDir
    Path directory;

    @Test
    void aCallerWhoseInterruptFlagIsSetIsServedAndKeepsTheFlag() throws Exception {
        Path file = directory.resolve("flagged.db");
        TetherDBBuilder builder = TetherDB.builder().path(file).cacheSize(1024 * 1024).cleanupInterval(Duration.ZERO);
        try (TetherDB db = builder.open()) {
            preload(db);
            List<String> steps = new ArrayList<>();
            AtomicBoolean flagKeptThroughout = new AtomicBoolean(true);
            Throwable failure = runInThread(() -> {
                Thread.currentThread().interrupt();
                Random random = new Random(7);
                for (int i = 0; i < 500; i++) {
                    db.put(Map.of("_id", "late-" + i, "n", PRELOADED + i, "payload", PAYLOAD));
                    checkFlag(flagKeptThroughout, steps, "put " + i);
                }
                db.flush();
                checkFlag(flagKeptThroughout, steps, "flush");
                for (int i = 0; i < 2_000; i++) {
                    int n = random.nextInt(PRELOADED);
                    Document found = db.get("d-" + n).orElseThrow(() -> new AssertionError("d-" + n + " missing"));
                    assertThat(found.getInteger("n")).isEqualTo(n);
                    checkFlag(flagKeptThroughout, steps, "get " + n);
                }
                // a query is the one kind of read that answers an interrupt: it is how a caller
                // cancels one that runs too long
                assertThatExceptionOfType(QueryInterruptedException.class).isThrownBy(() -> {
                    try (Stream<Document> all = db.stream("{n: {$gte: 0}}")) {
                        all.count();
                    }
                }).withMessageContaining("interrupted");
                checkFlag(flagKeptThroughout, steps, "stream");
                assertThat(db.count()).isEqualTo(PRELOADED + 500);
                checkFlag(flagKeptThroughout, steps, "count");
                db.compact();
                checkFlag(flagKeptThroughout, steps, "compact");
                db.put(Map.of("_id", "after-compact", "n", -1));
                db.flush();
                checkFlag(flagKeptThroughout, steps, "flush after compact");
            });
            assertThat(failure).as("the interrupted caller's failure").isNull();
            assertThat(flagKeptThroughout).as("interrupt flag kept; calls that lost it: %s", steps).isTrue();

            // the store is healthy for every other thread
            db.put(Map.of("_id", "other-thread", "n", -2));
            assertThat(db.get("d-123")).isPresent();
            assertThat(db.verify().isClean()).as("%s", db.verify()).isTrue();
        }
        try (TetherDB db = builder.open()) {
            assertThat(db.count()).isEqualTo(PRELOADED + 500 + 2);
            assertThat(db.get("late-499")).isPresent();
            assertThat(db.get("after-compact")).isPresent();
            assertThat(db.verify().isClean()).as("%s", db.verify()).isTrue();
        }
    }

    @Test
    void threadsInterruptedWhileTheyWriteFlushAndReadLoseNothingAndTheFileStaysLocked() throws Exception {
        Path file = directory.resolve("interrupted.db");
        TetherDBBuilder builder = TetherDB.builder().path(file).cacheSize(1024 * 1024).cleanupInterval(Duration.ZERO)
                .flushThreshold(20);
        int workers = 4;
        long[] acknowledged = new long[workers];
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong interrupts = new AtomicLong();
        AtomicLong interruptedFlushes = new AtomicLong();
        try (TetherDB db = builder.open()) {
            preload(db);
            long reopensBefore = InterruptReopens.count();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                acknowledged[w] = -1;
                threads.add(new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    try {
                        for (int i = 0; System.nanoTime() < deadline; i++) {
                            db.put(Map.of("_id", "w" + worker + "-" + i, "n", -1, "payload", PAYLOAD));
                            if (i % 5 == 4) {
                                try {
                                    db.flush();
                                    acknowledged[worker] = i;
                                } catch (TetherException e) {
                                    // waiting for another thread's fsync is an interruptible wait, like
                                    // any blocking Java call; the write is not acknowledged then
                                    if (!e.getMessage().startsWith("Interrupted while waiting for a flush")) {
                                        throw e;
                                    }
                                    assertThat(Thread.currentThread().isInterrupted()).isTrue();
                                    interruptedFlushes.incrementAndGet();
                                }
                            }
                            String own = "w" + worker + "-" + random.nextInt(i + 1);
                            assertThat(db.get(own)).as(own).isPresent();
                            int n = random.nextInt(PRELOADED);
                            assertThat(db.get("d-" + n).map(d -> d.getInteger("n"))).contains(n);
                            if (random.nextInt(50) == 0) {
                                Thread.interrupted();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "interrupted-worker-" + w));
            }
            Thread interrupter = new Thread(() -> {
                Random random = new Random(11);
                while (System.nanoTime() < deadline) {
                    threads.get(random.nextInt(workers)).interrupt();
                    interrupts.incrementAndGet();
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "interrupter");
            threads.forEach(Thread::start);
            interrupter.start();
            interrupter.join();
            for (Thread thread : threads) {
                thread.join();
            }
            failures.forEach(Throwable::printStackTrace);
            assertThat(failures).as("failures of interrupted workers").isEmpty();
            // the interrupts did close the file under operations, which went on on a reopened one
            long reopens = InterruptReopens.count() - reopensBefore;
            assertThat(reopens).as("reopens after %s interrupts (%s flushes gave up waiting)", interrupts,
                    interruptedFlushes).isPositive();

            // still working, and still holding the file against this JVM and others
            db.put(Map.of("_id", "after", "n", -3));
            db.flush();
            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open())
                    .withMessageContaining(file.toString());
            Process probe = ForkedStore.start("probe", file.toString());
            try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("LOCKED");
                assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(db.verify().isClean()).as("%s", db.verify()).isTrue();
        }
        try (TetherDB db = builder.open()) {
            for (int w = 0; w < workers; w++) {
                for (int i = 0; i <= acknowledged[w]; i++) {
                    assertThat(db.get("w" + w + "-" + i)).as("flushed write w%d-%d", w, i).isPresent();
                }
            }
            assertThat(db.get("after")).isPresent();
            assertThat(db.verify().isClean()).as("%s", db.verify()).isTrue();
        }
    }

    private static void preload(TetherDB db) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < PRELOADED; i++) {
            batch.add(Map.of("_id", "d-" + i, "n", i, "payload", PAYLOAD));
            if (batch.size() == 1_000) {
                db.putBatch(batch);
                batch.clear();
            }
        }
        db.flush();
    }

    private static void checkFlag(AtomicBoolean kept, List<String> steps, String step) {
        if (!Thread.currentThread().isInterrupted()) {
            kept.set(false);
            steps.add(step);
            // set it again so that every later call still runs interrupted
            Thread.currentThread().interrupt();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs the body in a new thread, so that the interrupt it sets stays away from JUnit's thread. */
    private static Throwable runInThread(Body body) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "interrupted-caller");
        thread.start();
        thread.join();
        return failure[0];
    }
}
