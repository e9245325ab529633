package io.tetherdb.sample.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request for a resource that does not exist (404), or no longer does: readings expire.
 *
 * @since 0.1
 */
public class NotFoundException extends ErrorResponseException {

    /**
     * @param detail what was not found; not null
     */
    public NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Not found");
        return problem;
    }
}
