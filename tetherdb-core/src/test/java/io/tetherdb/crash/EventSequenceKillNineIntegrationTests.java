package io.tetherdb.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.ForkedStore;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.event.ChangeEvent;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.WatchOptions;

/**
 * Change sequence numbers across kill -9: a child JVM ({@link EventSequenceWorkload}) writes with a
 * subscriber that prints every delivered change, committing only on its occasional flushes, and is
 * killed with SIGKILL once it has delivered changes after its last flush. The parent reopens the
 * file, writes more, and checks that no number delivered before the kill is given to a different
 * change after it (a delivered change the file kept has the same number; one it lost has its number
 * given to nothing), that the numbers after the reopen lie beyond every number delivered before,
 * and that resuming after the highest delivered number yields the committed changes after it, then
 * exactly the changes made since the reopen. Cycles chain on one file, so a cleanly closed store
 * goes on without a jump and a second crash is recovered from. {@code -Dtetherdb.crash.cycles=N}
 * runs N cycles (default 4), and up to 3N until one of them has lost delivered changes; the seed
 * is printed.
 */
@ExtendWith(TetherTestExtension.class)
class EventSequenceKillNineIntegrationTests {

    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** How far the sequence moves on at an open after an unclean shutdown, as docs/events.md says. */
    private static final long CRASH_JUMP = 1L << 32;
    private static final int WRITES_AFTER_REOPEN = 7;

    @TempDir
    Path directory;

    @Test
    void numbersDeliveredBeforeAKillAreNeverGivenToOtherChangesAfterIt() throws Exception {
        int cycles = Integer.getInteger("tetherdb.crash.cycles", 4);
        long seed = Long.getLong("tetherdb.crash.seed", new SplittableRandom().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        Path file = directory.resolve("events.db");
        long cleanlyClosedAt = 0;
        int cyclesWithLostDeliveries = 0;
        List<String> summary = new ArrayList<>();
        // a kill that lands while the child is inside flush() loses nothing (its commit is written,
        // its fsync under way), which a slow disk makes common: run more cycles, up to three times
        // as many, until one has lost delivered changes, so that the recovery of those is checked
        for (int cycle = 0; cycle < cycles || cyclesWithLostDeliveries == 0 && cycle < 3 * cycles; cycle++) {
            String describe = "seed " + seed + " (-Dtetherdb.crash.seed), cycle " + cycle;
            Delivered before = runChild(file, "c" + cycle, random.nextLong(),
                    random.nextBoolean() ? 0 : random.nextInt(300), describe);
            long highest = before.events.lastKey();
            if (cleanlyClosedAt > 0) {
                assertThat(before.events.firstKey()).as("%s: a clean close does not move the sequence on", describe)
                        .isEqualTo(cleanlyClosedAt + 1);
            }
            try (TetherDB db = EventSequenceWorkload.store(file).open()) {
                long start = db.changeSequence();
                long recorded = start - CRASH_JUMP;
                assertThat(start).as("%s: the reopened sequence is beyond every delivered number", describe)
                        .isGreaterThan(highest);
                assertThat(recorded).as("%s: the committed sequence", describe).isGreaterThanOrEqualTo(
                        before.flushed.get());

                Collector all = new Collector();
                Collector live = new Collector();
                try (ChangeSubscription history = db.watch(WatchOptions.defaults().resumeAfter(0), all);
                        ChangeSubscription now = db.watch(live)) {
                    for (int i = 0; i < WRITES_AFTER_REOPEN; i++) {
                        db.collection("items").put(Map.of("after", i), PutOptions.id("after" + cycle + "-" + i));
                    }
                    live.await(events -> events.size() == WRITES_AFTER_REOPEN, describe);
                    all.await(events -> !events.isEmpty()
                            && events.get(events.size() - 1).sequence() == start + WRITES_AFTER_REOPEN, describe);
                }
                assertThat(live.events).extracting(ChangeEvent::sequence).as(describe)
                        .containsExactlyElementsOf(range(start + 1, start + WRITES_AFTER_REOPEN));

                // what the file holds: every change committed before the kill, by number
                Map<Long, String> kept = new TreeMap<>();
                for (ChangeEvent event : all.events) {
                    if (event.sequence() <= start) {
                        kept.put(event.sequence(), identity(event));
                    }
                }
                assertThat(kept.keySet()).as("%s: kept changes are numbered up to the committed sequence", describe)
                        .allMatch(sequence -> sequence <= recorded);
                int lost = 0;
                for (Map.Entry<Long, String> delivered : before.events.entrySet()) {
                    long sequence = delivered.getKey();
                    if (sequence <= recorded) {
                        assertThat(kept.get(sequence)).as("%s: change %d was committed as delivered", describe,
                                sequence).isEqualTo(delivered.getValue());
                    } else {
                        lost++;
                        assertThat(kept).as("%s: lost change %d", describe, sequence).doesNotContainKey(sequence);
                        assertThat(live.events).extracting(ChangeEvent::sequence)
                                .as("%s: lost number %d is not given again", describe, sequence)
                                .doesNotContain(sequence);
                    }
                }
                if (lost > 0) {
                    cyclesWithLostDeliveries++;
                }

                Collector resumed = new Collector();
                List<String> expected = new ArrayList<>();
                kept.forEach((sequence, identity) -> {
                    if (sequence > highest) {
                        expected.add(sequence + " " + identity);
                    }
                });
                for (ChangeEvent event : live.events) {
                    expected.add(event.sequence() + " " + identity(event));
                }
                try (ChangeSubscription again = db.watch(WatchOptions.defaults().resumeAfter(highest), resumed)) {
                    resumed.await(events -> events.size() >= expected.size(), describe);
                }
                assertThat(resumed.events).extracting(event -> event.sequence() + " " + identity(event))
                        .as("%s: resuming after the highest delivered number %d", describe, highest)
                        .containsExactlyElementsOf(expected);
                if (highest > recorded) {
                    assertThat(resumed.events).as("%s: after a lost number, exactly the changes since the reopen",
                            describe).extracting(ChangeEvent::sequence)
                            .containsExactlyElementsOf(range(start + 1, start + WRITES_AFTER_REOPEN));
                }
                cleanlyClosedAt = db.changeSequence();
                summary.add(before.events.size() + " delivered/" + lost + " lost");
            }
        }
        System.out.println("event sequence kill -9: seed " + seed + ", cycles " + summary);
        assertThat(cyclesWithLostDeliveries).as("seed %d: cycles whose kill lost delivered changes", seed)
                .isPositive();
    }

    /** What a child delivered before it was killed. */
    private record Delivered(ConcurrentSkipListMap<Long, String> events, AtomicLong flushed) {
    }

    private static Delivered runChild(Path file, String label, long seed, int extraMillis, String describe)
            throws Exception {
        Process child = ForkedStore.startMain(EventSequenceWorkload.class, CHILD_JVM, file.toString(), label,
                Long.toString(seed));
        Delivered delivered = new Delivered(new ConcurrentSkipListMap<>(), new AtomicLong());
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] parts = line.split(" ");
                    if (line.startsWith("READY ")) {
                        delivered.flushed.set(Long.parseLong(parts[1]));
                        ready.countDown();
                    } else if (line.startsWith("F ")) {
                        delivered.flushed.set(Long.parseLong(parts[1]));
                    } else if (line.startsWith("E ") && line.endsWith(" .") && parts.length == 5) {
                        delivered.events.put(Long.parseLong(parts[1]), parts[2] + " " + parts[3]);
                    }
                }
            } catch (IOException e) {
                // the child was killed
            }
        });
        reader.start();
        try {
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("%s: the child did not start", describe).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // kill once changes after the last flush were delivered, so that the kill nearly always loses some
            while (delivered.events.isEmpty() || delivered.events.lastKey() <= delivered.flushed.get()) {
                assertThat(System.nanoTime()).as("%s: the child delivers changes", describe).isLessThan(deadline);
                Thread.sleep(5);
            }
            Thread.sleep(extraMillis);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        return delivered;
    }

    private static String identity(ChangeEvent event) {
        return event.kind() + " " + event.documentId();
    }

    private static List<Long> range(long first, long last) {
        List<Long> numbers = new ArrayList<>();
        for (long n = first; n <= last; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    /** Keeps the events it receives. Thread-safe. */
    private static final class Collector implements io.tetherdb.event.ChangeListener {

        final List<ChangeEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onChange(ChangeEvent event) {
            events.add(event);
        }

        void await(Predicate<List<ChangeEvent>> done, String describe) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!done.test(events) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(done.test(events)).as("%s: events arrived in time: %s", describe, events.size()).isTrue();
        }
    }
}
