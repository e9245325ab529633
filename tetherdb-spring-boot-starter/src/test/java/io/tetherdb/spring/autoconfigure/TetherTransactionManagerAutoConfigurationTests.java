package io.tetherdb.spring.autoconfigure;

import java.time.Duration;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.core.TetherTransactionManager;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TetherTransactionManagerAutoConfiguration}: the transaction manager exists when
 * the application has a store and no transaction manager of its own, and Boot's transaction
 * auto-configuration then makes {@code @Transactional} work.
 */
class TetherTransactionManagerAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class,
                TetherTransactionManagerAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class,
                TransactionAutoConfiguration.class))
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void transactionalWorksWithTheStarterAlone() {
        this.contextRunner.withUserConfiguration(ServiceConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(TetherTransactionManager.class)
                .hasBean("transactionManager")
                .hasSingleBean(TransactionTemplate.class);
            TetherDB db = context.getBean(TetherDB.class);
            assertThatIllegalStateException().isThrownBy(() -> context.getBean(Writer.class).writeThenFail());
            assertThat(db.collection("c").count()).as("the @Transactional method was rolled back").isZero();
        });
    }

    @Test
    void appliesSpringTransactionProperties() {
        this.contextRunner.withPropertyValues("spring.transaction.default-timeout=7s")
            .run((context) -> assertThat(context.getBean(TetherTransactionManager.class).getDefaultTimeout())
                .isEqualTo((int) Duration.ofSeconds(7).toSeconds()));
    }

    @Test
    void transactionPropertiesReachTheStore() {
        this.contextRunner
            .withPropertyValues("tetherdb.transaction.durable=true", "tetherdb.transaction.max-age=5s",
                    "tetherdb.transaction.size-limit=1MB")
            .run((context) -> {
                io.tetherdb.TetherOptions options = context.getBean(TetherDB.class).options();
                assertThat(options.durableTransactions()).isTrue();
                assertThat(options.transactionMaxAge()).isEqualTo(Duration.ofSeconds(5));
                assertThat(options.transactionSizeLimit()).isEqualTo(1024L * 1024);
            });
    }

    @Test
    void refusesATransactionMaxAgeOfZero() {
        this.contextRunner.withPropertyValues("tetherdb.transaction.max-age=0s")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("transactionMaxAge must be positive"));
    }

    @Test
    void backsOffWhenUserDefinesTransactionManager() {
        this.contextRunner.withUserConfiguration(OtherTransactionManagerConfiguration.class)
            .run((context) -> assertThat(context).doesNotHaveBean(TetherTransactionManager.class)
                .hasSingleBean(PlatformTransactionManager.class));
    }

    @Test
    void absentWithoutAStore() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TetherTransactionManagerAutoConfiguration.class))
            .run((context) -> assertThat(context).doesNotHaveBean(TetherTransactionManager.class));
    }

    @Test
    void absentWithoutBootsTransactionSupport() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(TransactionAutoConfiguration.class))
            .run((context) -> assertThat(context).doesNotHaveBean(TetherTransactionManager.class));
    }

    /** A component whose method writes and then fails, inside {@code @Transactional}. */
    public static class Writer {

        private final TetherDB db;

        public Writer(TetherDB db) {
            this.db = db;
        }

        @Transactional
        public void writeThenFail() {
            io.tetherdb.spring.core.TetherTransactionHolder.collection(this.db, "c").put(java.util.Map.of("a", 1));
            throw new IllegalStateException("fail after the write");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ServiceConfiguration {

        @Bean
        Writer writer(TetherDB db) {
            return new Writer(db);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OtherTransactionManagerConfiguration {

        @Bean
        PlatformTransactionManager otherTransactionManager() {
            return new AbstractPlatformTransactionManager() {
                @Override
                protected Object doGetTransaction() {
                    return new Object();
                }

                @Override
                protected void doBegin(Object transaction, TransactionDefinition definition) {
                }

                @Override
                protected void doCommit(org.springframework.transaction.support.DefaultTransactionStatus status) {
                }

                @Override
                protected void doRollback(org.springframework.transaction.support.DefaultTransactionStatus status) {
                }
            };
        }

    }


}
