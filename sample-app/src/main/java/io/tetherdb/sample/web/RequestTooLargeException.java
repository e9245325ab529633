package io.tetherdb.sample.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request refused because it is larger than the API accepts (413): a body over
 * {@code sample.max-request-size} or a batch over {@code sample.batch-max-size}.
 *
 * @since 0.1
 */
public class RequestTooLargeException extends ErrorResponseException {

    /**
     * @param detail what was too large and the limit; not null
     */
    public RequestTooLargeException(String detail) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail);
        problem.setTitle("Request too large");
        return problem;
    }
}
