package io.tetherdb.spring;

import java.nio.file.Path;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.health.TetherDbHealthIndicator;
import io.tetherdb.spring.metrics.TetherDbMetrics;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.annotation.DirtiesContext.MethodMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the whole application on a store file and writes; the context is then closed
 * ({@code @DirtiesContext}) and the second test runs in a freshly started application on the same
 * file. Nothing is committed before shutdown, so finding the documents again proves that shutdown
 * flushes and closes the store. The two methods are the two halves of one scenario and run in order.
 * Repositories are off: they create their entities' indexes at start-up, and that commits.
 */
@SpringBootTest(classes = TetherDbTestApplication.class, properties = { "tetherdb.flush.threshold=1000000",
        "tetherdb.flush.interval=0", "tetherdb.repositories.enabled=false" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class TetherDbIntegrationTests {

    @TempDir
    static Path directory;

    private static TetherDB firstRun;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private TetherDB db;

    @Autowired
    private ReadingService readingService;

    @DynamicPropertySource
    static void storePath(DynamicPropertyRegistry registry) {
        registry.add("tetherdb.path", () -> directory.resolve("app.db").toString());
    }

    @Test
    @Order(1)
    @DirtiesContext(methodMode = MethodMode.AFTER_METHOD)
    void firstRunWritesToTheStoreFile() {
        assertThat(this.db.path()).contains(directory.resolve("app.db"));
        assertThat(this.context.getBeansOfType(TetherDbHealthIndicator.class)).hasSize(1);
        assertThat(this.context.getBeansOfType(TetherDbMetrics.class)).hasSize(1);
        this.db.collection("readings").put(Map.of("sensor", "s1", "value", 21.5), PutOptions.id("r1"));
        assertThat(this.readingService.readings()).isEqualTo(1);
        assertThat(this.db.statistics().commits()).as("commits before shutdown").isZero();
        firstRun = this.db;
    }

    @Test
    @Order(2)
    void secondRunReadsWhatTheFirstWrote() {
        assertThat(firstRun).as("the first run's store").isNotNull().isNotSameAs(this.db);
        assertThat(firstRun.isClosed()).isTrue();
        assertThat(this.db.collection("readings").get("r1")).hasValueSatisfying(
                (document) -> assertThat(document).containsEntry("sensor", "s1").containsEntry("value", 21.5));
        assertThat(this.readingService.readings()).isEqualTo(1);
    }
}
