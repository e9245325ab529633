package io.tetherdb.spring.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;

/**
 * The readings the repository tests query, and a helper to name results by id.
 */
final class ReadingFixture {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private ReadingFixture() {
    }

    /**
     * r1..r4; see each line for what they hold.
     */
    static void load(ReadingRepository readings) {
        readings.deleteAll();
        readings.insert(List.of(
                Reading.of("a", 1.0).id("r1").at(T0).tags("x", "y").location("Oslo", "N").active(true).note("alpha"),
                Reading.of("a", 5.0).id("r2").at(T0.plus(Duration.ofHours(1))).tags("y").location("Rome", "S")
                    .note("Beta gamma"),
                Reading.of("b", 10.0).id("r3").at(T0.plus(Duration.ofHours(2))).location("Oslo", "S").active(true),
                Reading.of("B", 7.5).id("r4").at(T0.plus(Duration.ofHours(3))).tags("X").note("")));
    }

    static List<String> ids(Collection<? extends Reading> readings) {
        return readings.stream().map(Reading::getId).toList();
    }

}
