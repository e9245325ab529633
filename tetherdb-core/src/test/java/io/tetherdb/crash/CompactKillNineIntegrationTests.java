package io.tetherdb.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tetherdb.ForkedStore;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.VerifyReport;
import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CompactionChild}) with SIGKILL while it compacts a store file in place
 * again and again, at a random moment (while it opens the file, copies, renames or closes) or as
 * soon as a copy is complete and about to be renamed, and
 * checks after each kill that the file at the path is complete, the old one or the new one: it
 * opens, {@link TetherDB#verify()} finds it clean, it holds exactly the documents, indexes and
 * expiry entries written before, and the compaction's temporary file is gone after that open.
 *
 * <p>{@code -Dtetherdb.compact.cycles=N} runs N kills (default {@value #DEFAULT_CYCLES});
 * {@code -Dtetherdb.compact.seed=S} fixes the delays' seed. Not thread-safe.
 */
@ExtendWith(TetherTestExtension.class)
class CompactKillNineIntegrationTests {

    static final int DEFAULT_CYCLES = 10;
    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path directory;

    @Test
    void aCompactionKilledAtAnyMomentLeavesTheOldOrTheNewFileComplete() throws Exception {
        int cycles = Integer.getInteger("tetherdb.compact.cycles", DEFAULT_CYCLES);
        long seed = Long.getLong("tetherdb.compact.seed", new SplittableRandom().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        Path file = directory.resolve("compacted.db");
        Map<String, Map<String, Document>> expected = writeStore(file);
        int completedSomewhere = 0;
        List<String> kills = new ArrayList<>();
        for (int cycle = 0; cycle < cycles; cycle++) {
            String what = "seed " + seed + ", cycle " + cycle;
            Process child = ForkedStore.startMain(child(), CHILD_JVM, file.toString());
            CountDownLatch copying = new CountDownLatch(1);
            int copiesBeforeKill = 1 + random.nextInt(3);
            CountDownLatch copied = new CountDownLatch(copiesBeforeKill);
            int[] compacted = new int[1];
            Thread output = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.equals("COPYING")) {
                            copying.countDown();
                        } else if (line.equals("COPIED")) {
                            copied.countDown();
                        } else if (line.startsWith("COMPACTED ")) {
                            synchronized (compacted) {
                                compacted[0] = Integer.parseInt(line.substring(10));
                            }
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child was killed
                }
            });
            output.start();
            try {
                assertThat(copying.await(60, TimeUnit.SECONDS)).as(what + ": the child did not start copying").isTrue();
                if (random.nextBoolean()) {
                    // spread over the phases of a few compactions: each one takes tens of milliseconds
                    int delay = random.nextInt(400);
                    Thread.sleep(delay);
                    kills.add(delay + " ms");
                } else {
                    // at once when a copy is complete: during its rename, the release of the old file
                    // or the next open
                    assertThat(copied.await(60, TimeUnit.SECONDS)).as(what + ": no copy completed").isTrue();
                    kills.add("at copy " + copiesBeforeKill);
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed child ended").isTrue();
                output.join(30_000);
            }
            synchronized (compacted) {
                completedSomewhere += compacted[0];
            }
            assertThat(Files.isRegularFile(file)).as(what + ": the store file is gone").isTrue();
            assertComplete(file, expected, what);
            assertThat(Files.exists(Path.of(file + ".compact-tmp"))).as(what + ": the temporary file was left")
                    .isFalse();
        }
        System.out.println("compact kill -9: seed " + seed + ", kills after " + kills + ", "
                + completedSomewhere + " compactions completed");
        assertThat(completedSomewhere).as("some children completed compactions before their kill").isPositive();
    }

    /** @return the main class of the child that rewrites the file in place until it is killed */
    Class<?> child() {
        return CompactionChild.class;
    }

    /** @return the store at the path, opened for the checks after a kill */
    TetherDB openForCheck(Path file) {
        return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open();
    }

    private static Map<String, Map<String, Document>> writeStore(Path file) {
        Map<String, Map<String, Document>> expected = new TreeMap<>();
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection people = db.collection("people");
            people.createIndex(IndexDefinition.ascending("age"));
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 6000; i++) {
                batch.add(Map.of("_id", "p" + i, "age", i % 90, "name", "person " + i, "pad", "z".repeat(i % 200)));
            }
            people.putBatch(batch);
            for (int i = 0; i < 6000; i += 3) {
                people.delete("p" + i);
            }
            for (int i = 0; i < 50; i++) {
                db.collection("sessions").put(Map.of("n", i), PutOptions.id("s" + i).ttl(Duration.ofDays(365)));
            }
            db.flush();
            for (String name : db.collectionNames()) {
                Map<String, Document> docs = new TreeMap<>();
                for (Document d : db.collection(name).find().toList()) {
                    docs.put(d.getString("_id"), d);
                }
                expected.put(name, docs);
            }
        }
        return expected;
    }

    private void assertComplete(Path file, Map<String, Map<String, Document>> expected, String what) {
        try (TetherDB db = openForCheck(file)) {
            VerifyReport report = db.verify();
            assertThat(report.isClean()).as(what + ": " + report).isTrue();
            assertThat(report.expiryEntries()).as(what).isEqualTo(50);
            for (Map.Entry<String, Map<String, Document>> collection : expected.entrySet()) {
                Map<String, Document> actual = new TreeMap<>();
                for (Document d : db.collection(collection.getKey()).find().toList()) {
                    actual.put(d.getString("_id"), d);
                }
                assertThat(actual).as(what + ": " + collection.getKey()).isEqualTo(collection.getValue());
            }
            assertThat(db.collection("people").find(Filters.eq("age", 7)).explain().toString()).contains("age_1");
        }
    }
}
