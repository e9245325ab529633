package io.tetherdb.sample.reading;

import io.tetherdb.sample.AbstractApiIntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries over readings with a client's MongoDB-style filter, as a request parameter and as a
 * JSON body, and the problems answered for filters that are not valid.
 */
class ReadingQueryApiIntegrationTests extends AbstractApiIntegrationTests {

    @BeforeEach
    void storeReadings() {
        registerOfficeSensor();
        assertThat(post("/api/readings/batch", """
                [{"id": "a", "sensorId": "office-temp", "value": 19.5, "timestamp": "2026-01-01T08:00:00Z"},
                 {"id": "b", "sensorId": "office-temp", "value": 22.0, "timestamp": "2026-01-01T12:00:00Z", "tags": ["alert"]},
                 {"id": "c", "sensorId": "office-temp", "value": 21.0, "timestamp": "2026-01-02T08:00:00Z"},
                 {"id": "d", "sensorId": "cellar-temp", "value": 12.0, "timestamp": "2026-01-02T09:00:00Z",
                  "type": "temperature", "unit": "°C", "location": "cellar"},
                 {"id": "e", "sensorId": "cellar-co2", "value": 800, "timestamp": "2026-01-02T10:00:00Z",
                  "type": "co2", "unit": "ppm", "location": "cellar", "tags": ["alert", "ventilate"]}]"""))
            .hasStatus(HttpStatus.CREATED);
    }

    private MvcTestResult query(String filter) {
        return this.mvc.get().uri("/api/readings/query").param("filter", filter).exchange();
    }

    private static void assertIds(MvcTestResult result, String... ids) {
        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.items[*]._id").asArray().containsExactly((Object[]) ids);
    }

    @Test
    void filterParameterSelectsReadingsMostRecentFirst() {
        assertIds(query("{sensorId: 'office-temp', value: {$gt: 20}}"), "c", "b");
        assertIds(query("{type: 'temperature', location: {$in: ['cellar', 'office']}}"), "d", "c", "b", "a");
        assertIds(query("{$or: [{value: {$lt: 15}}, {unit: 'ppm'}]}"), "e", "d");
    }

    @Test
    void emptyFilterSelectsEveryReading() {
        assertIds(query(""), "e", "d", "c", "b", "a");
        assertIds(get("/api/readings/query"), "e", "d", "c", "b", "a");
    }

    @Test
    void filterMatchesTagsWithContains() {
        assertIds(query("{_tags: {$contains: 'alert'}}"), "e", "b");
        assertIds(query("{_tags: {$all: ['alert', 'ventilate']}}"), "e");
    }

    @Test
    void filterSelectsATimeRangeByEpochMillisOrByIsoText() {
        assertIds(query("{ts: {$gte: 1767268800000, $lt: 1767344400000}}"), "c", "b");
        assertIds(query("{timestamp: {$gte: '2026-01-01T12:00', $lt: '2026-01-02T09'}}"), "c", "b");
        assertIds(query("{timestamp: {$gte: '2026-01-02'}}"), "e", "d", "c");
    }

    @Test
    void sortAndPagingApply() {
        MvcTestResult result = this.mvc.get().uri("/api/readings/query")
            .param("filter", "{type: 'temperature'}")
            .param("sort", "{value: 1}")
            .param("page", "1")
            .param("size", "2")
            .exchange();

        assertIds(result, "c", "b");
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"page": 1, "size": 2, "total": 4}""");
    }

    @Test
    void bodyTakesFilterAndSortAsObjectsOrAsText() {
        assertIds(post("/api/readings/query", """
                {"filter": {"value": {"$gte": 21}}, "sort": {"value": -1}, "size": 2}"""), "e", "b");
        assertIds(post("/api/readings/query", """
                {"filter": "{sensorId: 'office-temp'}", "sort": "{ts: 1}"}"""), "a", "b", "c");
        assertIds(post("/api/readings/query", "{}"), "e", "d", "c", "b", "a");
    }

    @Test
    void unknownOperatorIsRefusedWithItsName() {
        assertProblem(query("{value: {$foo: 1}}"), HttpStatus.BAD_REQUEST, "Unknown operator $foo on field 'value'");
        assertProblem(post("/api/readings/query", """
                {"filter": {"value": {"$foo": 1}}}"""), HttpStatus.BAD_REQUEST, "Unknown operator $foo");
        assertThat(query("{value: {$foo: 1}}")).bodyJson().extractingPath("$.title").isEqualTo("Invalid query");
    }

    @Test
    void onlyQueryOperatorsAreAccepted() {
        assertProblem(query("{$where: 'this.value > 1'}"), HttpStatus.BAD_REQUEST, "$where");
        assertProblem(query("{$function: {body: 'x'}}"), HttpStatus.BAD_REQUEST, "$function");
        assertProblem(query("{value: {$gt: 1}, $expr: {$gt: ['$value', 1]}}"), HttpStatus.BAD_REQUEST, "$expr");
    }

    @Test
    void regexSelectsByPattern() {
        assertIds(query("{sensorId: {$regex: '^cellar-'}}"), "e", "d");
        assertIds(query("{location: {$regex: '^CEL', $options: 'i'}}"), "e", "d");
        // a repeated group is a pattern like any other; the time limit, not the text, stops a slow one
        assertIds(query("{location: {$regex: '^(cel+ar)+$'}}"), "e", "d");
    }

    @Test
    void malformedFilterIsRefusedWithItsPosition() {
        assertProblem(query("{value: {$gt: }"), HttpStatus.BAD_REQUEST, "Malformed filter", "line 1, column 15");
        assertProblem(query("[1, 2]"), HttpStatus.BAD_REQUEST, "Expected a JSON object");
    }

    @Test
    void invalidOperandIsRefused() {
        assertProblem(query("{value: {$in: 5}}"), HttpStatus.BAD_REQUEST, "$in");
        assertProblem(query("{value: {$size: 'big'}}"), HttpStatus.BAD_REQUEST, "$size");
    }

    @Test
    void invalidSortIsRefused() {
        MvcTestResult result = this.mvc.get().uri("/api/readings/query").param("sort", "{value: 2}").exchange();

        assertProblem(result, HttpStatus.BAD_REQUEST, "Sort direction for 'value' must be 1 or -1");
    }

    @Test
    void malformedOrUnexpectedBodyIsRefused() {
        assertProblem(post("/api/readings/query", "{\"filter\": "), HttpStatus.BAD_REQUEST, "Malformed query body");
        assertProblem(post("/api/readings/query", """
                {"filter": {}, "projection": {"_id": 1}}"""), HttpStatus.BAD_REQUEST, "Unknown field 'projection'");
        assertProblem(post("/api/readings/query", """
                {"filter": 5}"""), HttpStatus.BAD_REQUEST, "filter must be a JSON object or a string but was 5");
        assertProblem(post("/api/readings/query", """
                {"size": "ten"}"""), HttpStatus.BAD_REQUEST, "size must be a whole number but was \"ten\"");
    }

    @Test
    void filterOverTheLengthLimitIsRefused() {
        String filter = "{sensorId: {$in: [" + "'x',".repeat(1100) + "'y']}}";

        assertProblem(query(filter), HttpStatus.BAD_REQUEST, "filter is " + filter.length()
                + " characters long; the limit is 4096");
    }
}
