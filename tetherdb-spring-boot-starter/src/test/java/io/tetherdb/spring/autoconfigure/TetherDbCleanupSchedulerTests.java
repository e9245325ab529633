package io.tetherdb.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.lifecycle.TetherDbCleanupScheduler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the scheduled removal of expired documents set up by {@link TetherDbAutoConfiguration}.
 */
class TetherDbCleanupSchedulerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class))
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void removesExpiredDocumentsOnSchedule() {
        this.contextRunner.withPropertyValues("tetherdb.ttl.cleanup-interval=50ms").run((context) -> {
            TetherDB db = context.getBean(TetherDB.class);
            assertThat(db.options().cleanupInterval()).as("the engine's own sweep").isZero();
            db.put(Map.of("kind", "session"), PutOptions.id("short").ttl(Duration.ofMillis(100)));
            db.put(Map.of("kind", "profile"), PutOptions.id("kept"));
            await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(db.statistics().expiredRemoved()).isEqualTo(1));
            assertThat(db.get("short")).isEmpty();
            assertThat(db.get("kept")).isPresent();
            assertThat(context.getBean(TetherDbCleanupScheduler.class).getCompletedSweeps()).isPositive();
        });
    }

    @Test
    void noScheduledCleanupWhenDisabled() {
        this.contextRunner
            .withPropertyValues("tetherdb.ttl.cleanup-enabled=false", "tetherdb.ttl.cleanup-interval=50ms")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(TetherDbCleanupScheduler.class);
                TetherDB db = context.getBean(TetherDB.class);
                assertThat(db.options().cleanupInterval()).as("the engine's own sweep stays off too").isZero();
                db.put(Map.of("kind", "session"), PutOptions.id("short").ttl(Duration.ofMillis(20)));
                Thread.sleep(300);
                assertThat(db.get("short")).isEmpty();
                assertThat(db.statistics().expiredRemoved()).isZero();
                assertThat(db.cleanup()).isEqualTo(1);
            });
    }

    @Test
    void schedulerStopsWhenTheContextCloses() {
        this.contextRunner.withPropertyValues("tetherdb.ttl.cleanup-interval=20ms").run((context) -> {
            TetherDbCleanupScheduler scheduler = context.getBean(TetherDbCleanupScheduler.class);
            assertThat(scheduler.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.getCompletedSweeps() > 0);

            context.close();
            assertThat(scheduler.isRunning()).isFalse();
            long sweeps = scheduler.getCompletedSweeps();
            Thread.sleep(200);
            assertThat(scheduler.getCompletedSweeps()).as("sweeps after close").isEqualTo(sweeps);
        });
    }

    @Test
    void schedulerRefusesAnIntervalThatIsNotPositive() {
        try (TetherDB db = TetherDB.inMemory()) {
            assertThatIllegalArgumentException().isThrownBy(() -> new TetherDbCleanupScheduler(db, Duration.ZERO))
                .withMessage("interval must be positive but was PT0S");
        }
    }
}
