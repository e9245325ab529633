package io.tetherdb.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The workload generated on demand gives the documents of the sequential generation (the one the
 * earlier, held-in-memory workload used), in any order of access.
 */
class WorkloadTests {

    private static final long SEED = 20_240_801L;

    @Test
    void documentsAskedForInAnyOrderAreThoseOfTheSequentialGeneration() {
        int count = 3 * Workload.BLOCK + 17;
        List<Map<String, Object>> sequential = new ArrayList<>();
        Random random = new Random(SEED);
        for (int i = 0; i < count; i++) {
            sequential.add(Workload.document(random, i));
        }
        Workload workload = Workload.generate(count, SEED);

        assertThat(workload.size()).isEqualTo(count);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(1));
        for (int i : order) {
            assertThat(workload.document(i)).as("document %d", i).isEqualTo(sequential.get(i));
        }
        for (int i = count - 1; i >= 0; i--) {
            assertThat(workload.document(i)).isEqualTo(sequential.get(i));
        }
        assertThat(workload.id(7)).isEqualTo("000000007");
        assertThat(workload.id(count - 1)).isEqualTo(String.format("%09d", count - 1));
    }

    @Test
    void forEachGivesTheSameIdsAndDocuments() {
        Workload workload = Workload.generate(600, SEED + 3);
        int[] seen = {0};
        Workload.forEach(600, SEED + 3, (id, document) -> {
            assertThat(id).isEqualTo(workload.id(seen[0]));
            assertThat(document).isEqualTo(workload.document(seen[0]));
            seen[0]++;
        });
        assertThat(seen[0]).isEqualTo(600);
    }

    @Test
    void steppedRandomDrawsWhatRandomDraws() {
        Random expected = new Random(42);
        Workload.SteppedRandom actual = Workload.SteppedRandom.seeded(42);
        for (int k = 0; k < 1000; k++) {
            assertThat(actual.nextInt(80)).isEqualTo(expected.nextInt(80));
            assertThat(actual.nextInt(36)).isEqualTo(expected.nextInt(36));
            assertThat(actual.nextDouble()).isEqualTo(expected.nextDouble());
        }
        Workload.SteppedRandom resumed = Workload.SteppedRandom.atState(actual.state);
        assertThat(resumed.nextInt(1_000_000)).isEqualTo(expected.nextInt(1_000_000));
    }

    @Test
    void refusesIndexesOutsideTheWorkload() {
        Workload workload = Workload.generate(10, SEED);
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> workload.document(10))
                .withMessageContaining("Document 10 of a workload of 10");
        assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> workload.id(-1))
                .withMessageContaining("Document -1");
    }

    @Test
    void shuffledPrefixPicksWhatCollectionsShufflePicks() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(SEED + 11));
        int[] prefix = ComparisonHarness.shuffledPrefix(5000, 500, new Random(SEED + 11));
        assertThat(prefix).containsExactly(order.subList(0, 500).stream().mapToInt(Integer::intValue).toArray());
    }
}
