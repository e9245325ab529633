package io.tetherdb.spring.autoconfigure.metrics;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.metrics.TetherDbMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TetherDbMetricsAutoConfiguration} and {@link TetherDbMetrics}.
 */
class TetherDbMetricsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, TetherDbAutoConfiguration.class,
                TetherDbMetricsAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

    @TempDir
    Path directory;

    @Test
    void bindsStoreMetricsToTheRegistry() {
        this.contextRunner.withPropertyValues("tetherdb.path=" + this.directory.resolve("metrics.db"))
            .run((context) -> {
                assertThat(context).hasSingleBean(TetherDbMetrics.class);
                TetherDB db = context.getBean(TetherDB.class);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                db.collection("readings").put(Map.of("value", 1), PutOptions.id("r1"));
                db.collection("readings").put(Map.of("value", 2));
                db.collection("readings").get("r1");
                db.flush();

                assertThat(registry.get("tetherdb.collections").gauge().value()).isEqualTo(1);
                assertThat(registry.get("tetherdb.documents").tag("collection", "readings").gauge().value())
                    .isEqualTo(2);
                assertThat(registry.get("tetherdb.reads").functionCounter().count()).isEqualTo(1);
                assertThat(registry.get("tetherdb.document.writes").functionCounter().count()).isEqualTo(2);
                assertThat(registry.get("tetherdb.expired.removed").functionCounter().count()).isZero();
                assertThat(registry.get("tetherdb.background.failures").functionCounter().count()).isZero();
                assertThat(registry.get("tetherdb.commits").functionTimer().count()).isPositive();
                assertThat(registry.get("tetherdb.commits").functionTimer().totalTime(TimeUnit.NANOSECONDS))
                    .isPositive();
                assertThat(registry.get("tetherdb.syncs").functionTimer().count()).isPositive();
                assertThat(registry.get("tetherdb.file.size").gauge().value()).isPositive();
                assertThat(registry.get("tetherdb.file.size").gauge().getId().getBaseUnit()).isEqualTo("bytes");
                assertThat(registry.get("tetherdb.flush.threshold").gauge().value()).isEqualTo(1000);
            });
    }

    @Test
    void registersDocumentGaugeOfACollectionCreatedAfterBinding() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true").run((context) -> {
            TetherDB db = context.getBean(TetherDB.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("tetherdb.documents").gauges()).isEmpty();
            db.collection("events").putBatch(List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));

            assertThat(registry.get("tetherdb.collections").gauge().value()).isEqualTo(1);
            assertThat(registry.get("tetherdb.documents").tag("collection", "events").gauge().value()).isEqualTo(3);
        });
    }

    @Test
    void countersKeepTheirValuesAfterTheStoreCloses() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true").run((context) -> {
            TetherDB db = context.getBean(TetherDB.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            db.put(Map.of("n", 1));
            assertThat(registry.get("tetherdb.document.writes").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("tetherdb.collections").gauge().value()).isEqualTo(1);
            db.close();
            assertThat(registry.get("tetherdb.document.writes").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("tetherdb.collections").gauge().value()).isNaN();
            assertThat(registry.get("tetherdb.documents").tag("collection", "default").gauge().value()).isNaN();
        });
    }

    @Test
    void noMetricsWithoutAMeterRegistry() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class,
                    TetherDbMetricsAutoConfiguration.class))
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context).hasSingleBean(TetherDB.class).doesNotHaveBean(TetherDbMetrics.class));
    }

    @Test
    void noMetricsWithoutMicrometer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class,
                    TetherDbMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.micrometer"))
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(TetherDB.class)
                .doesNotHaveBean("tetherDbMetrics"));
    }

    @Test
    void backsOffWhenUserDefinesTetherDbMetrics() {
        this.contextRunner.withPropertyValues("tetherdb.in-memory=true")
            .withUserConfiguration(OwnMetricsConfiguration.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(TetherDbMetrics.class).hasBean("ownMetrics");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("tetherdb.reads").tag("store", "main").functionCounter().count()).isZero();
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMetricsConfiguration {

        @Bean
        TetherDbMetrics ownMetrics(TetherDB tetherDB) {
            return new TetherDbMetrics(tetherDB, Tags.of("store", "main"));
        }

    }
}
