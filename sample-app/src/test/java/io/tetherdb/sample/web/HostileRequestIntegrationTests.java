package io.tetherdb.sample.web;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import io.tetherdb.sample.reading.ReadingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests an attacker would send, over HTTP to the application on a random port, so that Tomcat
 * decodes the paths and forwards errors to {@code /error} as it does in production: bodies over
 * {@code sample.max-request-size} (1 MB) on every spelling of a path that reaches the batch
 * endpoint, with and without {@code Content-Length}, and as forms and multipart, each refused with
 * a 413 problem detail, the store unchanged and the application healthy afterwards; and paths that
 * Tomcat itself refuses, answered with a problem detail too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "tetherdb.in-memory=true", "sample.demo-when-empty=false" })
class HostileRequestIntegrationTests {

    private static final String READING = """
            {"sensorId": "attic-temp", "value": 1, "type": "temperature", "unit": "°C", "location": "%s"}"""
        .formatted("x".repeat(60));

    /** A valid batch of about 1.5 MB. */
    private static final byte[] LARGE_BATCH = IntStream.range(0, 14_000)
        .mapToObj((i) -> READING)
        .collect(Collectors.joining(",", "[", "]"))
        .getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ReadingStore readings;

    @AfterEach
    void applicationIsHealthyAndStoresReadingsAfterwards() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
        long before = this.readings.count();
        assertThat(post("/api/readings/batch", BodyPublishers.ofString("[" + READING + "]")).statusCode())
            .isEqualTo(201);
        assertThat(this.readings.count()).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/readings/batch", "/api;x/readings/batch", "/%61pi/readings/batch",
            "/api/readings;x/batch" })
    void aBodyOverTheLimitIsRefusedOnEverySpellingOfThePath(String path) throws Exception {
        // the spelling reaches the batch endpoint: a small batch is stored through it
        assertThat(post(path, BodyPublishers.ofString("[" + READING + "]")).statusCode()).isEqualTo(201);
        long stored = this.readings.count();

        HttpResponse<String> declared = post(path, BodyPublishers.ofByteArray(LARGE_BATCH));
        assertTooLarge(declared, path,
                "Request body of " + LARGE_BATCH.length + " bytes exceeds the limit of 1048576 bytes");

        // without a length the request is chunked: the limit is met while the body is read
        HttpResponse<String> chunked = post(path,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(LARGE_BATCH)));
        assertTooLarge(chunked, path, "Request body exceeds the limit of 1048576 bytes");

        assertThat(this.readings.count()).isEqualTo(stored);
    }

    @Test
    void aFormBodyOverTheLimitIsRefused() throws Exception {
        long stored = this.readings.count();
        String form = "ttl=" + "1".repeat(1_500_000);
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/api/readings"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form)));
        assertTooLarge(post, "/api/readings", "Form body exceeds the request size limit");

        HttpResponse<String> put = send(HttpRequest.newBuilder(uri("/api/sensors/attic-temp"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .PUT(BodyPublishers.ofString(form)));
        assertTooLarge(put, "/api/sensors/attic-temp", "exceeds the limit of 1048576 bytes");
        assertThat(this.readings.count()).isEqualTo(stored);
    }

    @Test
    void aMultipartBodyOverTheLimitIsRefused() throws Exception {
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n"
                + "x".repeat(1_500_000) + "\r\n--b--\r\n";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/readings/batch"))
            .header("Content-Type", "multipart/form-data; boundary=b")
            .POST(BodyPublishers.ofString(multipart)));

        assertTooLarge(response, "/api/readings/batch", "exceeds the limit of 1048576 bytes");
    }

    @Test
    void theErrorPathItselfIsAProblemWithTheSecurityHeaders() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/error")).GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblemWithHeaders(response, "/error");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api%2Freadings", "/api/%zz", "/../etc/passwd", "/api/{x}", "/api/readings\u0001" })
    void aPathTomcatRefusesIsAProblemWithTheSecurityHeaders(String path) throws Exception {
        String response;
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("http/1.1 400")
            .contains("content-type: application/problem+json", "x-content-type-options: nosniff",
                    "x-frame-options: deny", "referrer-policy: no-referrer", "content-security-policy: default-src");
        assertThat(JsonPath.<Integer>read(body, "$.status")).isEqualTo(400);
        assertThat(JsonPath.<String>read(body, "$.detail")).contains("refused the request");
    }

    private void assertTooLarge(HttpResponse<String> response, String path, String detail) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertProblemWithHeaders(response, path);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(413);
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains(detail, "nothing was stored");
    }

    private static void assertProblemWithHeaders(HttpResponse<String> response, String path) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo(path);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
            .hasValue(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
    }

    private HttpResponse<String> post(String path, BodyPublisher body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + this.port + path);
    }
}
