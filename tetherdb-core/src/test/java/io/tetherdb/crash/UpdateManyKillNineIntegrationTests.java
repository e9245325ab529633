package io.tetherdb.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.ForkedStore;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;

/**
 * A sibling of {@link KillNineIntegrationTests} for {@code updateMany}: a child JVM
 * ({@link UpdateManyWorkload}) updates every document of a collection, round after round, and is
 * killed with SIGKILL at a random moment, nearly always inside an {@code updateMany}. The parent
 * reopens the file and checks that the store verifies clean, that every document shows the same
 * round (the update of a round is there whole or not at all), that the round is at least the last
 * one the child reported flushed, and that every counter was incremented exactly once per round.
 * Cycles chain on one file, so the next child resumes from the recovered state; flush thresholds
 * vary. {@code -Dtetherdb.crash.cycles=N} runs N cycles (default 6); the seed is printed.
 */
@ExtendWith(TetherTestExtension.class)
class UpdateManyKillNineIntegrationTests {

    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path directory;

    @Test
    void aKilledUpdateManyLeavesAllOrNoneOfItsChanges() throws Exception {
        int cycles = Integer.getInteger("tetherdb.crash.cycles", 6);
        long seed = Long.getLong("tetherdb.crash.seed", new SplittableRandom().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        Path file = directory.resolve("update-many.db");
        int[] recovered = new int[cycles];
        for (int cycle = 0; cycle < cycles; cycle++) {
            int threshold = random.nextBoolean() ? 1 : 1 + random.nextInt(500);
            Process child = ForkedStore.startMain(UpdateManyWorkload.class, CHILD_JVM, file.toString(),
                    Integer.toString(threshold));
            AtomicInteger lastDone = new AtomicInteger(-1);
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("READY ")) {
                            lastDone.set(Integer.parseInt(line.substring(6)));
                            ready.countDown();
                        } else if (line.startsWith("DONE ")) {
                            lastDone.set(Integer.parseInt(line.substring(5)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child was killed
                }
            });
            reader.start();
            String describe = "seed " + seed + " (-Dtetherdb.crash.seed), cycle " + cycle + ", threshold " + threshold;
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("%s: the child did not start", describe).isTrue();
            Thread.sleep(50 + random.nextInt(600));
            int acknowledged = lastDone.get();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            recovered[cycle] = check(file, Math.max(acknowledged, lastDone.get()), describe);
        }
        System.out.println("updateMany kill -9: seed " + seed + ", recovered rounds " + java.util.Arrays.toString(
                recovered));
    }

    /** @return the round the store holds */
    private static int check(Path file, int acknowledged, String describe) {
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(java.time.Duration.ZERO).open()) {
            assertThat(db.verify().isClean()).as("%s: verify()", describe).isTrue();
            TetherCollection counters = db.collection("counters");
            assertThat(counters.count()).as(describe).isEqualTo(UpdateManyWorkload.DOCUMENTS);
            Map<Object, Integer> rounds = new HashMap<>();
            int round = -1;
            for (Document document : counters.find().toList()) {
                rounds.merge(document.get("round"), 1, Integer::sum);
                round = document.getInteger("round");
                assertThat(document.getInteger("n")).as("%s: counter %s", describe, document.getId())
                        .isEqualTo(document.getInteger("i") + round);
            }
            assertThat(rounds).as("%s: documents by round", describe).hasSize(1);
            assertThat(round).as("%s: the round holds every flushed round", describe).isGreaterThanOrEqualTo(
                    acknowledged);
            // the index agrees with the documents
            assertThat(counters.count(io.tetherdb.query.Filter.parse("{round: " + round + "}"))).as(describe)
                    .isEqualTo(UpdateManyWorkload.DOCUMENTS);
            return round;
        }
    }
}
