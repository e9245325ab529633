package io.tetherdb.spring.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.SensorName;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.OffsetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.support.WindowIterator;

import static io.tetherdb.spring.repository.ReadingFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyset and offset scrolling ({@code Window}/{@code ScrollPosition}) through derived, {@code @Query}
 * and query-by-example methods, forward and backward, over sort keys with ties and nulls.
 */
@DataTetherTest
class ScrollingIntegrationTests {

    @Autowired
    private ReadingRepository readings;

    private final List<Reading> all = new ArrayList<>();

    @BeforeEach
    void load() {
        this.readings.deleteAll();
        this.all.clear();
        Instant t0 = Instant.parse("2024-05-01T10:00:00Z");
        String[] notes = { "n3", null, "n1", "n3", null, "n2", "n1", "n3", null, "n2", "n1" };
        for (int i = 0; i < notes.length; i++) {
            // values repeat, so that _id breaks the ties; one sensor is left out by the queries
            this.all.add(Reading.of((i % 4 == 3) ? "skip" : "s" + (i % 3), (i * 7) % 5).id(String.format("r%02d", i))
                .at(t0.plusSeconds(i)).note(notes[i]));
        }
        this.readings.insert(this.all);
    }

    private List<String> expected(Comparator<Reading> order) {
        return ids(this.all.stream().filter((r) -> !r.getSensor().equals("skip"))
            .sorted(order.thenComparing(Reading::getId)).toList());
    }

    private static <T> List<T> scrollAll(Function<ScrollPosition, Window<T>> query, ScrollPosition start) {
        List<T> results = new ArrayList<>();
        WindowIterator.of(query::apply).startingAt(start).forEachRemaining(results::add);
        return results;
    }

    @Test
    void derivedQueryScrollsByKeysetThroughTiesInWindowsOfItsTopSize() {
        List<String> expected = expected(Comparator.comparingDouble(Reading::getValue).reversed());

        Window<Reading> first = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", ScrollPosition.keyset());
        assertThat(ids(first.getContent())).isEqualTo(expected.subList(0, 3));
        assertThat(first.hasNext()).isTrue();
        assertThat(first.positionAt(2)).isInstanceOf(KeysetScrollPosition.class);
        assertThat(((KeysetScrollPosition) first.positionAt(2)).getKeys()).containsOnlyKeys("value", "_id");

        Window<Reading> second = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", first.positionAt(2));
        assertThat(ids(second.getContent())).isEqualTo(expected.subList(3, 6));

        List<Reading> scrolled = scrollAll(
                (position) -> this.readings.findFirst3BySensorNotOrderByValueDesc("skip", position),
                ScrollPosition.keyset());
        assertThat(ids(scrolled)).isEqualTo(expected).hasSize(9);
    }

    @Test
    void keysetScrollingBackwardReturnsTheWindowBeforeThePositionInQueryOrder() {
        List<String> expected = expected(Comparator.comparingDouble(Reading::getValue).reversed());
        Window<Reading> first = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", ScrollPosition.keyset());
        Window<Reading> second = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", first.positionAt(2));

        KeysetScrollPosition atSecondsFirst = (KeysetScrollPosition) second.positionAt(0);
        Window<Reading> back = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", atSecondsFirst.backward());

        assertThat(ids(back.getContent())).isEqualTo(expected.subList(0, 3));
        assertThat(back.hasNext()).as("nothing before the first window").isFalse();
        Window<Reading> last = this.readings.findFirst3BySensorNotOrderByValueDesc("skip",
                ScrollPosition.keyset().backward());
        assertThat(ids(last.getContent())).isEqualTo(expected.subList(6, 9));
        assertThat(last.hasNext()).isTrue();
    }

    @Test
    void nullsSortFirstAndTheKeysetFilterKeepsThemInPlaceBothWays() {
        Comparator<Reading> byNote = Comparator.comparing(Reading::getNote,
                Comparator.nullsFirst(Comparator.naturalOrder()));
        List<String> ascending = expected(byNote);
        List<String> descending = expected(byNote.reversed());

        for (int size = 1; size <= 4; size++) {
            Limit limit = Limit.of(size);
            assertThat(ids(scrollAll((position) -> this.readings.findBySensorNot("skip", position,
                    Sort.by("note"), limit), ScrollPosition.keyset()))).as("ascending by %d", size)
                .isEqualTo(ascending);
            // descending on note, ties broken by _id ascending, as the expectation's comparator does
            List<String> scrolledDown = ids(scrollAll((position) -> this.readings.findBySensorNot("skip", position,
                    Sort.by(Sort.Order.desc("note")), limit), ScrollPosition.keyset()));
            assertThat(scrolledDown).as("descending by %d", size).isEqualTo(descending);
        }
        assertThat(descending).hasSize(9).endsWith("r01", "r04", "r08");
    }

    @Test
    void offsetScrollingSkipsAndItsPositionsCountFromTheStart() {
        List<String> expected = expected(Comparator.comparingDouble(Reading::getValue).reversed());

        Window<Reading> first = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", ScrollPosition.offset());
        assertThat(ids(first.getContent())).isEqualTo(expected.subList(0, 3));
        assertThat(first.positionAt(2)).isEqualTo(ScrollPosition.offset(2));
        Window<Reading> second = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", first.positionAt(2));
        assertThat(ids(second.getContent())).isEqualTo(expected.subList(3, 6));
        assertThat(second.positionAt(0)).isEqualTo(ScrollPosition.offset(3));

        assertThat(ids(scrollAll((position) -> this.readings.findFirst3BySensorNotOrderByValueDesc("skip", position),
                ScrollPosition.offset()))).isEqualTo(expected);
        Window<Reading> end = this.readings.findFirst3BySensorNotOrderByValueDesc("skip", ScrollPosition.offset(6));
        assertThat(ids(end.getContent())).isEqualTo(expected.subList(7, 9));
        assertThat(end.hasNext()).isFalse();
    }

    @Test
    void queryMethodsScrollWithTheirOwnSortAndALimitParameter() {
        List<String> expected = ids(this.all.stream().filter((r) -> r.getValue() >= 2)
            .sorted(Comparator.comparing(Reading::getSensor)
                .thenComparing(Comparator.comparingDouble(Reading::getValue).reversed())
                .thenComparing(Reading::getId))
            .toList());

        Window<Reading> first = this.readings.scrollAtLeast(2, ScrollPosition.keyset(), Limit.of(2));
        assertThat(ids(first.getContent())).isEqualTo(expected.subList(0, 2));
        assertThat(ids(scrollAll((position) -> this.readings.scrollAtLeast(2, position, Limit.of(2)),
                ScrollPosition.keyset()))).isEqualTo(expected);
        assertThat(ids(scrollAll((position) -> this.readings.scrollAtLeast(2, position, Limit.of(3)),
                ScrollPosition.offset()))).isEqualTo(expected);
        Window<Reading> unlimited = this.readings.scrollAtLeast(2, ScrollPosition.keyset(), Limit.unlimited());
        assertThat(ids(unlimited.getContent())).isEqualTo(expected);
        assertThat(unlimited.hasNext()).isFalse();
    }

    @Test
    void projectionsScrollAndTheirPositionsStillHoldTheSortKeys() {
        List<String> notes = this.all.stream().map(Reading::getNote)
            .sorted(Comparator.nullsFirst(Comparator.naturalOrder())).map(String::valueOf).toList();
        List<String> sensorsInNoteOrder = this.all.stream()
            .sorted(Comparator.comparing(Reading::getNote, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(Reading::getId))
            .map(Reading::getSensor).toList();

        List<SensorName> scrolled = scrollAll(this.readings::findTop4ByOrderByNoteAsc, ScrollPosition.keyset());

        assertThat(scrolled).extracting(SensorName::sensor).isEqualTo(sensorsInNoteOrder);
        assertThat(notes).hasSize(11);
        Window<SensorName> first = this.readings.findTop4ByOrderByNoteAsc(ScrollPosition.keyset());
        assertThat(((KeysetScrollPosition) first.positionAt(2)).getKeys()).containsEntry("note", null)
            .containsKey("_id");
    }

    @Test
    void queryByExampleScrollsThroughTheFluentApi() {
        Reading probe = new Reading();
        probe.setSensor("s1");
        List<String> expected = ids(this.all.stream().filter((r) -> r.getSensor().equals("s1"))
            .sorted(Comparator.comparing(Reading::getAt).reversed()).toList());

        List<Reading> scrolled = scrollAll((position) -> this.readings.findBy(Example.of(probe,
                org.springframework.data.domain.ExampleMatcher.matching().withIgnorePaths("value", "active", "tags")),
                (query) -> query.sortBy(Sort.by(Sort.Order.desc("at"))).limit(1).scroll(position)),
                ScrollPosition.keyset());

        assertThat(ids(scrolled)).isEqualTo(expected).hasSize(3);
        Window<SensorName> projected = this.readings.findBy(Example.of(probe,
                org.springframework.data.domain.ExampleMatcher.matching().withIgnorePaths("value", "active", "tags")),
                (query) -> query.as(SensorName.class).limit(2).scroll(ScrollPosition.offset()));
        assertThat(projected.getContent()).extracting(SensorName::sensor).containsExactly("s1", "s1");
        assertThat(projected.hasNext()).isTrue();
    }

    @Test
    void aHandMadePositionNamingPropertiesOrFieldsWorks() {
        List<String> expected = expected(Comparator.comparingDouble(Reading::getValue).reversed());
        Reading third = this.all.stream().filter((r) -> r.getId().equals(expected.get(2))).findFirst().orElseThrow();

        Window<Reading> window = this.readings.findFirst3BySensorNotOrderByValueDesc("skip",
                ScrollPosition.forward(Map.of("value", third.getValue(), "_id", third.getId())));

        assertThat(ids(window.getContent())).isEqualTo(expected.subList(3, 6));
    }

}
