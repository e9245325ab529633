package io.tetherdb.spring.repository;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.spring.autoconfigure.DataTetherAutoConfiguration;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.DataTetherRepositoriesAutoConfiguration;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.repository.config.EnableTetherRepositories;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A store failure met while a returned {@code Stream} is consumed is a Spring
 * {@code DataAccessException}, as on every other path: the store is closed mid-stream. Each test
 * has its own context, since it closes the store.
 */
class StreamTranslationIntegrationTests {

    private static final int COUNT = 2000;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class, DataTetherAutoConfiguration.class,
                DataTetherRepositoriesAutoConfiguration.class))
        .withUserConfiguration(ReadingsConfiguration.class)
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void repositoryStreamTranslatesAFailureWhileConsumed() {
        this.contextRunner.run((context) -> {
            ReadingRepository readings = context.getBean(ReadingRepository.class);
            readings.insert(readings("a"));
            try (Stream<Reading> stream = readings.streamBySensor("a")) {
                Iterator<Reading> iterator = stream.iterator();
                assertThat(iterator.next().getSensor()).isEqualTo("a");
                context.getBean(TetherDB.class).close();
                assertThatExceptionOfType(DataAccessResourceFailureException.class)
                    .isThrownBy(() -> drain(iterator))
                    .withCauseInstanceOf(StoreClosedException.class)
                    .withMessageContaining("closed");
            }
        });
    }

    @Test
    void templateStreamsTranslateAFailureWhileConsumed() {
        this.contextRunner.run((context) -> {
            TetherOperations operations = context.getBean(TetherOperations.class);
            operations.insertAll(readings("b"));
            try (Stream<Reading> entities = operations.stream(TetherQuery.all(), Reading.class);
                    Stream<Document> documents = operations.streamDocuments(TetherQuery.all(), Reading.class)) {
                Iterator<Reading> entityIterator = entities.iterator();
                Iterator<Document> documentIterator = documents.iterator();
                entityIterator.next();
                documentIterator.next();
                context.getBean(TetherDB.class).close();
                assertThatExceptionOfType(DataAccessResourceFailureException.class)
                    .isThrownBy(() -> drain(entityIterator))
                    .withCauseInstanceOf(StoreClosedException.class);
                assertThatExceptionOfType(DataAccessResourceFailureException.class)
                    .isThrownBy(() -> drain(documentIterator))
                    .withCauseInstanceOf(StoreClosedException.class);
            }
        });
    }

    @Test
    void terminalOperationsOnAStreamTranslateToo() {
        this.contextRunner.run((context) -> {
            TetherOperations operations = context.getBean(TetherOperations.class);
            operations.insertAll(readings("c"));
            try (Stream<Reading> entities = operations.stream(TetherQuery.all(), Reading.class)) {
                context.getBean(TetherDB.class).close();
                assertThatExceptionOfType(DataAccessResourceFailureException.class)
                    .isThrownBy(entities::toList)
                    .withCauseInstanceOf(StoreClosedException.class);
            }
        });
    }

    private static List<Reading> readings(String sensor) {
        List<Reading> readings = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            readings.add(Reading.of(sensor, i));
        }
        return readings;
    }

    private static void drain(Iterator<?> iterator) {
        while (iterator.hasNext()) {
            iterator.next();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTetherRepositories(basePackageClasses = ReadingRepository.class,
            includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ReadingRepository.class))
    static class ReadingsConfiguration {

    }

}
