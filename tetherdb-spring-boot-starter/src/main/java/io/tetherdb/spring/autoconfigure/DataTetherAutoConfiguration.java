package io.tetherdb.spring.autoconfigure;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.change.TetherExpiredEventPublisher;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.mapping.TetherMappingJsonMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of TetherDB's entity mapping and {@link TetherTemplate}: a
 * {@link TetherMappingContext} named {@code tetherMappingContext}, a {@link TetherConverter} over
 * the application's {@link JsonMapper} (through {@link TetherMappingJsonMapper}) and a
 * {@link TetherTemplate} named {@code tetherTemplate}, and a {@link TetherExpiredEventPublisher} (unless
 * {@code tetherdb.events.expired=false}), each backing off when the application defines its own.
 * {@code tetherdb.entity-lifecycle-events.enabled=false} stops the template's mapping events
 * (entity callbacks still run).
 *
 * <p>Configuration classes are used once, at start-up, by the container.
 *
 * @since 0.1
 */
@AutoConfiguration(after = TetherDbAutoConfiguration.class)
@ConditionalOnClass({ TetherTemplate.class, JsonMapper.class })
@ConditionalOnBean(TetherDB.class)
public final class DataTetherAutoConfiguration {

    DataTetherAutoConfiguration() {
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
    TetherTemplate tetherTemplate(TetherDB tetherDB, TetherConverter tetherConverter, Environment environment) {
        TetherTemplate template = new TetherTemplate(tetherDB, tetherConverter);
        template.setEntityLifecycleEventsEnabled(
                environment.getProperty("tetherdb.entity-lifecycle-events.enabled", Boolean.class, true));
        return template;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "tetherdb.events.expired", matchIfMissing = true)
    TetherExpiredEventPublisher tetherExpiredEventPublisher(TetherDB tetherDB, TetherConverter tetherConverter,
            ApplicationEventPublisher applicationEventPublisher) {
        return new TetherExpiredEventPublisher(tetherDB, tetherConverter, applicationEventPublisher);
    }

    private static JsonMapper jsonMapper(ObjectProvider<TetherMappingJsonMapper> jsonMapper) {
        TetherMappingJsonMapper holder = jsonMapper.getIfAvailable();
        return (holder != null) ? holder.getJsonMapper() : new JsonMapper();
    }

}
