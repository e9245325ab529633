package io.tetherdb.sample.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

import io.tetherdb.error.StoreFailedException;
import io.tetherdb.spring.core.TetherExceptionTranslator;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ApiExceptionHandler} answers a failed store and an unexpected exception, with
 * controllers that throw them: the store's {@link StoreFailedException} as the repositories throw
 * it (translated by the starter's {@link TetherExceptionTranslator}) and as the {@code TetherDB}
 * bean throws it. A real store cannot be made to fail from here: the faulty file system of the
 * core's tests is not public. Neither problem names the store's file or repeats internals.
 */
class StoreFailureProblemTests {

    private static final Path FILE = Path.of("/srv/private/tetherdb.db");

    private static final Instant FAILED_AT = Instant.parse("2026-12-01T10:15:30Z");

    private final MockMvcTester mvc = MockMvcTester.create(MockMvcBuilders.standaloneSetup(new FailingController())
        .setControllerAdvice(new ApiExceptionHandler())
        .build());

    @Test
    void aFailedStoreIsA503ProblemThatDoesNotNameTheFile() {
        for (String uri : new String[] { "/translated", "/direct" }) {
            assertThat(this.mvc.get().uri(uri)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"status": 503, "title": "Store unavailable", "instance": "%s"}""".formatted(uri));
            assertThat(this.mvc.get().uri(uri)).bodyJson().extractingPath("$.detail").asString()
                .contains("The store failed at 2026-12-01T10:15:30Z", "accepts no operations until the application"
                        + " is restarted")
                .doesNotContain("/srv", "private", "No space left");
        }
    }

    @Test
    void anUnexpectedExceptionIsA500ProblemThatDoesNotRepeatItsMessage() {
        assertThat(this.mvc.get().uri("/unexpected")).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
            .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson()
            .isLenientlyEqualTo("""
                    {"status": 500, "title": "Internal error", "instance": "/unexpected",
                     "detail": "The server failed to answer the request; the failure has been logged"}""");
        assertThat(this.mvc.get().uri("/unexpected")).bodyText().doesNotContain("/srv");
    }

    @RestController
    static class FailingController {

        private static StoreFailedException failure() {
            return new StoreFailedException(FILE, FAILED_AT, "fsync", new IOException("No space left on device"));
        }

        @GetMapping("/translated")
        void translated() {
            throw new TetherExceptionTranslator().translateExceptionIfPossible(failure());
        }

        @GetMapping("/direct")
        void direct() {
            throw failure();
        }

        @GetMapping("/unexpected")
        void unexpected() {
            throw new UncheckedIOException(new IOException("cannot read " + FILE));
        }
    }
}
