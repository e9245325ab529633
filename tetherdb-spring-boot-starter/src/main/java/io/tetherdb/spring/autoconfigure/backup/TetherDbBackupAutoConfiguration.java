package io.tetherdb.spring.autoconfigure.backup;

import java.time.Clock;
import java.util.Map;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.InvalidTetherDbConfigurationException;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.backup.TetherDbBackupScheduler;
import io.tetherdb.spring.backup.TetherDbBackups;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of backups of every {@link TetherDB} bean into {@code tetherdb.backup.directory}
 * ({@link TetherDbBackups}, which the {@code tetherdb} actuator endpoint uses), and, when
 * {@code tetherdb.backup.schedule} is set too, of a {@link TetherDbBackupScheduler} that takes them on
 * that cron schedule, keeping the newest {@code tetherdb.backup.keep}.
 *
 * <p>Used once, at start-up, by the container.
 *
 * @since 0.2
 */
@AutoConfiguration(after = TetherDbAutoConfiguration.class)
@ConditionalOnClass(TetherDB.class)
@ConditionalOnBean(TetherDB.class)
@ConditionalOnProperty(prefix = "tetherdb.backup", name = "directory")
@EnableConfigurationProperties(TetherDbBackupProperties.class)
public final class TetherDbBackupAutoConfiguration {

    TetherDbBackupAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    TetherDbBackups tetherDbBackups(Map<String, TetherDB> stores, TetherDbBackupProperties properties) {
        try {
            return new TetherDbBackups(stores, properties.getDirectory(), properties.getKeep(), Clock.systemUTC());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidTetherDbConfigurationException("tetherdb.backup.keep", ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tetherdb.backup", name = "schedule")
    TetherDbBackupScheduler tetherDbBackupScheduler(TetherDbBackups backups, TetherDbBackupProperties properties) {
        try {
            return new TetherDbBackupScheduler(backups, properties.getSchedule());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidTetherDbConfigurationException("tetherdb.backup.schedule", ex);
        }
    }

}
