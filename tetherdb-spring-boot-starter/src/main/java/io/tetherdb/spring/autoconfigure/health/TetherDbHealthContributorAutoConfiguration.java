package io.tetherdb.spring.autoconfigure.health;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.health.TetherDbHealthIndicator;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link TetherDbHealthIndicator} for each {@link TetherDB} bean, under the
 * health contributor name {@code tetherdb} (one store) or {@code tetherdb/<bean name>} (several).
 * Needs {@code spring-boot-health}; turned off by {@code management.health.tetherdb.enabled=false}.
 *
 * <p>Used once, at start-up, by the container.
 *
 * @since 0.1
 */
@AutoConfiguration(after = TetherDbAutoConfiguration.class)
@ConditionalOnClass({ TetherDB.class, HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(TetherDB.class)
@ConditionalOnEnabledHealthIndicator("tetherdb")
public final class TetherDbHealthContributorAutoConfiguration
        extends CompositeHealthContributorConfiguration<TetherDbHealthIndicator, TetherDB> {

    TetherDbHealthContributorAutoConfiguration() {
        super(TetherDbHealthIndicator::new);
    }

    @Bean
    @ConditionalOnMissingBean(name = { "tetherdbHealthIndicator", "tetherdbHealthContributor" })
    HealthContributor tetherdbHealthContributor(ConfigurableListableBeanFactory beanFactory) {
        return createContributor(beanFactory, TetherDB.class);
    }

}
