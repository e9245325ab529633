package io.tetherdb.sample.reading;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tetherdb.sample.AbstractApiIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sensor's activity (reading count and latest time), kept by update operators as readings
 * arrive, one by one, in batches and from several clients at once.
 */
class SensorActivityApiIntegrationTests extends AbstractApiIntegrationTests {

    @Test
    void readingsCountAndMoveTheLatestTimeForward() {
        registerOfficeSensor();
        assertProblem(get("/api/sensors/office-temp/activity"), HttpStatus.NOT_FOUND, "has sent no reading");
        post("/api/readings", """
                {"sensorId": "office-temp", "value": 21.5, "timestamp": "2026-01-02T03:04:05Z"}""");
        post("/api/readings/batch", """
                [{"sensorId": "office-temp", "value": 21, "timestamp": "2026-01-02T03:00:00Z"},
                 {"sensorId": "office-temp", "value": 22, "timestamp": "2026-01-02T03:10:00Z"},
                 {"sensorId": "hall", "type": "temperature", "unit": "°C", "value": 19, "timestamp": "2026-01-01T00:00:00Z"}]""");
        // a reading from the past counts, but does not move the latest time back
        post("/api/readings", """
                {"sensorId": "office-temp", "value": 20, "timestamp": "2025-12-31T00:00:00Z"}""");

        MvcTestResult activity = get("/api/sensors/office-temp/activity");
        assertThat(activity).hasStatus(HttpStatus.OK);
        assertThat(activity).bodyJson().isLenientlyEqualTo("""
                {"sensorId": "office-temp", "readings": 4, "lastSeen": 1767323400000}""");
        assertThat(activity(get("/api/sensors/hall/activity"))).isEqualTo(1);
    }

    @Test
    void concurrentClientsLoseNoCount() throws Exception {
        registerOfficeSensor();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        assertThat(post("/api/readings", """
                                {"sensorId": "office-temp", "value": 1}""")).hasStatus(HttpStatus.CREATED);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            clients.shutdownNow();
        }
        assertThat(activity(get("/api/sensors/office-temp/activity"))).isEqualTo(100);
    }

    private static long activity(MvcTestResult result) {
        return ((Number) json(result, "$.readings")).longValue();
    }

}
