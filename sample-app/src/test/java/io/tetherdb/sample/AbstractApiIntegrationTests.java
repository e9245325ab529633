package io.tetherdb.sample;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.sample.reading.Reading;
import io.tetherdb.sample.reading.ReadingStore;
import io.tetherdb.sample.sensor.Sensor;
import io.tetherdb.sample.sensor.SensorActivity;
import io.tetherdb.sample.sensor.SensorRepository;
import io.tetherdb.spring.core.TetherOperations;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the API tests: the whole application on an in-memory store (profile {@code test}),
 * driven through MockMvc. Every test class shares one context; each test starts with empty
 * collections, emptied document by document so that the collections keep their indexes.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
public abstract class AbstractApiIntegrationTests {

    @Autowired
    protected MockMvcTester mvc;

    @Autowired
    protected TetherDB db;

    @Autowired
    protected ReadingStore readings;

    @Autowired
    protected SensorRepository sensors;

    @Autowired
    private TetherOperations operations;

    @BeforeEach
    void emptyTheStore() {
        for (Class<?> entity : List.of(Reading.class, Sensor.class, SensorActivity.class)) {
            TetherCollection collection = this.operations.getCollection(entity);
            List<String> ids = collection.find().toList().stream().map((d) -> (String) d.get(Document.ID)).toList();
            collection.deleteBatch(ids);
        }
    }

    /** POSTs a JSON body. */
    protected MvcTestResult post(String uri, String json) {
        return this.mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    /** PUTs a JSON body. */
    protected MvcTestResult put(String uri, String json) {
        return this.mvc.put().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    /** GETs a resource. */
    protected MvcTestResult get(String uri, Object... variables) {
        return this.mvc.get().uri(uri, variables).exchange();
    }

    /** Reads a value from a JSON response. */
    protected static <T> T json(MvcTestResult result, String path) {
        return JsonPath.read(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8), path);
    }

    /**
     * Checks that a response is an RFC 9457 problem with this status whose detail contains every
     * part given, and whose instance is the request's path.
     */
    protected static void assertProblem(MvcTestResult result, HttpStatus status, String... detailParts) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
        assertThat(result).bodyJson().extractingPath("$.instance").isEqualTo(result.getRequest().getRequestURI());
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailParts);
    }

    /** Registers the sensor {@code office-temp}: temperature in °C in the office. */
    protected void registerOfficeSensor() {
        post("/api/sensors", """
                {"id": "office-temp", "type": "temperature", "unit": "°C", "location": "office"}""");
    }
}
