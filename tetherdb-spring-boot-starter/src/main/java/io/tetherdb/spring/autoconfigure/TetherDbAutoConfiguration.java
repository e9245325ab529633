package io.tetherdb.spring.autoconfigure;

import io.tetherdb.TetherDB;
import io.tetherdb.TetherDBBuilder;
import io.tetherdb.spring.lifecycle.TetherDbCleanupScheduler;
import io.tetherdb.spring.lifecycle.TetherDbLifecycle;
import io.tetherdb.spring.mapping.TetherMappingJsonMapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of a {@link TetherDB} store from the {@code tetherdb.*} properties: file-backed
 * at {@code ./data/tetherdb.db} unless configured otherwise, or in memory. The store opens when its
 * bean is created, is flushed once the web server has stopped ({@link TetherDbLifecycle}) and is
 * closed when its bean is destroyed. Expired documents are swept by a
 * {@link TetherDbCleanupScheduler} the starter owns, in place of the engine's own sweep, unless the
 * store is read-only ({@code tetherdb.read-only}), which nothing may write. All of this
 * backs off when the application defines its own {@code TetherDB} bean.
 *
 * <p>When Jackson is present, a {@link TetherMappingJsonMapper} carries the application's
 * {@link JsonMapper} (or a default one) for entity mapping.
 *
 * <p>Configuration classes are used once, at start-up, by the container.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(TetherDB.class)
@EnableConfigurationProperties(TetherDbProperties.class)
public final class TetherDbAutoConfiguration {

    private static final Log logger = LogFactory.getLog(TetherDbAutoConfiguration.class);

    TetherDbAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TetherDB.class)
    // with tetherdb.backend=mongodb the documents live on a server: no store file is opened
    @ConditionalOnProperty(name = "tetherdb.backend", havingValue = "embedded", matchIfMissing = true)
    static class StoreConfiguration {

        @Bean(destroyMethod = "close")
        TetherDB tetherDB(TetherDbProperties properties, ObjectProvider<TetherDbBuilderCustomizer> customizers) {
            TetherDBBuilder builder = TetherDB.builder();
            TetherDbPropertiesMapper.applyTo(properties, builder);
            customizers.orderedStream().forEach((customizer) -> {
                try {
                    customizer.customize(builder);
                }
                catch (IllegalArgumentException ex) {
                    throw new InvalidTetherDbConfigurationException(
                            "TetherDbBuilderCustomizer " + customizer.getClass().getName(), ex);
                }
            });
            TetherDB db;
            try {
                db = builder.open();
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidTetherDbConfigurationException(
                        "the 'tetherdb.*' properties and TetherDbBuilderCustomizer beans together", ex);
            }
            if (logger.isInfoEnabled()) {
                logger.info(db.path()
                    .map((path) -> "Opened TetherDB store at " + path.toAbsolutePath().normalize())
                    .orElse("Opened in-memory TetherDB store (tetherdb.in-memory=true); its documents are lost "
                            + "at shutdown"));
            }
            return db;
        }

        @Bean
        TetherDbLifecycle tetherDbLifecycle(TetherDB tetherDB) {
            return new TetherDbLifecycle(tetherDB);
        }

        @Bean
        @ConditionalOnBooleanProperty(name = "tetherdb.ttl.cleanup-enabled", matchIfMissing = true)
        // a sweep deletes, which a read-only store refuses
        @ConditionalOnBooleanProperty(name = "tetherdb.read-only", havingValue = false, matchIfMissing = true)
        TetherDbCleanupScheduler tetherDbCleanupScheduler(TetherDB tetherDB, TetherDbProperties properties) {
            return new TetherDbCleanupScheduler(tetherDB,
                    TetherDbPropertiesMapper.cleanupInterval(properties.getTtl().getCleanupInterval()));
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JsonMappingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TetherMappingJsonMapper tetherMappingJsonMapper(ObjectProvider<JsonMapper> jsonMapper) {
            return new TetherMappingJsonMapper(jsonMapper.getIfUnique(JsonMapper::new));
        }

    }

}
