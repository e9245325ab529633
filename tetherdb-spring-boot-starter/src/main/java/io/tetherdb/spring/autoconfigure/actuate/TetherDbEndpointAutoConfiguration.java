package io.tetherdb.spring.autoconfigure.actuate;

import java.time.Clock;
import java.util.Map;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.actuate.TetherDbEndpoint;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.backup.TetherDbBackupAutoConfiguration;
import io.tetherdb.spring.backup.TetherDbBackups;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tetherdb} actuator endpoint ({@link TetherDbEndpoint}) over every
 * {@link TetherDB} bean, with backups when {@code tetherdb.backup.directory} is set. Needs
 * {@code spring-boot-actuator}; the endpoint is available once exposed
 * ({@code management.endpoints.web.exposure.include=tetherdb}) as actuator endpoints are.
 *
 * <p>Used once, at start-up, by the container.
 *
 * @since 0.2
 */
@AutoConfiguration(after = { TetherDbAutoConfiguration.class, TetherDbBackupAutoConfiguration.class })
@ConditionalOnClass({ TetherDB.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(TetherDB.class)
@ConditionalOnAvailableEndpoint(TetherDbEndpoint.class)
public final class TetherDbEndpointAutoConfiguration {

    TetherDbEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    TetherDbEndpoint tetherDbEndpoint(Map<String, TetherDB> stores, ObjectProvider<TetherDbBackups> backups) {
        return new TetherDbEndpoint(stores, backups.getIfAvailable(), Clock.systemUTC());
    }

}
