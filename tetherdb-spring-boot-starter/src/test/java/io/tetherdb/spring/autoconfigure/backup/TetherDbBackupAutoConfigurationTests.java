package io.tetherdb.spring.autoconfigure.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.InvalidTetherDbConfigurationException;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.backup.TetherDbBackupScheduler;
import io.tetherdb.spring.backup.TetherDbBackups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TetherDbBackupAutoConfiguration}, {@link TetherDbBackups} and {@link TetherDbBackupScheduler}.
 */
class TetherDbBackupAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TetherDbAutoConfiguration.class, TetherDbBackupAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void noBackupsWithoutADirectory() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "tetherdb.backup.schedule=0 0 3 * * *")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(TetherDbBackups.class)
                .doesNotHaveBean(TetherDbBackupScheduler.class));
    }

    @Test
    void backupsGoIntoTheDirectoryAndOnlyTheNewestAreKept() {
        Path backups = this.directory.resolve("backups");
        this.contextRunner
            .withPropertyValues("tetherdb.path=" + this.directory.resolve("app.db"),
                    "tetherdb.backup.directory=" + backups,
                    "tetherdb.backup.keep=2")
            .run((context) -> {
                assertThat(context).hasSingleBean(TetherDbBackups.class).doesNotHaveBean(TetherDbBackupScheduler.class);
                TetherDB db = context.getBean(TetherDB.class);
                TetherDbBackups service = context.getBean(TetherDbBackups.class);
                for (int i = 0; i < 3; i++) {
                    db.collection("c").put(Map.of("i", i));
                    service.backupAll();
                }
                List<Path> kept = service.listBackups("tetherDB");
                assertThat(kept).hasSize(2);
                try (Stream<Path> files = Files.list(backups)) {
                    assertThat(files.map((file) -> file.getFileName().toString()).toList()).hasSize(2);
                }
                try (TetherDB newest = TetherDB.builder().path(kept.get(0)).readOnly(true).open()) {
                    assertThat(newest.collection("c").count()).isEqualTo(3);
                }
                try (TetherDB older = TetherDB.builder().path(kept.get(1)).readOnly(true).open()) {
                    assertThat(older.collection("c").count()).isEqualTo(2);
                }
            });
    }

    @Test
    void scheduledBackupsRunOnTheCronSchedule() {
        Path backups = this.directory.resolve("backups");
        this.contextRunner
            .withPropertyValues("tetherdb.in-memory=true", "tetherdb.backup.directory=" + backups,
                    "tetherdb.backup.schedule=* * * * * *")
            .run((context) -> {
                TetherDbBackupScheduler scheduler = context.getBean(TetherDbBackupScheduler.class);
                assertThat(scheduler.getSchedule()).isEqualTo("* * * * * *");
                assertThat(scheduler.isRunning()).isTrue();
                context.getBean(TetherDB.class).put(Map.of("v", 1));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (scheduler.getCompletedBackups() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(scheduler.getCompletedBackups()).isPositive();
                assertThat(context.getBean(TetherDbBackups.class).listBackups("tetherDB")).isNotEmpty();
            });
    }

    @Test
    void anInvalidScheduleOrKeepFailsStartUpNamingTheProperty() {
        this.contextRunner
            .withPropertyValues("tetherdb.in-memory=true", "tetherdb.backup.directory=" + this.directory,
                    "tetherdb.backup.schedule=every night")
            .run((context) -> assertThat(context).getFailure()
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasStackTraceContaining(InvalidTetherDbConfigurationException.class.getName())
                .hasStackTraceContaining("tetherdb.backup.schedule 'every night' is not a cron expression"));
        this.contextRunner
            .withPropertyValues("tetherdb.in-memory=true", "tetherdb.backup.directory=" + this.directory,
                    "tetherdb.backup.keep=0")
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining("tetherdb.backup.keep must be at least 1 but was 0"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBackups() {
        this.contextRunner.withUserConfiguration(OwnBackups.class)
            .withPropertyValues("tetherdb.in-memory=true", "tetherdb.backup.directory=" + this.directory)
            .run((context) -> assertThat(context.getBean(TetherDbBackups.class).getKeep()).isEqualTo(42));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBackups {

        @Bean
        TetherDbBackups ownBackups(TetherDB db) {
            return new TetherDbBackups(Map.of("mine", db), Path.of("elsewhere"), 42, Clock.systemUTC());
        }

    }

}
