package io.tetherdb.spring.repository;

import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.TimedReadingRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @Meta(maxExecutionTimeMs = 0)} lifts the store's {@code tetherdb.query.max-time}, here so
 * short that every scan exceeds it.
 */
@DataTetherTest(properties = "tetherdb.query.max-time=1ns")
class MetaLiftsStoreTimeLimitIntegrationTests {

    @Autowired
    private TimedReadingRepository readings;

    @Test
    void metaZeroMeansNoLimit() {
        // a fresh store per context, and no deleteAll: it is a filtered delete, with the tiny limit
        for (int i = 0; i < 50; i++) {
            this.readings.insert(Reading.of("s", i).id("n" + i).note("note " + i));
        }
        assertThatExceptionOfType(QueryTimeoutException.class)
            .isThrownBy(() -> this.readings.readByNoteRegex("^note"))
            .withMessageContaining("exceeded its time limit of 0.000001 ms");
        assertThat(this.readings.searchByNoteRegex("^note")).hasSize(50);
    }

}
