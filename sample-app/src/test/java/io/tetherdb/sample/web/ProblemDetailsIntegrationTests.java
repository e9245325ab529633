package io.tetherdb.sample.web;

import io.tetherdb.sample.AbstractApiIntegrationTests;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error the API and the pages can answer is an RFC 9457 problem detail with a sensible
 * status, whether Spring MVC or the application found the fault, or the servlet container forwarded
 * it to {@code /error}.
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
    void anErrorTheServletContainerForwardsIsAProblem() {
        // as Tomcat forwards a request whose filter threw, or whose status was set without a body
        MvcTestResult tooLarge = this.mvc.get().uri("/error")
            .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
            .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/readings")
            .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new ServletException(
                    new RequestBodyLimitFilter.BodyTooLargeException("Request body exceeds the limit of 10 bytes", 10)))
            .exchange();
        assertThat(tooLarge).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
            .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson().isLenientlyEqualTo("""
                    {"status": 413, "title": "Request too large", "instance": "/api/readings",
                     "detail": "Request body exceeds the limit of 10 bytes; nothing was stored"}""");

        MvcTestResult failed = this.mvc.get().uri("/error")
            .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
            .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/store")
            .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("cannot open /srv/private/x.db"))
            .exchange();
        assertThat(failed).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR).bodyJson().isLenientlyEqualTo("""
                {"status": 500, "instance": "/api/store",
                 "detail": "The server failed to answer the request; the failure has been logged"}""");
        assertThat(failed).bodyText().doesNotContain("/srv");

        MvcTestResult refused = this.mvc.get().uri("/error")
            .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
            .requestAttr(RequestDispatcher.ERROR_MESSAGE, "Invalid URI")
            .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/x")
            .exchange();
        assertThat(refused).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
                {"status": 400, "title": "Bad Request", "instance": "/api/x", "detail": "Invalid URI"}""");
    }

    @Test
    void aParameterOfTheWrongTypeIsA400Problem() {
        assertProblem(get("/api/readings?size=many"), HttpStatus.BAD_REQUEST, "'size'", "many");
        assertProblem(get("/api/sensors/office-temp/series?points=1e99"), HttpStatus.BAD_REQUEST, "'points'");
    }
}
