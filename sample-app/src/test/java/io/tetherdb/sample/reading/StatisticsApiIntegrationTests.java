package io.tetherdb.sample.reading;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tetherdb.sample.AbstractApiIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Per-sensor statistics and chart series over a window of time ending now.
 */
class StatisticsApiIntegrationTests extends AbstractApiIntegrationTests {

    private static String at(Instant now, long minutesAgo) {
        return now.minus(minutesAgo, ChronoUnit.MINUTES).toString();
    }

    private void storeOfficeReadings(Instant now) {
        registerOfficeSensor();
        post("/api/readings/batch", """
                [{"sensorId": "office-temp", "value": 18, "timestamp": "%s"},
                 {"sensorId": "office-temp", "value": 20, "timestamp": "%s"},
                 {"sensorId": "office-temp", "value": 25, "timestamp": "%s"},
                 {"sensorId": "office-temp", "value": 99, "timestamp": "%s"},
                 {"sensorId": "cellar", "value": 12, "type": "temperature", "unit": "°C", "timestamp": "%s"}]"""
            .formatted(at(now, 50), at(now, 30), at(now, 10), at(now, 180), at(now, 5)));
    }

    @Test
    void sensorStatisticsCoverTheWindowOnly() {
        storeOfficeReadings(Instant.now());

        MvcTestResult result = get("/api/sensors/office-temp/statistics?window=1h");

        assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"sensorId": "office-temp", "type": "temperature", "unit": "°C", "count": 3, "min": 18.0, "max": 25.0,
                 "latest": 25.0}""");
        assertThat((Double) json(result, "$.average")).isCloseTo(21.0, within(1e-9));
        long from = ((Number) json(result, "$.from")).longValue();
        long to = ((Number) json(result, "$.to")).longValue();
        assertThat(to - from).isEqualTo(3_600_000);
        assertThat(get("/api/sensors/office-temp/statistics?window=PT4H")).bodyJson()
            .extractingPath("$.max").isEqualTo(99.0);
    }

    @Test
    void sensorStatisticsOfARegisteredSensorWithoutReadingsAreEmpty() {
        registerOfficeSensor();

        assertThat(get("/api/sensors/office-temp/statistics")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"sensorId": "office-temp", "unit": "°C", "count": 0, "min": null, "max": null, "average": null}""");
    }

    @Test
    void statisticsListEverySensorWithReadingsInTheWindow() {
        storeOfficeReadings(Instant.now());

        MvcTestResult result = get("/api/statistics?window=1h");

        assertThat(result).hasStatusOk().bodyJson().extractingPath("$[*].sensorId").asArray()
            .containsExactly("cellar", "office-temp");
        assertThat(result).bodyJson().extractingPath("$[*].count").asArray().containsExactly(1, 3);
    }

    @Test
    void seriesListsValuesOldestFirst() {
        storeOfficeReadings(Instant.now());

        MvcTestResult result = get("/api/sensors/office-temp/series?window=1h");

        assertThat(result).hasStatusOk().bodyJson().extractingPath("$.points[*].value").asArray()
            .containsExactly(18.0, 20.0, 25.0);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"sensorId": "office-temp", "unit": "°C", "readings": 3}""");
    }

    @Test
    void seriesAveragesIntoTheNumberOfPointsAskedFor() {
        registerOfficeSensor();
        Instant now = Instant.now();
        post("/api/readings/batch", IntStream.range(0, 120)
            .mapToObj((i) -> "{\"sensorId\": \"office-temp\", \"value\": " + (i % 2) + ", \"timestamp\": \"" + at(now, i)
                    + "\"}")
            .collect(Collectors.joining(",", "[", "]")));

        MvcTestResult result = get("/api/sensors/office-temp/series?window=2h&points=10");

        assertThat(result).hasStatusOk().bodyJson().extractingPath("$.readings").isEqualTo(120);
        List<Double> values = json(result, "$.points[*].value");
        assertThat(values).hasSizeBetween(10, 11).allSatisfy((value) -> assertThat(value).isCloseTo(0.5, within(0.1)));
        List<Number> times = json(result, "$.points[*].ts");
        assertThat(times).isSortedAccordingTo((a, b) -> Long.compare(a.longValue(), b.longValue()));
    }

    @Test
    void aReadingTimeStampedAfterNowIsNotInAWindowEndingNow() {
        Instant now = Instant.now();
        storeOfficeReadings(now);
        post("/api/readings", """
                {"sensorId": "office-temp", "value": 77, "timestamp": "9999-12-31T23:59:59.999Z"}""");

        assertThat(get("/api/sensors/office-temp/statistics?window=1h")).bodyJson().isLenientlyEqualTo("""
                {"count": 3, "max": 25.0, "latest": 25.0}""");
        assertThat(get("/api/statistics?window=1h")).bodyJson().extractingPath("$[*].count").asArray()
            .containsExactly(1, 3);
        assertThat(get("/api/sensors/office-temp/series?window=1h")).bodyJson()
            .extractingPath("$.points[*].value").asArray().containsExactly(18.0, 20.0, 25.0);
    }

    @Test
    void unknownSensorAndInvalidParametersAreRefused() {
        assertProblem(get("/api/sensors/nobody/statistics"), HttpStatus.NOT_FOUND,
                "No sensor with id 'nobody' and no readings from it");
        assertProblem(get("/api/sensors/nobody/series"), HttpStatus.NOT_FOUND, "nobody");
        registerOfficeSensor();
        assertProblem(get("/api/sensors/office-temp/statistics?window=yesterday"), HttpStatus.BAD_REQUEST,
                "window 'yesterday' is not a duration");
        assertProblem(get("/api/statistics?window=-1h"), HttpStatus.BAD_REQUEST, "window must be positive");
        assertProblem(get("/api/sensors/office-temp/series?points=0"), HttpStatus.BAD_REQUEST,
                "points must be between 1 and 2000");
    }
}
