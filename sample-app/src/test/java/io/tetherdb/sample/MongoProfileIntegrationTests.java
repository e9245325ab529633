package io.tetherdb.sample;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.jayway.jsonpath.JsonPath;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.mongodb.MongoTetherTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application with the profile {@code mongodb}, on a MongoDB wire-protocol server started
 * inside the test JVM (mongo-java-server): the same API answers the same way, and no store file is
 * opened. mongo-java-server never sweeps TTL indexes; expired readings are still left out by every
 * read.
 */
@SpringBootTest(properties = "sample.demo-when-empty=false")
@AutoConfigureMockMvc
@ActiveProfiles("mongodb")
class MongoProfileIntegrationTests {

    private static final MongoServer server = new MongoServer(new MemoryBackend());

    private static final InetSocketAddress address = server.bind();

    @DynamicPropertySource
    static void mongodb(DynamicPropertyRegistry registry) {
        registry.add("tetherdb.mongodb.uri",
                () -> "mongodb://" + address.getHostString() + ":" + address.getPort() + "/sample");
    }

    @AfterAll
    static void stopServer() {
        server.shutdownNow();
    }

    @Autowired
    private MockMvcTester mvc;

    @Autowired
    private TetherOperations operations;

    @Autowired
    private ObjectProvider<TetherDB> store;

    private MvcTestResult post(String uri, String json) {
        return this.mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    private static <T> T json(MvcTestResult result, String path) {
        return JsonPath.read(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8), path);
    }

    @Test
    void theApiRunsOnTheServer() throws InterruptedException {
        assertThat(this.operations).isInstanceOf(MongoTetherTemplate.class);
        assertThat(this.store.getIfAvailable()).isNull();

        assertThat(post("/api/sensors", """
                {"id": "office-temp", "type": "temperature", "unit": "°C", "location": "office"}"""))
            .hasStatus(HttpStatus.CREATED);
        Instant now = Instant.now();
        assertThat(post("/api/readings/batch", """
                [{"id": "a", "sensorId": "office-temp", "value": 18, "timestamp": "%s", "tags": ["alert"]},
                 {"id": "b", "sensorId": "office-temp", "value": 25, "timestamp": "%s"}]"""
            .formatted(now.minusSeconds(600), now.minusSeconds(60)))).hasStatus(HttpStatus.CREATED);

        assertThat(this.mvc.get().uri("/api/readings/a").exchange()).hasStatusOk().bodyJson()
            .extractingPath("$.value").isEqualTo(18.0);
        assertThat(this.mvc.get().uri("/api/readings/query").param("filter", "{_tags: {$contains: 'alert'}}")
            .exchange()).bodyJson().extractingPath("$.items[*]._id").asArray().containsExactly("a");
        assertThat(this.mvc.get().uri("/api/readings/query").param("filter", "{value: {$gt: 20}}").exchange())
            .bodyJson().extractingPath("$.items[*]._id").asArray().containsExactly("b");
        MvcTestResult statistics = this.mvc.get().uri("/api/sensors/office-temp/statistics?window=1h").exchange();
        assertThat(statistics).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"sensorId": "office-temp", "count": 2, "min": 18.0, "max": 25.0}""");
        assertThat(this.mvc.get().uri("/api/store").exchange()).hasStatusOk().bodyJson()
            .isLenientlyEqualTo("""
                    {"backend": "mongodb", "readings": 2, "sensors": 1}""");

        String brief = json(post("/api/readings?ttl=PT0.3S", """
                {"sensorId": "office-temp", "value": 20}"""), "$._id");
        assertThat(this.mvc.get().uri("/api/readings/{id}", brief).exchange()).hasStatusOk();
        Thread.sleep(600);
        assertThat(this.mvc.get().uri("/api/readings/{id}", brief).exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat((Integer) json(this.mvc.get().uri("/api/readings").exchange(), "$.total")).isEqualTo(2);
    }

}
