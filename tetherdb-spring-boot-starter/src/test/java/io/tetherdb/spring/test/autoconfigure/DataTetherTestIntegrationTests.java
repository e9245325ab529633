package io.tetherdb.spring.test.autoconfigure;

import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.ReadingService;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.autoconfigure.TetherDbProperties;
import io.tetherdb.spring.health.TetherDbHealthIndicator;
import io.tetherdb.spring.lifecycle.TetherDbCleanupScheduler;
import io.tetherdb.spring.metrics.TetherDbMetrics;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DataTetherTest @DataTetherTest}. The test application's
 * {@code application.properties} names a store file, which the slice must replace with an
 * in-memory store.
 */
@DataTetherTest(properties = "tetherdb.flush.threshold=7")
class DataTetherTestIntegrationTests {

    @Autowired
    private TetherDB db;

    @Autowired
    private ApplicationContext context;

    @Test
    void storeIsInMemory() {
        assertThat(this.context.getBean(TetherDbProperties.class).getPath()).hasToString(
                "target/test-stores/application.db");
        assertThat(this.db.path()).isEmpty();
        assertThat(this.db.options().inMemory()).isTrue();
        this.db.put(Map.of("name", "slice"), PutOptions.id("s1"));
        assertThat(this.db.get("s1")).isPresent();
    }

    @Test
    void propertiesOfTheAnnotationAreApplied() {
        assertThat(this.db.options().flushThreshold()).isEqualTo(7);
    }

    @Test
    void onlyTheTetherDbAutoConfigurationIsApplied() {
        assertThat(this.context.getBeansOfType(TetherDbCleanupScheduler.class)).hasSize(1);
        assertThat(this.context.getBeansOfType(TetherDbHealthIndicator.class)).isEmpty();
        assertThat(this.context.getBeansOfType(TetherDbMetrics.class)).isEmpty();
    }

    @Test
    void repositoriesOfTheApplicationAreIncluded() {
        assertThat(this.context.getBeansOfType(ReadingRepository.class)).hasSize(1);
        assertThat(this.context.getBeansOfType(TetherTemplate.class)).hasSize(1);
    }

    @Test
    void applicationComponentsAreNotScanned() {
        assertThat(this.context.getBeansOfType(ReadingService.class)).isEmpty();
    }
}
