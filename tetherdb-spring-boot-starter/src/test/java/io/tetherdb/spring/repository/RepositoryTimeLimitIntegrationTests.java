package io.tetherdb.spring.repository;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.query.Filters;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.TimedReadingRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.domain.PageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Time limits of repository query methods: {@link Meta @Meta(maxExecutionTimeMs)} on every method
 * shape, the store's {@code tetherdb.query.max-time} for methods without one, and {@code @Meta}
 * in its place. A catastrophic regular expression ({@code (a+)+\1$} on 29 a's and a b backtracks for
 * minutes) stands for an expensive query; each must stop soon after its limit. Only a generous upper
 * bound is checked: the machine may be busy.
 */
@DataTetherTest(properties = "tetherdb.query.max-time=300ms")
class RepositoryTimeLimitIntegrationTests {

    static final String CATASTROPHIC = "(a+)+\\1$";

    static final String ALMOST_MATCHING = "a".repeat(29) + "b";

    /** Far beyond any limit here, far below the minutes the regex takes without one. */
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @Autowired
    private TimedReadingRepository readings;

    @Autowired
    private TetherOperations operations;

    @BeforeEach
    void load() {
        this.readings.deleteAll();
        this.readings.insert(List.of(Reading.of("s1", 1).id("r1").note("calm"),
                Reading.of(ALMOST_MATCHING, 2).id("r2").note(ALMOST_MATCHING), Reading.of("s3", 3).id("r3")));
    }

    @Test
    void metaLimitStopsEveryMethodShape() {
        assertStopsAfter(100, () -> this.readings.findByNoteRegex(CATASTROPHIC));
        assertStopsAfter(100, () -> this.readings.noteMatching(CATASTROPHIC));
        assertStopsAfter(100, () -> this.readings.countByNoteRegex(CATASTROPHIC));
        assertStopsAfter(100, () -> this.readings.countMatching(CATASTROPHIC));
        assertStopsAfter(100, () -> this.readings.existsByNoteRegex(CATASTROPHIC));
        assertStopsAfter(100, () -> this.readings.findPageByNoteRegex(CATASTROPHIC, PageRequest.of(0, 2)));
        assertStopsAfter(100, () -> this.readings.findBySensorRegex(CATASTROPHIC));
    }

    @Test
    void metaLimitStopsDeletesAndTheyRemoveNothing() {
        assertStopsAfter(100, () -> this.readings.deleteByNoteRegex(CATASTROPHIC), "delete on collection 'readings'");
        assertStopsAfter(100, () -> this.readings.deleteMatching(CATASTROPHIC), "delete on collection 'readings'");
        assertStopsAfter(100, () -> this.readings.removeByNoteRegex(CATASTROPHIC));
        assertThat(this.readings.count()).isEqualTo(3);
    }

    @Test
    void metaLimitStopsAStreamWhileItIsRead() {
        long start = System.nanoTime();
        assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> {
            try (Stream<Reading> stream = this.readings.streamByNoteRegex(CATASTROPHIC)) {
                stream.forEach((reading) -> {
                });
            }
        }).withMessageContaining("exceeded its time limit of 100 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENEROUS);
    }

    @Test
    void methodsWithoutMetaKeepTheStoreLimit() {
        assertStopsAfter(300, () -> this.readings.readByNoteRegex(CATASTROPHIC));
        assertStopsAfter(300, () -> this.readings.countBySensorRegex(CATASTROPHIC));
    }

    @Test
    void metaReplacesTheStoreLimit() {
        assertStopsAfter(600, () -> this.readings.queryByNoteRegex(CATASTROPHIC));
    }

    @Test
    void queriesWithinTheirLimitAnswer() {
        assertThat(this.readings.findByNoteRegex("^c")).extracting(Reading::getId).containsExactly("r1");
        assertThat(this.readings.countByNoteRegex("a")).isEqualTo(2);
        assertThat(this.readings.deleteByNoteRegex("^calm$")).isEqualTo(1);
        assertThat(this.readings.searchByNoteRegex("b$")).extracting(Reading::getId).containsExactly("r2");
    }

    @Test
    void templateQueriesTakeALimit() {
        TetherQuery expensive = TetherQuery.of(Filters.regex("note", CATASTROPHIC)).maxTime(Duration.ofMillis(100));
        assertStopsAfter(100, () -> this.operations.find(expensive, Reading.class));
        assertStopsAfter(100, () -> this.operations.count(expensive, Reading.class));
        assertStopsAfter(100, () -> this.operations.exists(expensive, Reading.class));
        assertStopsAfter(100, () -> this.operations.delete(expensive, Reading.class),
                "delete on collection 'readings'");
        assertStopsAfter(100, () -> this.operations.findAllAndDelete(expensive, Reading.class));
        assertStopsAfter(300, () -> this.operations.find(expensive.maxTime(null), Reading.class));
        assertThat(this.readings.count()).isEqualTo(3);
    }

    @Test
    void negativeTemplateLimitIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TetherQuery.all().maxTime(Duration.ofMillis(-1)))
            .withMessageContaining("maxTime must not be negative");
        assertThat(TetherQuery.all().maxTime(Duration.ofMillis(5)).limit(3).getMaxTime())
            .as("kept by the query's copies").isEqualTo(Duration.ofMillis(5));
    }

    private static void assertStopsAfter(long limitMillis, ThrowingCallable call) {
        assertStopsAfter(limitMillis, call, "on collection 'readings'");
    }

    private static void assertStopsAfter(long limitMillis, ThrowingCallable call, String operation) {
        long start = System.nanoTime();
        assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(call)
            .withMessageContaining(operation)
            .withMessageContaining("exceeded its time limit of " + limitMillis + " ms")
            .withCauseInstanceOf(io.tetherdb.error.QueryTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENEROUS);
    }

}
