package io.tetherdb.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.metrics.TetherDbMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link TetherDbMetrics} for the application's {@link TetherDB} store, when
 * Micrometer and a {@link MeterRegistry} are present; Spring Boot's metrics auto-configuration binds
 * it to every registry.
 *
 * <p>Used once, at start-up, by the container.
 *
 * @since 0.1
 */
@AutoConfiguration(after = { TetherDbAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ TetherDB.class, MeterRegistry.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(TetherDB.class)
public final class TetherDbMetricsAutoConfiguration {

    TetherDbMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    TetherDbMetrics tetherDbMetrics(TetherDB tetherDB) {
        return new TetherDbMetrics(tetherDB);
    }

}
