package io.tetherdb.sample.reading;

import java.time.Duration;
import java.time.Instant;
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
 * The readings API: ingest of one reading and of batches, get, list, delete, and the errors of
 * each, with proof that a refused request stores nothing.
 */
class ReadingApiIntegrationTests extends AbstractApiIntegrationTests {

    @Test
    void createStoresReadingWithTheSensorsDefaultsAndTheDefaultRetention() {
        registerOfficeSensor();
        long before = System.currentTimeMillis();
        MvcTestResult result = post("/api/readings", """
                {"sensorId": "office-temp", "value": 21.5, "timestamp": "2026-01-02T03:04:05Z", "tags": ["manual"]}""");

        assertThat(result).hasStatus(HttpStatus.CREATED);
        String id = json(result, "$._id");
        assertThat(result).hasHeader("Location", "/api/readings/" + id);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"sensorId": "office-temp", "type": "temperature", "value": 21.5, "unit": "°C", "location": "office",
                 "ts": 1767323045000, "timestamp": "2026-01-02T03:04:05.000Z", "_tags": ["manual"]}""");
        long expiresAt = ((Number) json(result, "$.expiresAt")).longValue();
        assertThat(expiresAt).isBetween(before + Duration.ofDays(7).toMillis(),
                System.currentTimeMillis() + Duration.ofDays(7).toMillis());
        assertThat(this.readings.get(id)).hasValueSatisfying((reading) -> assertThat(reading.value()).isEqualTo(21.5));
    }

    @Test
    void createTakesTheTimeOfArrivalWhenTheReadingHasNoTimestamp() {
        registerOfficeSensor();
        long before = System.currentTimeMillis();
        MvcTestResult result = post("/api/readings", """
                {"sensorId": "office-temp", "value": 20}""");

        assertThat(result).hasStatus(HttpStatus.CREATED);
        long ts = ((Number) json(result, "$.ts")).longValue();
        assertThat(ts).isBetween(before, System.currentTimeMillis());
        assertThat((String) json(result, "$.timestamp")).isEqualTo(Reading.formatTimestamp(Instant.ofEpochMilli(ts)));
    }

    @Test
    void createHonoursATtlParameterInPlaceOfTheRetention() {
        registerOfficeSensor();
        MvcTestResult result = post("/api/readings?ttl=2h", """
                {"sensorId": "office-temp", "value": 20}""");

        assertThat(result).hasStatus(HttpStatus.CREATED);
        long expiresAt = ((Number) json(result, "$.expiresAt")).longValue();
        assertThat(expiresAt - System.currentTimeMillis()).isCloseTo(Duration.ofHours(2).toMillis(), within(5_000L));
    }

    @Test
    void aReadingPastItsTtlIsNeitherReturnedNorFound() throws InterruptedException {
        registerOfficeSensor();
        String id = json(post("/api/readings?ttl=PT0.3S", """
                {"sensorId": "office-temp", "value": 20}"""), "$._id");
        assertThat(get("/api/readings/{id}", id)).hasStatusOk();

        Thread.sleep(600);

        assertProblem(get("/api/readings/{id}", id), HttpStatus.NOT_FOUND, "No reading with id '" + id + "'");
        assertThat((Integer) json(get("/api/readings"), "$.total")).isZero();
    }

    @Test
    void createTakesBlankTypeUnitAndLocationAsLeftOut() {
        registerOfficeSensor();

        assertThat(post("/api/readings", """
                {"sensorId": "office-temp", "value": 20, "type": "", "unit": " ", "location": ""}"""))
            .hasStatus(HttpStatus.CREATED).bodyJson().isLenientlyEqualTo("""
                {"type": "temperature", "unit": "°C", "location": "office"}""");
    }

    @Test
    void createAcceptsAnUnregisteredSensorThatNamesTypeAndUnit() {
        MvcTestResult result = post("/api/readings", """
                {"sensorId": "attic-temp", "value": 9.5, "type": "temperature", "unit": "°C"}""");

        assertThat(result).hasStatus(HttpStatus.CREATED);
        assertThat(result).bodyJson().extractingPath("$.location").isNull();
    }

    @Test
    void createKeepsAClientChosenIdAndRefusesItTheSecondTime() {
        registerOfficeSensor();
        String body = """
                {"id": "office-temp.20260101T0000", "sensorId": "office-temp", "value": 20}""";
        assertThat(post("/api/readings", body)).hasStatus(HttpStatus.CREATED)
            .bodyJson().extractingPath("$._id").isEqualTo("office-temp.20260101T0000");

        assertProblem(post("/api/readings", body.replace("\"value\": 20", "\"value\": 99")), HttpStatus.CONFLICT,
                "The id 'office-temp.20260101T0000' is already taken", "nothing was stored");
        assertThat(this.readings.get("office-temp.20260101T0000"))
            .hasValueSatisfying((reading) -> assertThat(reading.value()).isEqualTo(20));
    }

    @Test
    void createRefusesAValueOfTheWrongType() {
        registerOfficeSensor();
        assertProblem(post("/api/readings", """
                {"sensorId": "office-temp", "value": "warm"}"""), HttpStatus.BAD_REQUEST,
                "Field 'value' has the wrong type", "\"warm\" is not a number");
        assertProblem(post("/api/readings", """
                {"sensorId": "office-temp", "value": 20, "tags": "manual"}"""), HttpStatus.BAD_REQUEST,
                "Field 'tags' has the wrong type: expected JSON array");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createRefusesMalformedJsonWithItsPosition() {
        assertProblem(post("/api/readings", "{\"sensorId\": \"office-temp\",\n \"value\": 20,"), HttpStatus.BAD_REQUEST,
                "Malformed JSON at line 2");
        assertProblem(post("/api/readings", ""), HttpStatus.BAD_REQUEST, "Request body is missing");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createRefusesAnUnknownField() {
        registerOfficeSensor();
        assertProblem(post("/api/readings", """
                {"sensorId": "office-temp", "vaule": 20}"""), HttpStatus.BAD_REQUEST, "Unknown field 'vaule'");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createListsEveryInvalidField() {
        MvcTestResult result = post("/api/readings", """
                {"sensorId": "no spaces", "timestamp": "yesterday", "tags": ["ok", "not ok", "ok"]}""");

        assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid reading");
        assertThat(result).bodyJson().extractingPath("$.errors").asArray().containsExactly(
                "sensorId: 'no spaces' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                "value: is required",
                "timestamp: 'yesterday' is not an ISO-8601 instant such as 2026-11-01T10:15:30Z",
                "tags[1]: 'not ok' is not a tag of 1 to 32 letters, digits, '.', '_', ':' or '-'",
                "tags[2]: 'ok' is repeated");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createAcceptsTimestampsFrom1970ToTheEndOf9999() {
        registerOfficeSensor();

        MvcTestResult first = post("/api/readings", """
                {"sensorId": "office-temp", "value": 1, "timestamp": "1970-01-01T00:00:00Z"}""");
        MvcTestResult last = post("/api/readings", """
                {"sensorId": "office-temp", "value": 2, "timestamp": "9999-12-31T23:59:59.9999Z"}""");

        assertThat(first).hasStatus(HttpStatus.CREATED).bodyJson().isLenientlyEqualTo("""
                {"ts": 0, "timestamp": "1970-01-01T00:00:00.000Z"}""");
        assertThat(last).hasStatus(HttpStatus.CREATED).bodyJson().isLenientlyEqualTo("""
                {"ts": 253402300799999, "timestamp": "9999-12-31T23:59:59.999Z"}""");
    }

    @Test
    void createRefusesATimestampOutsideTheAcceptedRange() {
        registerOfficeSensor();
        // the last one is beyond the range of epoch milliseconds: it used to be a 500
        for (String timestamp : List.of("+20000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
                "-0001-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z")) {
            MvcTestResult result = post("/api/readings", """
                    {"sensorId": "office-temp", "value": 20, "timestamp": "%s"}""".formatted(timestamp));

            assertProblem(result, HttpStatus.BAD_REQUEST, "timestamp: '" + timestamp
                    + "' is outside the accepted range, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z");
            assertThat(result).bodyJson().extractingPath("$.errors").asArray().singleElement().asString()
                .startsWith("timestamp: ");
        }
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createRefusesAnUnregisteredSensorWithoutTypeAndUnit() {
        assertProblem(post("/api/readings", """
                {"sensorId": "attic-temp", "value": 9.5}"""), HttpStatus.BAD_REQUEST,
                "type: is required because sensor 'attic-temp' is not registered",
                "unit: is required because sensor 'attic-temp' is not registered");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createRefusesAnInvalidTtl() {
        registerOfficeSensor();
        String body = """
                {"sensorId": "office-temp", "value": 20}""";
        assertProblem(post("/api/readings?ttl=soon", body), HttpStatus.BAD_REQUEST, "ttl 'soon' is not a duration");
        assertProblem(post("/api/readings?ttl=0s", body), HttpStatus.BAD_REQUEST, "ttl must be positive");
        assertProblem(post("/api/readings?ttl=1000d", body), HttpStatus.BAD_REQUEST, "ttl must be at most 366 days");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createRefusesABodyOverTheSizeLimit() {
        registerOfficeSensor();
        String body = "{\"sensorId\": \"office-temp\", \"value\": 20, \"location\": \"" + "x".repeat(1_100_000) + "\"}";

        assertProblem(post("/api/readings", body), HttpStatus.CONTENT_TOO_LARGE, "exceeds the limit of 1048576 bytes",
                "nothing was stored");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void createRefusesAnotherMediaType() {
        MvcTestResult result = this.mvc.post().uri("/api/readings").contentType("text/plain").content("20").exchange();

        assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain");
    }

    @Test
    void batchStoresEveryReadingInOneCall() {
        registerOfficeSensor();
        MvcTestResult result = post("/api/readings/batch?ttl=1d", """
                [{"sensorId": "office-temp", "value": 20.0, "tags": ["a"]},
                 {"sensorId": "office-temp", "value": 20.5, "tags": ["b"]},
                 {"sensorId": "cellar-temp", "value": 12.0, "type": "temperature", "unit": "°C", "id": "c1"}]""");

        assertThat(result).hasStatus(HttpStatus.CREATED);
        assertThat(result).bodyJson().extractingPath("$.count").isEqualTo(3);
        List<String> ids = json(result, "$.ids");
        assertThat(ids).hasSize(3).contains("c1");
        assertThat(this.readings.count()).isEqualTo(3);
        assertThat(get("/api/readings/{id}", ids.get(1))).bodyJson().isLenientlyEqualTo("""
                {"value": 20.5, "unit": "°C", "_tags": ["b"]}""");
        long expiresAt = ((Number) json(result, "$.expiresAt")).longValue();
        assertThat(expiresAt - System.currentTimeMillis()).isCloseTo(Duration.ofDays(1).toMillis(), within(5_000L));
    }

    @Test
    void batchStoresNothingWhenOneReadingIsInvalid() {
        registerOfficeSensor();
        MvcTestResult result = post("/api/readings/batch", """
                [{"sensorId": "office-temp", "value": 20.0},
                 {"sensorId": "office-temp"},
                 null]""");

        assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid batch, nothing was stored", "[1].value: is required",
                "[2]: must be a reading, not null");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void batchStoresNothingWhenOneTimestampIsOutsideTheAcceptedRange() {
        registerOfficeSensor();
        MvcTestResult result = post("/api/readings/batch", """
                [{"sensorId": "office-temp", "value": 20.0, "timestamp": "2026-01-01T00:00:00Z"},
                 {"sensorId": "office-temp", "value": 21.0, "timestamp": "+20000-01-01T00:00:00Z"},
                 {"sensorId": "office-temp", "value": 22.0, "timestamp": "+1000000000-01-01T00:00:00Z"}]""");

        assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid batch, nothing was stored",
                "[1].timestamp: '+20000-01-01T00:00:00Z' is outside the accepted range",
                "[2].timestamp: '+1000000000-01-01T00:00:00Z' is outside the accepted range");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void batchStoresNothingWhenOneValueHasTheWrongType() {
        registerOfficeSensor();
        assertProblem(post("/api/readings/batch", """
                [{"sensorId": "office-temp", "value": 20.0}, {"sensorId": "office-temp", "value": [1]}]"""),
                HttpStatus.BAD_REQUEST, "Field '[1].value' has the wrong type");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void batchStoresNothingWhenAnIdIsTakenOrRepeated() {
        registerOfficeSensor();
        post("/api/readings", """
                {"id": "r1", "sensorId": "office-temp", "value": 1}""");

        assertProblem(post("/api/readings/batch", """
                [{"id": "r2", "sensorId": "office-temp", "value": 2}, {"id": "r1", "sensorId": "office-temp", "value": 3}]"""),
                HttpStatus.CONFLICT, "'r1' is already taken", "nothing was stored");
        assertProblem(post("/api/readings/batch", """
                [{"id": "r3", "sensorId": "office-temp", "value": 2}, {"id": "r3", "sensorId": "office-temp", "value": 3}]"""),
                HttpStatus.CONFLICT, "'r3'");
        assertThat(this.readings.count()).isEqualTo(1);
    }

    @Test
    void batchRefusesMoreReadingsThanTheLimit() {
        registerOfficeSensor();
        String batch = IntStream.range(0, 1001)
            .mapToObj((i) -> "{\"sensorId\": \"office-temp\", \"value\": " + i + "}")
            .collect(Collectors.joining(",", "[", "]"));

        assertProblem(post("/api/readings/batch", batch), HttpStatus.CONTENT_TOO_LARGE,
                "Batch of 1001 readings exceeds the limit of 1000", "nothing was stored");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void batchRefusesABodyOverTheSizeLimit() {
        registerOfficeSensor();
        String reading = "{\"sensorId\": \"office-temp\", \"value\": 1, \"location\": \"" + "x".repeat(60) + "\"}";
        String batch = IntStream.range(0, 12_000).mapToObj((i) -> reading).collect(Collectors.joining(",", "[", "]"));

        assertProblem(post("/api/readings/batch", batch), HttpStatus.CONTENT_TOO_LARGE, "exceeds the limit");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void batchRefusesAnEmptyArrayAndAnObject() {
        assertProblem(post("/api/readings/batch", "[]"), HttpStatus.BAD_REQUEST, "The batch is empty");
        assertProblem(post("/api/readings/batch", """
                {"sensorId": "office-temp", "value": 1}"""), HttpStatus.BAD_REQUEST,
                "Request body has the wrong shape: expected JSON array");
    }

    @Test
    void getAnswers404ForAnUnknownId() {
        assertProblem(get("/api/readings/nope"), HttpStatus.NOT_FOUND, "No reading with id 'nope'");
    }

    @Test
    void deleteRemovesTheReading() {
        registerOfficeSensor();
        String id = json(post("/api/readings", """
                {"sensorId": "office-temp", "value": 20}"""), "$._id");

        assertThat(this.mvc.delete().uri("/api/readings/{id}", id)).hasStatus(HttpStatus.NO_CONTENT);

        assertThat(get("/api/readings/{id}", id)).hasStatus(HttpStatus.NOT_FOUND);
        assertProblem(this.mvc.delete().uri("/api/readings/{id}", id).exchange(), HttpStatus.NOT_FOUND, id);
    }

    @Test
    void listShowsTheMostRecentFirstPageByPage() {
        registerOfficeSensor();
        post("/api/readings/batch", IntStream.range(0, 7)
            .mapToObj((i) -> "{\"sensorId\": \"office-temp\", \"value\": " + i + ", \"timestamp\": \"2026-01-01T00:0" + i
                    + ":00Z\"}")
            .collect(Collectors.joining(",", "[", "]")));
        post("/api/readings", """
                {"sensorId": "cellar", "value": 12, "type": "temperature", "unit": "°C", "timestamp": "2025-12-31T00:00:00Z"}""");

        MvcTestResult first = get("/api/readings?size=3");
        assertThat(first).hasStatusOk();
        assertThat(first).bodyJson().extractingPath("$.items[*].value").asArray().containsExactly(6.0, 5.0, 4.0);
        assertThat(first).bodyJson().isLenientlyEqualTo("""
                {"page": 0, "size": 3, "total": 8}""");
        assertThat(get("/api/readings?size=3&page=2")).bodyJson().extractingPath("$.items[*].value").asArray()
            .containsExactly(0.0, 12.0);
        assertThat(get("/api/readings?sensorId=cellar")).bodyJson().isLenientlyEqualTo("""
                {"items": [{"sensorId": "cellar"}], "total": 1}""");
    }

    @Test
    void listRefusesPagingOutOfRange() {
        assertProblem(get("/api/readings?size=0"), HttpStatus.BAD_REQUEST, "size must be between 1 and 500 but was 0");
        assertProblem(get("/api/readings?size=501"), HttpStatus.BAD_REQUEST, "size must be between 1 and 500");
        assertProblem(get("/api/readings?page=-1"), HttpStatus.BAD_REQUEST, "page must be 0 or more");
        assertProblem(get("/api/readings?page=first"), HttpStatus.BAD_REQUEST, "'page'", "first");
    }
}
