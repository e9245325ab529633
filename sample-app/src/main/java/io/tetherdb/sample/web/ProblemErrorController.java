package io.tetherdb.sample.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Answers the errors that never reach a controller, in place of Spring Boot's
 * {@code BasicErrorController}, with the same RFC 9457 problem details as
 * {@link ApiExceptionHandler}: a body over the limit read by a filter (413), an exception thrown
 * by a filter, or an error status that the servlet container or a filter set. The servlet
 * container forwards such requests to {@code /error}. A 5xx problem never repeats the exception's
 * message, which may name files or internals; the container logs the exception.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
@RestController
@RequestMapping("${server.error.path:/error}")
public class ProblemErrorController implements ErrorController {

    private final ErrorAttributes errorAttributes;

    /**
     * @param errorAttributes where Spring Boot keeps the exception of a failed request; not null
     */
    public ProblemErrorController(ErrorAttributes errorAttributes) {
        this.errorAttributes = errorAttributes;
    }

    /**
     * @param request the forwarded request, with the servlet container's error attributes
     * @return the problem, in {@code application/problem+json} whatever the request accepts
     */
    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Throwable error = this.errorAttributes.getError(new ServletWebRequest(request));
        RequestBodyLimitFilter.BodyTooLargeException tooLarge = ApiExceptionHandler.cause(error,
                RequestBodyLimitFilter.BodyTooLargeException.class);
        ProblemDetail problem;
        if (tooLarge != null) {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    tooLarge.getMessage() + "; nothing was stored");
            problem.setTitle("Request too large");
        }
        else {
            HttpStatus status = status(request, error);
            problem = ProblemDetail.forStatusAndDetail(status, detail(request, status));
            problem.setTitle(status.getReasonPhrase());
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        problem.setInstance(URI.create((uri instanceof String path) ? path : request.getRequestURI()));
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The status the container set; 500 for an exception without one; 404 when there was no error at all. */
    private static HttpStatus status(HttpServletRequest request, Throwable error) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
        if (status == null || !status.isError()) {
            // a request for /error itself has no error to tell: there is nothing at that path
            return (error != null) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.NOT_FOUND;
        }
        return status;
    }

    private static String detail(HttpServletRequest request, HttpStatus status) {
        if (status.is5xxServerError()) {
            return "The server failed to answer the request; the failure has been logged";
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (message instanceof String text && StringUtils.hasText(text)) {
            return text;
        }
        return (status == HttpStatus.NOT_FOUND) ? "Nothing is at this path" : status.getReasonPhrase();
    }
}
