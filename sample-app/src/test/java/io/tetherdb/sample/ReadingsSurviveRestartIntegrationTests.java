package io.tetherdb.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the application twice on the same store file, as a user would: readings, a batch and a
 * sensor written over HTTP in the first run are served by the second, and a deleted reading stays
 * deleted. The second run keeps the default {@code sample.demo-when-empty=true} and must not seed
 * demo data into a store that holds data. Neither the health endpoint nor the dashboard's store
 * description tells a client where the file is.
 */
class ReadingsSurviveRestartIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    private ConfigurableApplicationContext start(Path store, boolean demoWhenEmpty) {
        return new SpringApplicationBuilder(SampleApplication.class).properties("server.port=0",
                "tetherdb.path=" + store, "sample.demo-when-empty=" + demoWhenEmpty).run();
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> send(String method, String uri, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json");
        request.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
                : HttpRequest.BodyPublishers.noBody());
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readingsWrittenBeforeARestartAreServedAfterIt() throws Exception {
        Path store = this.directory.resolve("readings.db");
        String single;
        String deleted;
        String batchFirst;
        try (ConfigurableApplicationContext first = start(store, false)) {
            String api = base(first) + "/api";
            assertThat(send("POST", api + "/sensors", """
                    {"id": "office-temp", "type": "temperature", "unit": "°C", "location": "office"}""").statusCode())
                .isEqualTo(201);
            HttpResponse<String> created = send("POST", api + "/readings", """
                    {"sensorId": "office-temp", "value": 21.5, "tags": ["kept"]}""");
            assertThat(created.statusCode()).isEqualTo(201);
            single = JsonPath.read(created.body(), "$._id");
            HttpResponse<String> batch = send("POST", api + "/readings/batch", """
                    [{"sensorId": "office-temp", "value": 1}, {"sensorId": "office-temp", "value": 2},
                     {"sensorId": "office-temp", "value": 3}]""");
            assertThat(batch.statusCode()).isEqualTo(201);
            batchFirst = JsonPath.read(batch.body(), "$.ids[0]");
            deleted = JsonPath.read(batch.body(), "$.ids[2]");
            assertThat(send("DELETE", api + "/readings/" + deleted, null).statusCode()).isEqualTo(204);
        }
        assertThat(Files.size(store)).isPositive();

        try (ConfigurableApplicationContext second = start(store, true)) {
            String api = base(second) + "/api";
            HttpResponse<String> reading = send("GET", api + "/readings/" + single, null);
            assertThat(reading.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<Double>read(reading.body(), "$.value")).isEqualTo(21.5);
            assertThat(JsonPath.<String>read(reading.body(), "$.unit")).isEqualTo("°C");
            assertThat(JsonPath.<List<String>>read(reading.body(), "$._tags")).containsExactly("kept");
            assertThat(send("GET", api + "/readings/" + batchFirst, null).statusCode()).isEqualTo(200);
            assertThat(send("GET", api + "/readings/" + deleted, null).statusCode()).isEqualTo(404);
            HttpResponse<String> list = send("GET", api + "/readings", null);
            assertThat(JsonPath.<Integer>read(list.body(), "$.total")).isEqualTo(3);
            assertThat(send("GET", api + "/sensors/office-temp", null).statusCode()).isEqualTo(200);
            String filter = URLEncoder.encode("{_tags: {$contains: 'kept'}}", StandardCharsets.UTF_8);
            HttpResponse<String> query = send("GET", api + "/readings/query?filter=" + filter, null);
            assertThat(JsonPath.<Integer>read(query.body(), "$.total")).isEqualTo(1);

            HttpResponse<String> storeInfo = send("GET", api + "/store", null);
            assertThat(JsonPath.<String>read(storeInfo.body(), "$.fileName")).isEqualTo("readings.db");
            assertThat(JsonPath.<Integer>read(storeInfo.body(), "$.fileSize")).isPositive();
            HttpResponse<String> health = send("GET", base(second) + "/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            for (HttpResponse<String> response : List.of(storeInfo, health,
                    send("GET", base(second) + "/actuator/health/tetherdb", null))) {
                assertThat(response.body()).doesNotContain(this.directory.toString(), "free", "total");
            }
        }
    }
}
