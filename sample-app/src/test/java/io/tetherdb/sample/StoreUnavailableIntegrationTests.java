package io.tetherdb.sample;

import io.tetherdb.TetherDB;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once the store is closed, every request that needs it, read or write, is a 503 problem detail
 * saying so, through the repositories (whose exceptions the starter translates into Spring's
 * {@code DataAccessResourceFailureException}) and through the {@link TetherDB} bean alike; the
 * dashboard's status and the actuator's health say DOWN. A store that has failed
 * ({@code StoreFailedException}, a closed store) is answered the same way: see
 * {@code StoreFailureProblemTests}. The context is discarded afterwards.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@DirtiesContext
class StoreUnavailableIntegrationTests {

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private TetherDB db;

    private MvcTestResult post(String uri, String json) {
        return this.mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    @Test
    void everyRequestToAClosedStoreIsA503Problem() {
        assertThat(post("/api/sensors", """
                {"id": "closed-store", "type": "temperature", "unit": "°C"}""")).hasStatus(HttpStatus.CREATED);

        this.db.close();

        for (MvcTestResult result : new MvcTestResult[] {
                post("/api/readings", "{\"sensorId\": \"closed-store\", \"value\": 20}"),
                post("/api/readings/batch", "[{\"sensorId\": \"closed-store\", \"value\": 20}]"),
                this.mvc.put().uri("/api/sensors/closed-store").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"type\": \"temperature\", \"unit\": \"°C\"}").exchange(),
                this.mvc.delete().uri("/api/readings/r1").exchange(), this.mvc.get().uri("/api/readings").exchange(),
                this.mvc.get().uri("/api/readings/query").param("filter", "{value: 1}").exchange(),
                this.mvc.get().uri("/api/sensors").exchange(), this.mvc.get().uri("/api/statistics").exchange(),
                this.mvc.get().uri("/api/store").exchange() }) {
            assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Store unavailable");
            assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .isEqualTo("The store is closed (the application is shutting down); nothing was stored");
        }

        assertThat(this.mvc.get().uri("/api/store/health")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
                {"status": "DOWN"}""");
        assertThat(this.mvc.get().uri("/actuator/health")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).bodyJson()
            .extractingPath("$.status").isEqualTo("DOWN");
    }
}
