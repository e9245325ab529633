package io.tetherdb.sample.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tetherdb.document.Json;
import io.tetherdb.sample.AbstractApiIntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters that would hold a request thread for minutes, each a way around a check of the
 * pattern's text such as the app once had: the store's time limit ({@code tetherdb.query.max-time},
 * 200 ms here) stops every one of them, and the client gets a 422 problem detail. The readings are
 * seeded so that each pattern is as slow as it can be: one location of 29 a's and a b, on which
 * {@code (a+)+\1$} backtracks exponentially, and a few thousand of 30 a's, on which
 * {@code .*.*.*.*.*b} tries every split before failing. Only a generous upper bound on the time is
 * checked: the machine may be busy.
 */
@TestPropertySource(properties = "tetherdb.query.max-time=200ms")
class ExpensiveQueryIntegrationTests extends AbstractApiIntegrationTests {

    private static final String CATASTROPHIC = "(a+)+\\1$";

    /** Far beyond the limit, far below the minutes these queries take without one. */
    private static final Duration GENEROUS = Duration.ofSeconds(15);

    @BeforeEach
    void seed() {
        List<Map<String, Object>> readings = new ArrayList<>();
        readings.add(reading(0, "a".repeat(29) + "b"));
        for (int i = 1; i <= 3000; i++) {
            readings.add(reading(i, "a".repeat(30)));
        }
        this.db.collection("readings").putBatch(readings);
    }

    private static Map<String, Object> reading(int i, String location) {
        long ts = 1_767_225_600_000L + i;
        return Map.of("sensorId", "attic-temp", "type", "temperature", "value", i, "unit", "°C", "location",
                location, "ts", ts, "timestamp", java.time.Instant.ofEpochMilli(ts).toString());
    }

    static List<Arguments> bypasses() {
        String hundredPatterns = IntStream.range(0, 100)
            .mapToObj((i) -> "{location:{$regex:'.*.*.*.*b" + i + "'}}")
            .collect(Collectors.joining(",", "{$or:[", "]}"));
        return List.of(Arguments.of("$regularExpression with a time range",
                Json.write(Map.of("ts", Map.of("$gt", 0), "location",
                        Map.of("$regularExpression", Map.of("pattern", CATASTROPHIC, "options", ""))))),
                Arguments.of("$options x: a space between the group and its +",
                        Json.write(Map.of("location", Map.of("$regex", "(a+) +\\1$", "$options", "x")))),
                Arguments.of("inline (?x)", Json.write(Map.of("location", Map.of("$regex", "(?x)(a+) +\\1$")))),
                Arguments.of("\\Q[\\E, which looks like the start of a character class",
                        Json.write(Map.of("location", Map.of("$regex", "(?:\\Q[\\E)?" + CATASTROPHIC)))),
                Arguments.of("no repeated group, polynomial over thousands of readings",
                        Json.write(Map.of("location", Map.of("$regex", ".*.*.*.*.*b")))),
                Arguments.of("$or of 100 patterns without a repeated group", hundredPatterns));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bypasses")
    void theTimeLimitStopsIt(String bypass, String filter) {
        assertThat(filter.length()).as("within sample.max-query-length").isLessThanOrEqualTo(4096);
        assertStopped(() -> this.mvc.get().uri("/api/readings/query").param("filter", filter).exchange());
        assertStopped(() -> post("/api/readings/query", "{\"filter\": " + filter + "}"));
        // the application answers an ordinary query at once afterwards
        MvcTestResult ordinary = this.mvc.get().uri("/api/readings/query").param("filter", "{value: 0}").exchange();
        assertThat(ordinary).hasStatusOk();
        assertThat(ordinary).bodyJson().extractingPath("$.total").isEqualTo(1);
    }

    private void assertStopped(java.util.function.Supplier<MvcTestResult> request) {
        long start = System.nanoTime();
        MvcTestResult result = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENEROUS);
        assertProblem(result, HttpStatus.UNPROCESSABLE_CONTENT, "The query ran longer than the server's time limit of"
                + " 200 ms and was stopped");
        assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Query too expensive");
        assertThat(result.getResponse().getHeader("Retry-After")).isNull();
    }

}
