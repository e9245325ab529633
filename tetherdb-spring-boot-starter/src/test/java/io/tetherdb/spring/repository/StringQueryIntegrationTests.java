package io.tetherdb.spring.repository;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.SensorValue;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import static io.tetherdb.spring.repository.ReadingFixture.T0;
import static io.tetherdb.spring.repository.ReadingFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Query} methods through a Spring context: positional and named parameters, the count,
 * exists, delete, sort and fields attributes, and Sort, Pageable and Limit arguments.
 */
@DataTetherTest
class StringQueryIntegrationTests {

    @Autowired
    private ReadingRepository readings;

    @BeforeEach
    void load() {
        ReadingFixture.load(this.readings);
    }

    @Test
    void positionalAndNamedParameters() {
        assertThat(ids(this.readings.findAbove(5))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findNamed("a", 2))).containsExactly("r2");
        assertThat(ids(this.readings.findWindow("a", T0, T0.plus(Duration.ofHours(1))))).containsExactly("r1");
        assertThat(ids(this.readings.inQuery(List.of("a", "b")))).containsExactlyInAnyOrder("r1", "r2", "r3");
        assertThat(ids(this.readings.tagQuery("x"))).containsExactly("r1");
        assertThat(ids(this.readings.sensorOrNoteQuery("alpha"))).containsExactly("r1");
        assertThat(ids(this.readings.noteRegexQuery("^B"))).containsExactly("r2");
    }

    @Test
    void countExistsAndDelete() {
        assertThat(this.readings.countQuery("a")).isEqualTo(2);
        assertThat(this.readings.existsQuery("b")).isTrue();
        assertThat(this.readings.existsQuery("c")).isFalse();
        assertThat(this.readings.deleteQuery("a")).isEqualTo(2);
        assertThat(this.readings.count()).isEqualTo(2);
    }

    @Test
    void sortAndFieldsAttributes() {
        assertThat(ids(this.readings.sortedQuery("a"))).containsExactly("r2", "r1");
        List<Reading> sparse = this.readings.fieldsQuery("a");
        assertThat(sparse).hasSize(2).allSatisfy((reading) -> {
            assertThat(reading.getId()).isNotNull();
            assertThat(reading.getSensor()).isEqualTo("a");
            assertThat(reading.getNote()).isNull();
            assertThat(reading.getValue()).isZero();
        });
    }

    @Test
    void sortPageableAndLimitArguments() {
        assertThat(ids(this.readings.sortQuery("a", Sort.by(Sort.Direction.DESC, "value")))).containsExactly("r2",
                "r1");
        Page<Reading> page = this.readings.pageQuery("a", PageRequest.of(1, 1, Sort.by("value")));
        assertThat(ids(page.getContent())).containsExactly("r2");
        assertThat(page.getTotalElements()).isEqualTo(2);
        assertThat(this.readings.limitQuery("a", Limit.of(1))).hasSize(1);
    }

    @Test
    void streamsOptionalsAndProjections() {
        try (Stream<Reading> stream = this.readings.streamQuery("a")) {
            assertThat(stream.map(Reading::getId)).containsExactlyInAnyOrder("r1", "r2");
        }
        assertThat(this.readings.oneQuery("a", 5.0)).map(Reading::getId).contains("r2");
        assertThat(this.readings.oneQuery("a", 6.0)).isEmpty();
        assertThat(this.readings.valuesQuery("b")).containsExactly(new SensorValue("b", 10.0));
    }

}
