package io.tetherdb.sample.web;

import io.tetherdb.sample.AbstractApiIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error the API and the pages can answer is an RFC 9457 problem detail with a sensible
 * status, whether Spring MVC or the application found the fault.
 */
class ProblemDetailsIntegrationTests extends AbstractApiIntegrationTests {

    @Test
    void anUnknownPathIsA404Problem() {
        assertProblem(get("/api/nothing-here"), HttpStatus.NOT_FOUND, "api/nothing-here");
        assertProblem(get("/api/readings/r1/more"), HttpStatus.NOT_FOUND, "api/readings/r1/more");
        assertProblem(get("/nothing.html"), HttpStatus.NOT_FOUND, "nothing.html");
    }

    @Test
    void aMethodThePathDoesNotTakeIsA405Problem() {
        assertProblem(this.mvc.delete().uri("/api/store").exchange(), HttpStatus.METHOD_NOT_ALLOWED, "DELETE");
        MvcTestResult put = this.mvc.put().uri("/api/readings").contentType(MediaType.APPLICATION_JSON).content("{}")
            .exchange();
        assertProblem(put, HttpStatus.METHOD_NOT_ALLOWED, "PUT");
        assertThat(put.getResponse().getHeader("Allow")).contains("GET", "POST");
    }

    @Test
    void aBodyOfAnotherMediaTypeIsA415Problem() {
        assertProblem(
                this.mvc.post().uri("/api/sensors").contentType(MediaType.TEXT_XML).content("<sensor/>").exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "text/xml");
        assertProblem(this.mvc.post().uri("/api/readings/batch").contentType(MediaType.MULTIPART_FORM_DATA)
            .content("--x--").exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "multipart/form-data");
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void malformedJsonIsA400Problem() {
        assertProblem(post("/api/sensors", "{\"id\": \"a\","), HttpStatus.BAD_REQUEST, "Malformed JSON");
        assertProblem(post("/api/readings/query", "{\"filter\": {\"value\": 1}"), HttpStatus.BAD_REQUEST,
                "Malformed query body", "line 1, column 24");
        assertProblem(post("/api/readings/batch", "[1, 2]"), HttpStatus.BAD_REQUEST, "Field '[0]' has the wrong type");
    }

    @Test
    void aParameterOfTheWrongTypeIsA400Problem() {
        assertProblem(get("/api/readings?size=many"), HttpStatus.BAD_REQUEST, "'size'", "many");
        assertProblem(get("/api/sensors/office-temp/series?points=1e99"), HttpStatus.BAD_REQUEST, "'points'");
    }
}
