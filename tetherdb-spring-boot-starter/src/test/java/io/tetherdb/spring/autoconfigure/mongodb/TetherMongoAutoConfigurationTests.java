package io.tetherdb.spring.autoconfigure.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.DataTetherAutoConfiguration;
import io.tetherdb.spring.autoconfigure.InvalidTetherDbConfigurationException;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.TetherTransactionManagerAutoConfiguration;
import io.tetherdb.spring.autoconfigure.health.TetherDbHealthContributorAutoConfiguration;
import io.tetherdb.spring.autoconfigure.metrics.TetherDbMetricsAutoConfiguration;
import io.tetherdb.spring.backend.InMemoryMongoServer;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.core.TetherTransactionManager;
import io.tetherdb.spring.health.TetherDbHealthIndicator;
import io.tetherdb.spring.metrics.TetherDbMetrics;
import io.tetherdb.spring.mongodb.MongoTetherTemplate;
import io.tetherdb.spring.mongodb.MongoTetherTransactionManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TetherMongoAutoConfiguration}: the embedded store stays the default, and
 * {@code tetherdb.backend=mongodb} replaces it with the MongoDB backend.
 */
class TetherMongoAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class, DataTetherAutoConfiguration.class,
                TetherTransactionManagerAutoConfiguration.class,
                TetherMongoAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class,
                TransactionAutoConfiguration.class, TetherDbHealthContributorAutoConfiguration.class,
                TetherDbMetricsAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void theEmbeddedStoreIsTheDefault() {
        this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TetherDB.class)
            .hasSingleBean(TetherTemplate.class)
            .hasSingleBean(TetherTransactionManager.class)
            .hasSingleBean(TetherDbHealthIndicator.class)
            .hasSingleBean(TetherDbMetrics.class)
            .doesNotHaveBean(MongoClient.class)
            .doesNotHaveBean(MongoTetherTemplate.class));
    }

    @Test
    void theEmbeddedStoreNeedsNoDriver() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(MongoClient.class))
            .run((context) -> assertThat(context).hasSingleBean(TetherTemplate.class));
    }

    @Test
    void backendMongodbWithoutTheDriverFailsStartUpSayingWhatToAdd() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(MongoClient.class))
            .withPropertyValues("tetherdb.backend=mongodb", "tetherdb.mongodb.uri=mongodb://localhost")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("org.mongodb:mongodb-driver-sync");
            });
    }

    @Test
    void backendMongodbRunsTheOperationsOnTheServerAndOpensNoStore() {
        this.contextRunner
            .withPropertyValues("tetherdb.backend=mongodb", "tetherdb.mongodb.uri=" + InMemoryMongoServer.uri("shop"))
            .run((context) -> {
                assertThat(context).hasNotFailed()
                    .hasSingleBean(MongoClient.class)
                    .hasSingleBean(MongoTetherTransactionManager.class)
                    .doesNotHaveBean(TetherDB.class)
                    .doesNotHaveBean(TetherTemplate.class)
                    .doesNotHaveBean(TetherTransactionManager.class)
                    .doesNotHaveBean(TetherDbHealthIndicator.class)
                    .doesNotHaveBean(TetherDbMetrics.class);
                assertThat(context.getBean(TetherOperations.class)).isInstanceOf(MongoTetherTemplate.class);
                assertThat(context.getBean(MongoTetherTemplate.class).getDatabase().getName()).isEqualTo("shop");
            });
    }

    @Test
    void theDatabasePropertyOverridesTheUrisDatabase() {
        this.contextRunner
            .withPropertyValues("tetherdb.backend=MONGODB", "tetherdb.mongodb.uri=" + InMemoryMongoServer.uri("shop"),
                    "tetherdb.mongodb.database=orders")
            .run((context) -> assertThat(context.getBean(MongoTetherTemplate.class).getDatabase().getName())
                .isEqualTo("orders"));
    }

    @Test
    void theDatabaseIsTetherdbWhenNothingNamesOne() {
        String uri = InMemoryMongoServer.uri("x");
        this.contextRunner
            .withPropertyValues("tetherdb.backend=mongodb", "tetherdb.mongodb.uri=" + uri.substring(0,
                    uri.lastIndexOf('/')))
            .run((context) -> assertThat(context.getBean(MongoTetherTemplate.class).getDatabase().getName())
                .isEqualTo("tetherdb"));
    }

    @Test
    void aMissingUriFailsStartUpSayingWhichPropertyToSet() {
        this.contextRunner.withPropertyValues("tetherdb.backend=mongodb").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("tetherdb.mongodb.uri must be set")
                .hasStackTraceContaining(InvalidTetherDbConfigurationException.class.getName());
        });
    }

    @Test
    void aUriThatIsNotAConnectionStringFailsStartUp() {
        this.contextRunner.withPropertyValues("tetherdb.backend=mongodb", "tetherdb.mongodb.uri=http://example.com")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "tetherdb.mongodb.uri is not a MongoDB connection string");
            });
    }

    @Test
    void anUnknownBackendFailsStartUp() {
        this.contextRunner.withPropertyValues("tetherdb.backend=postgres").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("tetherdb.backend");
        });
    }

    @Test
    void bootsSpringMongodbUriAloneDoesNotSwitchTheBackend() {
        this.contextRunner.withPropertyValues("spring.mongodb.uri=" + InMemoryMongoServer.uri("shop"))
            .run((context) -> assertThat(context).hasSingleBean(TetherTemplate.class).doesNotHaveBean(MongoClient.class));
    }

    @Test
    void usesTheApplicationsMongoClient() {
        this.contextRunner.withUserConfiguration(ClientConfiguration.class)
            .withPropertyValues("tetherdb.backend=mongodb", "tetherdb.mongodb.database=own")
            .run((context) -> {
                assertThat(context).hasSingleBean(MongoClient.class).hasBean("ownClient");
                MongoTetherTemplate template = context.getBean(MongoTetherTemplate.class);
                assertThat(template.getDatabase().getName()).isEqualTo("own");
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class ClientConfiguration {

        @Bean(destroyMethod = "close")
        MongoClient ownClient() {
            return MongoClients.create(InMemoryMongoServer.uri("ignored"));
        }

    }

}
