package io.tetherdb.spring.repository;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.ReadingSummary;
import io.tetherdb.spring.repository.sample.SensorName;
import io.tetherdb.spring.repository.sample.SensorValue;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

import static io.tetherdb.spring.repository.ReadingFixture.T0;
import static io.tetherdb.spring.repository.ReadingFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Derived queries through a Spring context: every keyword, prefix and return type.
 */
@DataTetherTest
class DerivedQueryIntegrationTests {

    @Autowired
    private ReadingRepository readings;

    @BeforeEach
    void load() {
        ReadingFixture.load(this.readings);
    }

    @Test
    void equality() {
        assertThat(ids(this.readings.findBySensor("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findBySensorIs("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findBySensorEquals("b"))).containsExactly("r3");
        assertThat(ids(this.readings.findBySensorNot("a"))).containsExactlyInAnyOrder("r3", "r4");
    }

    @Test
    void comparisons() {
        assertThat(ids(this.readings.findByValueGreaterThan(5))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findByValueGreaterThanEqual(5))).containsExactlyInAnyOrder("r2", "r3", "r4");
        assertThat(ids(this.readings.findByValueLessThan(5))).containsExactly("r1");
        assertThat(ids(this.readings.findByValueLessThanEqual(5))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findByAtBefore(T0.plus(Duration.ofHours(1))))).containsExactly("r1");
        assertThat(ids(this.readings.findByAtAfter(T0.plus(Duration.ofHours(1))))).containsExactlyInAnyOrder("r3",
                "r4");
    }

    @Test
    void betweenIsExclusiveUnlessARangeSaysOtherwise() {
        assertThat(ids(this.readings.findByValueBetween(1.0, 10.0))).containsExactlyInAnyOrder("r2", "r4");
        assertThat(ids(this.readings.findByValueBetween(Range.closed(1.0, 10.0)))).hasSize(4);
        assertThat(ids(this.readings.findByValueBetween(Range.rightOpen(1.0, 10.0))))
            .containsExactlyInAnyOrder("r1", "r2", "r4");
    }

    @Test
    void inAndNotIn() {
        assertThat(ids(this.readings.findBySensorIn(List.of("a")))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findBySensorNotIn("a", "b"))).containsExactly("r4");
    }

    @Test
    void nullAndExistence() {
        assertThat(ids(this.readings.findByNoteIsNull())).containsExactly("r3");
        assertThat(ids(this.readings.findByNoteIsNotNull())).containsExactlyInAnyOrder("r1", "r2", "r4");
        // Jackson writes a null location, and $exists counts a null field as present (as in MongoDB)
        assertThat(ids(this.readings.findByLocationExists())).hasSize(4);
    }

    @Test
    void containingOnCollectionsAndStrings() {
        assertThat(ids(this.readings.findByTagsContaining("y"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findByTagsNotContaining("y"))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findByNoteContaining("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findByNoteNotContaining("a"))).containsExactlyInAnyOrder("r3", "r4");
    }

    @Test
    void stringPatterns() {
        assertThat(ids(this.readings.findByNoteStartingWith("al"))).containsExactly("r1");
        assertThat(ids(this.readings.findByNoteEndingWith("mma"))).containsExactly("r2");
        assertThat(ids(this.readings.findByNoteLike("B*a"))).containsExactly("r2");
        assertThat(ids(this.readings.findByNoteLike("alpha"))).containsExactly("r1");
        assertThat(ids(this.readings.findByNoteNotLike("B*a"))).containsExactlyInAnyOrder("r1", "r3", "r4");
        assertThat(ids(this.readings.findByNoteRegex("^al.*"))).containsExactly("r1");
        assertThat(ids(this.readings.findByNoteMatches(Pattern.compile("GAMMA", Pattern.CASE_INSENSITIVE))))
            .containsExactly("r2");
    }

    @Test
    void booleansAndEmptiness() {
        assertThat(ids(this.readings.findByActiveTrue())).containsExactlyInAnyOrder("r1", "r3");
        assertThat(ids(this.readings.findByActiveFalse())).containsExactlyInAnyOrder("r2", "r4");
        assertThat(ids(this.readings.findByTagsIsEmpty())).containsExactly("r3");
        assertThat(ids(this.readings.findByTagsIsNotEmpty())).containsExactlyInAnyOrder("r1", "r2", "r4");
        assertThat(ids(this.readings.findByNoteIsEmpty())).containsExactly("r4");
        assertThat(ids(this.readings.findByNoteIsNotEmpty())).containsExactlyInAnyOrder("r1", "r2");
    }

    @Test
    void ignoreCase() {
        assertThat(ids(this.readings.findBySensorIgnoreCase("b"))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findByNoteContainingIgnoreCase("BETA"))).containsExactly("r2");
        assertThat(ids(this.readings.findByTagsContainingIgnoreCase("x"))).containsExactlyInAnyOrder("r1", "r4");
        assertThat(ids(this.readings.findBySensorInIgnoreCase(List.of("B")))).containsExactlyInAnyOrder("r3", "r4");
    }

    @Test
    void andOrAndNestedProperties() {
        assertThat(ids(this.readings.findBySensorAndValueGreaterThan("a", 2))).containsExactly("r2");
        assertThat(ids(this.readings.findBySensorOrValueLessThan("b", 2))).containsExactlyInAnyOrder("r1", "r3");
        assertThat(ids(this.readings.findByLocationCity("Oslo"))).containsExactlyInAnyOrder("r1", "r3");
    }

    @Test
    void orderByTopFirstAndDistinct() {
        assertThat(ids(this.readings.findBySensorOrderByValueDesc("a"))).containsExactly("r2", "r1");
        this.readings.save(Reading.of("a", 3.0).id("r5"));
        assertThat(ids(this.readings.findTop2BySensorOrderByValueDesc("a"))).containsExactly("r2", "r5");
        assertThat(this.readings.findFirstBySensorOrderByValueAsc("a")).map(Reading::getId).contains("r1");
        assertThat(this.readings.findDistinctByValueGreaterThan(0)).containsExactlyInAnyOrder(new SensorName("a"),
                new SensorName("b"), new SensorName("B"));
    }

    @Test
    void prefixes() {
        assertThat(ids(this.readings.readBySensor("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.getBySensor("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.queryBySensor("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.searchBySensor("a"))).containsExactlyInAnyOrder("r1", "r2");
        try (Stream<Reading> stream = this.readings.streamBySensor("a")) {
            assertThat(stream.map(Reading::getId)).containsExactlyInAnyOrder("r1", "r2");
        }
        assertThat(this.readings.countBySensor("a")).isEqualTo(2);
        assertThat(this.readings.countByTagsContaining("y")).isEqualTo(2);
        assertThat(this.readings.existsBySensor("a")).isTrue();
        assertThat(this.readings.existsBySensor("c")).isFalse();
        assertThat(this.readings.deleteBySensor("b")).isEqualTo(1);
        assertThat(ids(this.readings.removeBySensor("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findAll())).containsExactly("r4");
    }

    @Test
    void singleResults() {
        assertThat(this.readings.findBySensorAndValue("a", 1.0).getId()).isEqualTo("r1");
        assertThat(this.readings.findBySensorAndValue("z", 1.0)).isNull();
        assertThat(this.readings.findOptionalBySensorAndValue("a", 5.0)).map(Reading::getId).contains("r2");
        assertThat(this.readings.findOptionalBySensorAndValue("z", 5.0)).isEmpty();
        this.readings.save(Reading.of("a", 1.0).id("r5"));
        assertThatExceptionOfType(IncorrectResultSizeDataAccessException.class)
            .isThrownBy(() -> this.readings.findBySensorAndValue("a", 1.0));
    }

    @Test
    void pagesSlicesSortAndLimit() {
        Page<Reading> page = this.readings.findPageBySensor("a", PageRequest.of(0, 1, Sort.by("value")));
        assertThat(ids(page.getContent())).containsExactly("r1");
        assertThat(page.getTotalElements()).isEqualTo(2);
        assertThat(page.getTotalPages()).isEqualTo(2);
        Page<Reading> second = this.readings.findPageBySensor("a", page.nextPageable());
        assertThat(ids(second.getContent())).containsExactly("r2");
        Slice<Reading> slice = this.readings.findSliceBySensor("a", PageRequest.of(0, 1, Sort.by("value")));
        assertThat(ids(slice.getContent())).containsExactly("r1");
        assertThat(slice.hasNext()).isTrue();
        assertThat(this.readings.findSliceBySensor("a", PageRequest.of(1, 1, Sort.by("value"))).hasNext()).isFalse();
        assertThat(ids(this.readings.findBySensor("a", Sort.by(Sort.Direction.DESC, "value"))))
            .containsExactly("r2", "r1");
        assertThat(ids(this.readings.findBySensor("a", Limit.of(1)))).hasSize(1);
    }

    @Test
    void projections() {
        List<ReadingSummary> summaries = this.readings.findSummaryBySensor("b");
        assertThat(summaries).singleElement().satisfies((summary) -> {
            assertThat(summary.getSensor()).isEqualTo("b");
            assertThat(summary.getValue()).isEqualTo(10.0);
        });
        assertThat(this.readings.findValuesBySensor("b")).containsExactly(new SensorValue("b", 10.0));
        assertThat(this.readings.findProjectedBySensor("b", SensorValue.class))
            .containsExactly(new SensorValue("b", 10.0));
        assertThat(this.readings.findProjectedBySensor("b", ReadingSummary.class)).singleElement()
            .extracting(ReadingSummary::getValue)
            .isEqualTo(10.0);
    }

}
