package io.tetherdb.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.repository.config.EnableTetherRepositories;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.SensorRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.PermissionDeniedDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DataTetherAutoConfiguration} and {@link DataTetherRepositoriesAutoConfiguration}.
 */
class DataTetherRepositoriesAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class, DataTetherAutoConfiguration.class,
                DataTetherRepositoriesAutoConfiguration.class))
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void createsRepositoriesOfTheApplicationsPackages() {
        this.contextRunner.withUserConfiguration(SampleApplication.class).run((context) -> {
            assertThat(context).hasSingleBean(TetherMappingContext.class)
                .hasSingleBean(TetherConverter.class)
                .hasSingleBean(TetherTemplate.class)
                .hasSingleBean(ReadingRepository.class)
                .hasSingleBean(SensorRepository.class);
            assertThat(context).hasBean("tetherTemplate").hasBean("tetherMappingContext");
            ReadingRepository readings = context.getBean(ReadingRepository.class);
            readings.save(Reading.of("a", 1).id("r1"));
            assertThat(context.getBean(TetherDB.class).collection("readings").count()).isEqualTo(1);
        });
    }

    @Test
    void repositoriesReadAReadOnlyStoreWithoutCreatingItsIndexes(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("readings.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.collection("readings").put(java.util.Map.of("_id", "r1", "sensor", "a", "value", 1.0));
        }
        byte[] before = Files.readAllBytes(file);
        this.contextRunner.withUserConfiguration(SampleApplication.class)
            .withPropertyValues("tetherdb.in-memory=false", "tetherdb.path=" + file, "tetherdb.read-only=true")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                ReadingRepository readings = context.getBean(ReadingRepository.class);
                assertThat(readings.findBySensor("a")).extracting(Reading::getId).containsExactly("r1");
                assertThat(context.getBean(TetherDB.class).collection("readings").listIndexes())
                    .as("@Indexed and @CompoundIndex were not created").isEmpty();
                assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
                    .isThrownBy(() -> readings.save(Reading.of("b", 2).id("r2")))
                    .withMessageContaining("is open read-only; nothing was changed");
                assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
                    .isThrownBy(() -> readings.deleteAllById(List.of("r1")));
            });
        assertThat(Files.readAllBytes(file)).as("the file is unchanged").isEqualTo(before);
    }

    @Test
    void backsOffWhenRepositoriesAreDisabled() {
        this.contextRunner.withUserConfiguration(SampleApplication.class)
            .withPropertyValues("tetherdb.repositories.enabled=false")
            .run((context) -> assertThat(context).hasSingleBean(TetherTemplate.class)
                .doesNotHaveBean(ReadingRepository.class));
    }

    @Test
    void backsOffWhenUserEnablesRepositories() {
        this.contextRunner.withUserConfiguration(SampleApplication.class, OnlySensors.class)
            .run((context) -> assertThat(context).hasSingleBean(SensorRepository.class)
                .doesNotHaveBean(ReadingRepository.class));
    }

    @Test
    void backsOffWhenUserDefinesTetherOperations() {
        this.contextRunner.withUserConfiguration(SampleApplication.class, UserTemplate.class).run((context) -> {
            assertThat(context).hasSingleBean(TetherOperations.class).hasBean("tetherTemplate");
            assertThat(context.getBean(TetherOperations.class)).isInstanceOf(CountingTemplate.class);
            assertThat(context).hasSingleBean(ReadingRepository.class);
        });
    }

    @Test
    void needsJacksonForEntityMapping() {
        this.contextRunner.withUserConfiguration(SampleApplication.class)
            .withClassLoader(new FilteredClassLoader(JsonMapper.class))
            .run((context) -> assertThat(context).hasSingleBean(TetherDB.class)
                .doesNotHaveBean(TetherTemplate.class)
                .doesNotHaveBean(ReadingRepository.class));
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Reading.class)
    static class SampleApplication {

    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(basePackageClasses = Reading.class,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SensorRepository.class))
    static class OnlySensors {

    }

    @Configuration(proxyBeanMethods = false)
    static class UserTemplate {

        @Bean
        CountingTemplate tetherTemplate(TetherDB db) {
            return new CountingTemplate(db);
        }

    }

    static class CountingTemplate extends TetherTemplate {

        CountingTemplate(TetherDB db) {
            super(db, new TetherConverter(new JsonMapper(), new TetherMappingContext()));
        }

    }

}
