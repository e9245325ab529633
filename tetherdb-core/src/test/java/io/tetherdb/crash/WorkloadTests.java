package io.tetherdb.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 suite's oracle, checked without crashes: along a long history the model predicts
 * every answer of a real store and ends in the store's exact state, and a copy of the workload
 * continues the same history. A wrong model would make the suite fail without a bug, or miss one.
 */
@ExtendWith(TetherTestExtension.class)
class WorkloadTests {

    private static final int OPS = 20_000;

    @TempDir
    Path directory;

    @Test
    void theModelPredictsEveryAnswerAndTheFinalStateOfAStore() {
        long seed = new SplittableRandom().nextLong();
        Workload workload = new Workload(seed);
        try (TetherDB db = TetherDB.builder().path(directory.resolve("model.db")).cleanupInterval(Duration.ZERO)
                .open()) {
            for (int i = 0; i < OPS; i++) {
                Workload.Op op = workload.next();
                try {
                    if (op.isReopen()) {
                        // the suite's child reopens; here the store stays open and only the model runs
                        continue;
                    }
                    op.run(db);
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ", op " + op.seq() + " (" + op.description() + "): "
                            + e.getMessage(), e);
                }
            }
            Map<String, Document> state = new HashMap<>();
            for (String collection : Workload.COLLECTIONS) {
                db.collection(collection).find().forEach(d -> state.put(Workload.key(collection, d.getId()), d));
            }
            assertThat(state).as("seed %d: the store's documents after %d ops", seed, OPS)
                    .isEqualTo(workload.documents());
            assertThat(Workload.metaOf(db)).as("seed %d: collections and indexes", seed).isEqualTo(workload.meta());
            assertThat(db.verify().isClean()).as("seed %d: %s", seed, db.verify()).isTrue();
        }
    }

    @Test
    void aCopyContinuesTheSameHistory() {
        Workload original = new Workload(42);
        original.advanceTo(5_000);
        Workload copy = original.copy();
        for (int i = 0; i < 5_000; i++) {
            assertThat(copy.next().description()).isEqualTo(original.next().description());
        }
        assertThat(copy.documents()).isEqualTo(original.documents());
        assertThat(copy.meta()).isEqualTo(original.meta());
        Workload fresh = new Workload(42);
        fresh.advanceTo(10_000);
        assertThat(fresh.documents()).isEqualTo(original.documents());
    }
}
