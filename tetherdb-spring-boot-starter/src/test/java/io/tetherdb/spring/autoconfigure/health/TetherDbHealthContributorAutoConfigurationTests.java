package io.tetherdb.spring.autoconfigure.health;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.health.TetherDbHealthIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TetherDbHealthContributorAutoConfiguration} and {@link TetherDbHealthIndicator}.
 */
class TetherDbHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(TetherDbAutoConfiguration.class, TetherDbHealthContributorAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void reportsUpWithPathFileSizeAndCollections() {
        Path file = this.directory.resolve("health.db");
        this.contextRunner.withPropertyValues("tetherdb.path=" + file).run((context) -> {
            assertThat(context).hasSingleBean(TetherDbHealthIndicator.class);
            assertThat(context).hasBean("tetherdbHealthContributor");
            TetherDB db = context.getBean(TetherDB.class);
            db.collection("readings").put(Map.of("value", 1));
            db.collection("sensors").put(Map.of("name", "s1"));
            db.flush();
            Health health = context.getBean(TetherDbHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("path", file.toAbsolutePath().toString())
                .containsEntry("collections", 2)
                .containsEntry("backgroundFailures", 0L);
            assertThat((Long) health.getDetails().get("fileSize")).isPositive();
        });
    }

    @Test
    void reportsInMemoryStore() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true").run((context) -> {
            Health health = context.getBean(TetherDbHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("path", "in-memory")
                .containsEntry("fileSize", 0L)
                .containsEntry("collections", 0);
        });
    }

    @Test
    void reportsDownWhenTheStoreIsClosed() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true").run((context) -> {
            context.getBean(TetherDB.class).close();
            Health health = context.getBean(TetherDbHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("path", "in-memory")
                .containsEntry("error", "TetherDB store (in-memory) is closed");
        });
    }

    @Test
    void noHealthIndicatorWithoutSpringBootHealth() {
        // In an application without spring-boot-health, auto-configuration import filtering drops the
        // class before its conditions are read (see autoConfigurationIsFilteredOutWithoutSpringBootHealth);
        // here the ConditionalOnClass guard itself is exercised.
        this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor"))
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(TetherDB.class)
                .doesNotHaveBean("tetherdbHealthContributor"));
    }

    @Test
    void autoConfigurationIsFilteredOutWithoutSpringBootHealth() throws IOException {
        Properties metadata = PropertiesLoaderUtils
            .loadProperties(new ClassPathResource("META-INF/spring-autoconfigure-metadata.properties"));
        assertThat(metadata.getProperty(TetherDbHealthContributorAutoConfiguration.class.getName() + ".ConditionalOnClass"))
            .contains(HealthContributor.class.getName());
    }

    @Test
    void noHealthIndicatorWhenDisabled() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true", "management.health.tetherdb.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean("tetherdbHealthContributor"));
    }

    @Test
    void noHealthIndicatorWithoutAStore() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TetherDbHealthContributorAutoConfiguration.class))
            .run((context) -> assertThat(context).doesNotHaveBean("tetherdbHealthContributor"));
    }

    @Test
    void backsOffWhenUserDefinesTetherdbHealthIndicator() {
        HealthIndicator own = () -> Health.up().withDetail("own", true).build();
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true")
            .withBean("tetherdbHealthIndicator", HealthIndicator.class, () -> own)
            .run((context) -> assertThat(context).doesNotHaveBean("tetherdbHealthContributor")
                .doesNotHaveBean(TetherDbHealthIndicator.class));
    }

    @Test
    void reportsEachStoreWhenThereAreSeveral() {
        this.contextRunner.withBean("orders", TetherDB.class, TetherDB::inMemory)
            .withBean("events", TetherDB.class, TetherDB::inMemory)
            .run((context) -> {
                CompositeHealthContributor composite = context.getBean("tetherdbHealthContributor",
                        CompositeHealthContributor.class);
                assertThat(composite.getContributor("orders")).isInstanceOf(TetherDbHealthIndicator.class);
                assertThat(composite.getContributor("events")).isInstanceOf(TetherDbHealthIndicator.class);
            });
    }
}
