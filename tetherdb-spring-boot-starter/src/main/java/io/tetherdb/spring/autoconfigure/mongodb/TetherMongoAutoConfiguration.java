package io.tetherdb.spring.autoconfigure.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tetherdb.spring.autoconfigure.DataTetherAutoConfiguration;
import io.tetherdb.spring.autoconfigure.DataTetherRepositoriesAutoConfiguration;
import io.tetherdb.spring.autoconfigure.InvalidTetherDbConfigurationException;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.TetherDbProperties;
import io.tetherdb.spring.autoconfigure.TetherTransactionManagerAutoConfiguration;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.mapping.TetherMappingJsonMapper;
import io.tetherdb.spring.mongodb.MongoTetherTemplate;
import io.tetherdb.spring.mongodb.MongoTetherTransactionManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.TransactionManager;

/**
 * Auto-configuration of the MongoDB backend, when {@code tetherdb.backend=mongodb}: a
 * {@link MongoClient} from {@code tetherdb.mongodb.uri} (unless the application, or Boot's own
 * MongoDB auto-configuration, defines one), the mapping beans, a {@link MongoTetherTemplate} as the
 * {@link TetherOperations} the repositories run on, and a {@link MongoTetherTransactionManager}. No
 * embedded store is opened, so the store's health, metrics, endpoint and backups back off. Boot's
 * {@code spring.mongodb.uri} alone does not switch the backend: an application may use MongoDB for
 * other data and keep its TetherDB entities embedded.
 *
 * <p>Configuration classes are used once, at start-up, by the container.
 *
 * @since 0.2
 */
@AutoConfiguration(after = { TetherDbAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class },
        afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
        before = { DataTetherAutoConfiguration.class, DataTetherRepositoriesAutoConfiguration.class,
                TetherTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class })
@ConditionalOnClass(JsonMapper.class)
@ConditionalOnProperty(name = "tetherdb.backend", havingValue = "mongodb")
@EnableConfigurationProperties({ TetherMongoProperties.class, TetherDbProperties.class })
public final class TetherMongoAutoConfiguration {

    private static final Log logger = LogFactory.getLog(TetherMongoAutoConfiguration.class);

    TetherMongoAutoConfiguration() {
    }

    // each nested configuration repeats the backend condition: an application that scans the
    // starter's packages (as its tests may) finds it without the enclosing auto-configuration
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("com.mongodb.client.MongoClient")
    @ConditionalOnProperty(name = "tetherdb.backend", havingValue = "mongodb")
    static class MissingDriverConfiguration {

        @Bean
        TetherOperations tetherTemplate() {
            throw new InvalidTetherDbConfigurationException("the 'tetherdb.backend' property and the class path",
                    new IllegalArgumentException("tetherdb.backend=mongodb needs the MongoDB sync driver: add "
                            + "org.mongodb:mongodb-driver-sync to the application's dependencies"));
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MongoClient.class)
    @ConditionalOnProperty(name = "tetherdb.backend", havingValue = "mongodb")
    @EnableConfigurationProperties({ TetherMongoProperties.class, TetherDbProperties.class })
    static class BackendConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(MongoClient.class)
        MongoClient tetherMongoClient(TetherMongoProperties properties) {
            ConnectionString connection = connectionString(properties);
            if (logger.isInfoEnabled()) {
                logger.info("TetherDB runs on MongoDB at " + connection.getHosts() + ", database "
                        + databaseName(properties));
            }
            return MongoClients.create(connection);
        }

        @Bean
        @ConditionalOnMissingBean
        TetherMappingContext tetherMappingContext(ObjectProvider<TetherMappingJsonMapper> jsonMapper) {
            return new TetherMappingContext(jsonMapper(jsonMapper));
        }

        @Bean
        @ConditionalOnMissingBean
        TetherConverter tetherConverter(ObjectProvider<TetherMappingJsonMapper> jsonMapper,
                TetherMappingContext tetherMappingContext) {
            return new TetherConverter(jsonMapper(jsonMapper), tetherMappingContext);
        }

        @Bean
        @ConditionalOnMissingBean(TetherOperations.class)
        MongoTetherTemplate tetherTemplate(MongoClient mongoClient, TetherMongoProperties properties,
                TetherDbProperties tetherDbProperties, TetherConverter tetherConverter, Environment environment) {
            MongoTetherTemplate template = new MongoTetherTemplate(mongoClient, databaseName(properties),
                    tetherConverter);
            template.setEntityLifecycleEventsEnabled(
                    environment.getProperty("tetherdb.entity-lifecycle-events.enabled", Boolean.class, true));
            // the same default time limit as the embedded store's, sent to the server as maxTimeMS
            template.setDefaultMaxTime(tetherDbProperties.getQuery().getMaxTime());
            return template;
        }

        @Bean
        @ConditionalOnMissingBean(TransactionManager.class)
        MongoTetherTransactionManager transactionManager(MongoClient mongoClient,
                ObjectProvider<TransactionManagerCustomizers> customizers) {
            MongoTetherTransactionManager transactionManager = new MongoTetherTransactionManager(mongoClient);
            customizers.ifAvailable((c) -> c.customize(transactionManager));
            return transactionManager;
        }

        private static ConnectionString connectionString(TetherMongoProperties properties) {
            if (properties.getUri() == null || properties.getUri().isBlank()) {
                throw new InvalidTetherDbConfigurationException("the 'tetherdb.backend' and 'tetherdb.mongodb.uri' "
                        + "properties", new IllegalArgumentException(
                        "tetherdb.mongodb.uri must be set, such as mongodb://localhost:27017/app, when tetherdb.backend "
                                + "is mongodb (or define a MongoClient bean)"));
            }
            try {
                return new ConnectionString(properties.getUri());
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidTetherDbConfigurationException("the 'tetherdb.mongodb.uri' property",
                        new IllegalArgumentException("tetherdb.mongodb.uri is not a MongoDB connection string: "
                                + ex.getMessage(), ex));
            }
        }

        /** The database property, else the URI's database, else {@value TetherMongoProperties#DEFAULT_DATABASE}. */
        static String databaseName(TetherMongoProperties properties) {
            if (properties.getDatabase() != null && !properties.getDatabase().isBlank()) {
                return properties.getDatabase();
            }
            if (properties.getUri() != null && !properties.getUri().isBlank()) {
                try {
                    String fromUri = new ConnectionString(properties.getUri()).getDatabase();
                    if (fromUri != null) {
                        return fromUri;
                    }
                }
                catch (IllegalArgumentException ex) {
                    // reported by the client bean, with the property's name
                }
            }
            return TetherMongoProperties.DEFAULT_DATABASE;
        }

        private static JsonMapper jsonMapper(ObjectProvider<TetherMappingJsonMapper> jsonMapper) {
            TetherMappingJsonMapper holder = jsonMapper.getIfAvailable();
            return (holder != null) ? holder.getJsonMapper() : new JsonMapper();
        }

    }

}
