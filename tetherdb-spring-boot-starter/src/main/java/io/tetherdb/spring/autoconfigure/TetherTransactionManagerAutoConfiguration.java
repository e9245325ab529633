package io.tetherdb.spring.autoconfigure;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.core.TetherTransactionManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionManager;

/**
 * Auto-configuration of a {@link TetherTransactionManager} named {@code transactionManager} when the
 * application has a {@link TetherDB} and no {@link TransactionManager} of its own (nor one from
 * Boot's JDBC or JPA auto-configuration, which run first). It runs before Boot's
 * {@link TransactionAutoConfiguration}, which then enables {@code @Transactional} and provides a
 * {@code TransactionTemplate} over it; {@code spring.transaction.*} customizations apply to it.
 *
 * <p>Configuration classes are used once, at start-up, by the container.
 *
 * @since 0.2
 */
@AutoConfiguration(after = { TetherDbAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class },
        afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" },
        before = TransactionAutoConfiguration.class)
@ConditionalOnClass({ PlatformTransactionManager.class, TransactionAutoConfiguration.class })
@ConditionalOnBean(TetherDB.class)
public final class TetherTransactionManagerAutoConfiguration {

    TetherTransactionManagerAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    TetherTransactionManager transactionManager(TetherDB tetherDB,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        TetherTransactionManager transactionManager = new TetherTransactionManager(tetherDB);
        customizers.ifAvailable((c) -> c.customize(transactionManager));
        return transactionManager;
    }

}
