package io.tetherdb.sample;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard reads besides the API: the store's description and status, TetherDB's
 * metrics, the page itself and Chart.js from its WebJar; and the actuator's health, which shows no
 * indicator's details to an anonymous client.
 */
class StoreAndActuatorIntegrationTests extends AbstractApiIntegrationTests {

    @Test
    void storeDescribesItselfAndItsLimits() {
        registerOfficeSensor();
        post("/api/readings", """
                {"sensorId": "office-temp", "value": 20}""");

        assertThat(get("/api/store")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"inMemory": true, "fileName": null, "fileSize": 0, "readings": 1, "sensors": 1, "retention": "PT168H",
                 "batchMaxSize": 1000, "maxRequestSize": 1048576}""");
    }

    @Test
    void storeHealthIsTheTetherDbIndicatorsStatus() {
        assertThat(get("/api/store/health")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
                {"status": "UP"}""");
    }

    @Test
    void healthShowsNeitherComponentsNorDetailsToAnAnonymousClient() {
        assertThat(get("/actuator/health")).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("UP");
        assertThat(get("/actuator/health")).bodyText().doesNotContain("components", "details", "tetherdb", "diskSpace",
                "path");
        assertThat(get("/actuator/health/tetherdb")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(get("/actuator/health/diskSpace")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void metricsExposeTheStoresMeters() {
        registerOfficeSensor();

        assertThat(get("/actuator/metrics")).hasStatusOk().bodyJson().extractingPath("$.names").asArray()
            .contains("tetherdb.documents", "tetherdb.file.size", "tetherdb.commits");
        assertThat(get("/actuator/metrics/tetherdb.collections")).hasStatusOk();
        assertThat(get("/actuator/metrics/tetherdb.documents?tag=collection:sensors")).hasStatusOk()
            .bodyJson().extractingPath("$.measurements[0].value").isEqualTo(1.0);
    }

    @Test
    void dashboardAndChartLibraryAreServedByTheApp() {
        assertThat(get("/")).hasStatusOk();
        assertThat(get("/index.html")).hasStatusOk().hasContentTypeCompatibleWith(MediaType.TEXT_HTML)
            .bodyText().contains("webjars/chart.js/dist/chart.umd.min.js").doesNotContain("https://cdn");
        assertThat(get("/app.js")).hasStatusOk();
        assertThat(get("/webjars/chart.js/dist/chart.umd.min.js")).hasStatusOk().bodyText().contains("Chart.js");
        assertThat(get("/webjars/chart.js/LICENSE.md")).hasStatusOk().bodyText().contains("MIT");
    }

    @Test
    void unknownApiPathIsAProblem() {
        assertThat(get("/api/nothing-here")).hasStatus(HttpStatus.NOT_FOUND)
            .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
