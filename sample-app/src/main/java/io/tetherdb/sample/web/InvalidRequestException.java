package io.tetherdb.sample.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request the API refuses as invalid (400), with a detail that says which part of it was wrong
 * and, when several parts were, an {@code errors} list naming each.
 *
 * @since 0.1
 */
public class InvalidRequestException extends ErrorResponseException {

    /**
     * @param detail what was wrong; not null
     */
    public InvalidRequestException(String detail) {
        this(detail, List.of());
    }

    /**
     * @param detail what was wrong; not null
     * @param errors each problem found, for example {@code "[2].value: is required"}; not null
     */
    public InvalidRequestException(String detail, List<String> errors) {
        super(HttpStatus.BAD_REQUEST, problem(detail, errors), null);
    }

    private static ProblemDetail problem(String detail, List<String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        if (!errors.isEmpty()) {
            problem.setProperty("errors", List.copyOf(errors));
        }
        return problem;
    }
}
