package io.tetherdb.spring.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.index.IndexDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link IndexBuilds}: a build started through the console shows its progress while it
 * runs, and only then.
 */
class IndexBuildsTests {

    @Test
    void aRunningBuildShowsItsProgressAndDisappearsWhenItEnds() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IndexBuilds builds = new IndexBuilds((read, total) -> {
            if (read >= 10_000 && reported.getCount() > 0) {
                reported.countDown();
                await(release);
            }
        });
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection people = db.collection("people");
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 25_000; i++) {
                batch.add(Map.of("age", i % 90));
            }
            people.putBatch(batch);
            CompletableFuture<Boolean> build = CompletableFuture
                .supplyAsync(() -> builds.build("main", people, IndexDefinition.ascending("age")));
            assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(builds.running("main", "people")).singleElement().satisfies((progress) -> {
                assertThat(progress.name()).isEqualTo("age_1");
                assertThat(progress.keys()).isEqualTo("{\"age\":1}");
                assertThat(progress.documentsRead()).isEqualTo(10_000);
                assertThat(progress.documentsTotal()).isEqualTo(25_000);
            });
            assertThat(builds.running("main", "other")).isEmpty();
            assertThat(builds.running("second", "people")).isEmpty();
            assertThatExceptionOfType(ConsoleProblem.class)
                .isThrownBy(() -> builds.build("main", people, IndexDefinition.ascending("age")))
                .withMessageContaining("being built already");

            release.countDown();
            assertThat(build.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(builds.running("main", "people")).isEmpty();
            assertThat(people.listIndexes()).singleElement()
                .satisfies((index) -> assertThat(index.entries()).isEqualTo(25_000));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
