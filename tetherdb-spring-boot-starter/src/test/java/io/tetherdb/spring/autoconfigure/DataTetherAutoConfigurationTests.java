package io.tetherdb.spring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.event.ChangeHistoryGoneException;
import io.tetherdb.event.WatchOptions;
import io.tetherdb.spring.change.TetherExpiredEventPublisher;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.mapping.TetherMappingJsonMapper;
import io.tetherdb.spring.mapping.event.TetherMappingEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.annotation.Id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DataTetherAutoConfiguration}: the mapping context, the converter and the
 * template, each backing off for the application's own, over the application's Jackson mapper.
 */
class DataTetherAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class, DataTetherAutoConfiguration.class))
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void createsMappingContextConverterAndTemplateOverTheStore() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasSingleBean(TetherMappingContext.class)
                .hasSingleBean(TetherConverter.class)
                .hasSingleBean(TetherTemplate.class)
                .hasBean("tetherMappingContext")
                .hasBean("tetherTemplate");
            TetherTemplate template = context.getBean(TetherTemplate.class);
            template.insert(new Shelf("s1", "Poetry"));
            assertThat(context.getBean(TetherDB.class).collection("Shelf").get("s1")).isPresent();
        });
    }

    @Test
    void templatePublishesMappingEventsUnlessSwitchedOff() {
        List<Object> heard = new CopyOnWriteArrayList<>();
        ApplicationListener<TetherMappingEvent<?>> listener = heard::add;
        this.contextRunner.withBean("listener", ApplicationListener.class, () -> listener).run((context) -> {
            assertThat(context.getBean(TetherTemplate.class).getEntityLifecycle().isEventsEnabled()).isTrue();
            context.getBean(TetherTemplate.class).insert(new Shelf("s1", "Poetry"));
            assertThat(heard).hasSize(3);
        });
        heard.clear();
        this.contextRunner.withBean("listener", ApplicationListener.class, () -> listener)
            .withPropertyValues("tetherdb.entity-lifecycle-events.enabled=false")
            .run((context) -> {
                context.getBean(TetherTemplate.class).insert(new Shelf("s1", "Poetry"));
                assertThat(context.getBean(TetherTemplate.class).findById("s1", Shelf.class)).isPresent();
                assertThat(heard).isEmpty();
            });
    }

    @Test
    void writesWithTheApplicationsJsonMapper() {
        this.contextRunner
            .withBean(JsonMapper.class,
                    () -> JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build())
            .run((context) -> {
                assertThat(context).hasSingleBean(TetherMappingJsonMapper.class);
                Document written = context.getBean(TetherConverter.class).write(new Shelf("s1", "Poetry"));
                assertThat(written).containsEntry("_id", "s1").containsEntry("shelf_label", "Poetry");
            });
    }

    @Test
    void publishesExpiredEntityEventsUnlessSwitchedOff() {
        this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TetherExpiredEventPublisher.class));
        this.contextRunner.withPropertyValues("tetherdb.events.expired=false")
            .run((context) -> assertThat(context).doesNotHaveBean(TetherExpiredEventPublisher.class));
    }

    @Test
    void keepsAChangeHistoryWhenItsSizeIsSet() {
        this.contextRunner.withPropertyValues("tetherdb.events.history-max-events=100").run((context) -> {
            TetherDB db = context.getBean(TetherDB.class);
            db.put(java.util.Map.of("a", 1));
            db.watch(WatchOptions.defaults().resumeAfter(0), (event) -> { }).close();
        });
        this.contextRunner.run((context) -> {
            TetherDB db = context.getBean(TetherDB.class);
            db.put(java.util.Map.of("a", 1));
            assertThatExceptionOfType(ChangeHistoryGoneException.class)
                .isThrownBy(() -> db.watch(WatchOptions.defaults().resumeAfter(0), (event) -> { }))
                .withMessageContaining("keeps no change history");
        });
        this.contextRunner.withPropertyValues("tetherdb.events.history-max-events=100",
                "tetherdb.events.history-max-age=0s")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("tetherdb.events.history-max-age"));
    }

    @Test
    void backsOffWhenUserDefinesTetherOperations() {
        this.contextRunner.withUserConfiguration(CustomOperationsConfiguration.class)
            .run((context) -> assertThat(context).hasSingleBean(TetherOperations.class)
                .hasBean("customOperations")
                .doesNotHaveBean("tetherTemplate"));
    }

    @Test
    void backsOffWhenUserDefinesMappingContextAndConverter() {
        TetherMappingContext mappingContext = new TetherMappingContext();
        TetherConverter converter = new TetherConverter(new JsonMapper(), mappingContext);
        this.contextRunner.withBean(TetherMappingContext.class, () -> mappingContext)
            .withBean(TetherConverter.class, () -> converter)
            .run((context) -> {
                assertThat(context.getBean(TetherMappingContext.class)).isSameAs(mappingContext);
                assertThat(context.getBean(TetherConverter.class)).isSameAs(converter);
                assertThat(context).hasSingleBean(TetherTemplate.class);
            });
    }

    @Test
    void doesNothingWithoutAStore() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataTetherAutoConfiguration.class))
            .run((context) -> assertThat(context).doesNotHaveBean(TetherMappingContext.class)
                .doesNotHaveBean(TetherTemplate.class));
    }

    @Test
    void doesNothingWithoutJackson() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
            .run((context) -> assertThat(context).hasSingleBean(TetherDB.class)
                .doesNotHaveBean(TetherMappingContext.class)
                .doesNotHaveBean(TetherTemplate.class));
    }

    record Shelf(@Id String id, String shelfLabel) {
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomOperationsConfiguration {

        @Bean
        TetherOperations customOperations(TetherDB tetherDB) {
            return new TetherTemplate(tetherDB, new TetherConverter(new JsonMapper(), new TetherMappingContext()));
        }

    }

}
