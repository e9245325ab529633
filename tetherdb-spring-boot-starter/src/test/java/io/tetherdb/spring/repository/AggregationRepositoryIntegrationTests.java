package io.tetherdb.spring.repository;

import static io.tetherdb.spring.repository.ReadingFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

import io.tetherdb.aggregate.Accumulators;
import io.tetherdb.aggregate.Aggregates;
import io.tetherdb.document.Document;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.SensorStats;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;

/**
 * {@code @Aggregation} methods and {@code TetherTemplate.aggregate} through a Spring context: every
 * return type, named and positional parameters, Sort and Pageable arguments, and arguments bound as
 * values, never as pipeline syntax.
 */
@DataTetherTest
class AggregationRepositoryIntegrationTests {

    @Autowired
    private ReadingRepository readings;

    @Autowired
    private TetherTemplate template;

    @BeforeEach
    void load() {
        ReadingFixture.load(this.readings);
    }

    @Test
    void readsResultsAsRecordsAndOptionals() {
        assertThat(this.readings.statsOf("a")).contains(new SensorStats("a", 3.0, 2));
        assertThat(this.readings.statsOf("nobody")).isEmpty();
        assertThat(this.readings.allStats()).containsExactly(new SensorStats("B", 7.5, 1),
                new SensorStats("a", 3.0, 2), new SensorStats("b", 10.0, 1));
    }

    @Test
    void streamsEntities() {
        try (Stream<Reading> stream = this.readings.atLeast(5)) {
            assertThat(stream.map(Reading::getId)).containsExactly("r2", "r4", "r3");
        }
    }

    @Test
    void readsSingleValues() {
        assertThat(this.readings.countBySensorAggregation("a")).isEqualTo(2);
        assertThat(this.readings.countBySensorAggregation("nobody")).isZero();
        assertThat(this.readings.totalValue()).isEqualTo(23.5);
        assertThat(this.readings.totalOfNobody()).isZero();
    }

    @Test
    void pagesSortsAndLimits() {
        Slice<Reading> first = this.readings.sliceBySensorAggregation("a", PageRequest.of(0, 1));
        assertThat(ids(first.getContent())).containsExactly("r1");
        assertThat(first.hasNext()).isTrue();
        Slice<Reading> second = this.readings.sliceBySensorAggregation("a", PageRequest.of(1, 1));
        assertThat(ids(second.getContent())).containsExactly("r2");
        assertThat(second.hasNext()).isFalse();
        assertThat(ids(this.readings.allAggregated(Sort.by(Sort.Direction.DESC, "value"))))
            .containsExactly("r3", "r4", "r2", "r1");
        assertThat(ids(this.readings.topAggregated(2))).containsExactly("r3", "r4");
    }

    @Test
    void argumentsAreValuesInExpressions() {
        Document echoed = this.readings.noteAggregation("alpha").get(0);
        assertThat(echoed).containsEntry("echo", "alpha").containsEntry("same", true);
        // text that looks like a field path or an operator stays text
        this.readings.save(Reading.of("c", 1).id("r5").note("$note"));
        Document path = this.readings.noteAggregation("$note").get(0);
        assertThat(path).containsEntry("_id", "r5").containsEntry("echo", "$note").containsEntry("same", true);
        assertThat(this.readings.groupUnderArgument("a")).containsExactly(new Document("_id", "a").append("n", 2));
        assertThat(this.readings.groupUnderArgument(Map.of("$toUpper", "$sensor")))
            .as("a map argument is a literal value, not an operator").isEmpty();
    }

    @Test
    void aConstantSlotTakesOnlyAScalar() {
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.readings.topAggregated(0))
            .withMessageContaining("$limit");
    }

    @Test
    void theTemplateAggregatesIntoAnyType() {
        List<SensorStats> stats = this.template.aggregate(List.of(
                Aggregates.group("$sensor", Accumulators.avg("mean", "$value"), Accumulators.sum("n", 1)),
                Aggregates.project(Map.of("_id", 0, "sensor", "$_id", "mean", 1, "n", 1)),
                Aggregates.sort(io.tetherdb.query.Sort.ascending("sensor"))), Reading.class, SensorStats.class);
        assertThat(stats).extracting(SensorStats::sensor).containsExactly("B", "a", "b");
        List<Document> documents = this.template.aggregate("[{$count: 'n'}]", Reading.class, Document.class);
        assertThat(documents).containsExactly(new Document("n", 4));
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.template.aggregate("[{$nope: 1}]", Reading.class, Document.class))
            .withMessageContaining("Unsupported stage '$nope'");
    }

}
