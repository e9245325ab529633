package io.tetherdb.sample.web;

import java.net.URI;

import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.TetherException;
import io.tetherdb.query.InvalidQueryException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every failed API request with an RFC 9457 problem detail ({@code application/problem+json})
 * whose {@code detail} says what was wrong: Spring MVC's own errors (through
 * {@link ResponseEntityExceptionHandler}), unreadable bodies with the JSON position or field at
 * fault, TetherDB's query and document errors (thrown by the store, or by the repositories as
 * Spring {@link DataAccessException}s that carry them), a query stopped by the store's time limit
 * (422), a closed or failed store (503), and the
 * application's own {@link org.springframework.web.ErrorResponseException}s. Anything else is a
 * 500 problem whose detail does not repeat the exception's message, which may name files or
 * internals; the exception is logged. Every problem's {@code instance} is the request path.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

    /**
     * @param ex a filter or sort the store refused; its message says what and where
     * @param request the request
     * @return 400
     */
    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<Object> invalidQuery(InvalidQueryException ex, WebRequest request) {
        return problem(ex, HttpStatus.BAD_REQUEST, "Invalid query", ex.getMessage(), request);
    }

    /**
     * A query that ran longer than the store's time limit ({@code tetherdb.query.max-time}) was
     * stopped. The query is valid but too expensive to answer: 422 (Unprocessable Content) rather
     * than 400, which the app keeps for filters that are wrong, and rather than 503 or a
     * {@code Retry-After}, since the server is not unavailable and the same query would be stopped
     * again; the client must narrow it (a time range, a sensor, a simpler pattern).
     *
     * @param ex the store's time-out, or the repositories' and template's
     *        {@link org.springframework.dao.QueryTimeoutException} that carries it
     * @param request the request
     * @return 422
     */
    @ExceptionHandler({ QueryTimeoutException.class, org.springframework.dao.QueryTimeoutException.class })
    ResponseEntity<Object> queryTimeout(RuntimeException ex, WebRequest request) {
        QueryTimeoutException timeout = cause(ex, QueryTimeoutException.class);
        String limit = (timeout != null) ? " of " + describe(timeout.limit()) : "";
        log.info("Stopped " + describe(request) + ": " + ex.getMessage());
        return problem(ex, HttpStatus.UNPROCESSABLE_CONTENT, "Query too expensive",
                "The query ran longer than the server's time limit" + limit + " and was stopped; narrow it (a time "
                        + "range on ts, a sensorId, a simpler regular expression) rather than retrying it",
                request);
    }

    /**
     * @param ex an id that is taken; nothing was written
     * @param request the request
     * @return 409
     */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Object> duplicateKey(DuplicateKeyException ex, WebRequest request) {
        return problem(ex, HttpStatus.CONFLICT, "Duplicate id",
                "The id '" + ex.key() + "' is already taken in " + ex.collection() + "; nothing was stored", request);
    }

    /**
     * @param ex a document over the store's size limit; nothing was written
     * @param request the request
     * @return 413
     */
    @ExceptionHandler(DocumentTooLargeException.class)
    ResponseEntity<Object> documentTooLarge(DocumentTooLargeException ex, WebRequest request) {
        return problem(ex, HttpStatus.CONTENT_TOO_LARGE, "Document too large", ex.getMessage() + "; nothing was stored",
                request);
    }

    /**
     * @param ex a document the store cannot hold; nothing was written
     * @param request the request
     * @return 400
     */
    @ExceptionHandler(InvalidDocumentException.class)
    ResponseEntity<Object> invalidDocument(InvalidDocumentException ex, WebRequest request) {
        return problem(ex, HttpStatus.BAD_REQUEST, "Invalid document", ex.getMessage() + "; nothing was stored",
                request);
    }

    /**
     * A store that has failed (a write to its file or a flush to the disk did not succeed) refuses
     * every operation until the application opens it again; one that is closed (the application is
     * shutting down) refuses them too. The detail does not name the file; the log does.
     *
     * @param ex the store's refusal
     * @param request the request
     * @return 503
     */
    @ExceptionHandler(StoreClosedException.class)
    ResponseEntity<Object> storeUnavailable(StoreClosedException ex, WebRequest request) {
        log.warn("Refused " + describe(request) + ": " + ex.getMessage());
        // the request that met the failure may have written part of a commit that a reopen keeps
        String detail = (ex instanceof StoreFailedException failed)
                ? "The store failed at " + failed.failedAt() + " (a write to its file or a flush to the disk did not"
                        + " succeed) and accepts no operations until the application is restarted; this request was"
                        + " not carried out, or not acknowledged"
                : "The store is closed (the application is shutting down); nothing was stored";
        return problem(ex, HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable", detail, request);
    }

    /**
     * @param ex a repository's or the template's failure; one that carries a TetherDB query,
     *        document, duplicate-id or closed-store error is answered as that error
     * @param request the request
     * @return the answer to the TetherDB error it carries; 500 for any other
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> dataAccess(DataAccessException ex, WebRequest request) {
        TetherException cause = cause(ex, TetherException.class);
        if (cause instanceof DuplicateKeyException duplicate) {
            return duplicateKey(duplicate, request);
        }
        if (cause instanceof DocumentTooLargeException tooLarge) {
            return documentTooLarge(tooLarge, request);
        }
        if (cause instanceof InvalidDocumentException invalid) {
            return invalidDocument(invalid, request);
        }
        if (cause instanceof InvalidQueryException invalid) {
            return invalidQuery(invalid, request);
        }
        if (cause instanceof StoreClosedException closed) {
            return storeUnavailable(closed, request);
        }
        return unexpected(ex, request);
    }

    /**
     * Tomcat parses a form body itself when a request parameter is asked for, with its own size
     * limit, which {@link ApiWebConfiguration} sets to {@code sample.max-request-size}.
     *
     * @param ex request parameters that Tomcat could not parse: a form body over the limit, or
     *        malformed
     * @param request the request
     * @return 413 for a body over the limit, 400 otherwise
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameters(InvalidParameterException ex, WebRequest request) {
        if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return problem(ex, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
                    "Form body exceeds the request size limit (sample.max-request-size); nothing was stored",
                    request);
        }
        return problem(ex, HttpStatus.BAD_REQUEST, "Invalid request parameters",
                "Request parameters could not be read", request);
    }

    /**
     * @param ex any other failure: a fault of the application or of the store (a damaged file)
     * @param request the request
     * @return 500, with a detail that does not repeat the exception's message
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("Failed " + describe(request), ex);
        return problem(ex, HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The server failed to answer the request; the failure has been logged", request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyLimitFilter.BodyTooLargeException tooLarge = cause(ex,
                RequestBodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            return problem(ex, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
                    tooLarge.getMessage() + "; nothing was stored", request);
        }
        return problem(ex, HttpStatus.BAD_REQUEST, "Unreadable request body", describe(ex), request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getInstance() == null
                && request instanceof ServletWebRequest servletRequest) {
            problem.setInstance(instance(servletRequest.getRequest()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> problem(Exception ex, HttpStatus status, String title, String detail,
            WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
    }

    /** Says a limit as people write it: "200 ms", "2 s". */
    private static String describe(java.time.Duration limit) {
        return (limit.toMillis() % 1000 == 0 && !limit.isZero()) ? limit.toSeconds() + " s"
                : limit.toMillis() + " ms";
    }

    private static URI instance(HttpServletRequest request) {
        return URI.create(request.getRequestURI());
    }

    private static String describe(WebRequest request) {
        return (request instanceof ServletWebRequest servletRequest)
                ? servletRequest.getHttpMethod() + " " + servletRequest.getRequest().getRequestURI()
                : request.getDescription(false);
    }

    /** Says what in the body could not be read, with the JSON position or the field path. */
    static String describe(HttpMessageNotReadableException ex) {
        JacksonException jackson = cause(ex, JacksonException.class);
        if (jackson == null) {
            return (ex.getCause() == null) ? "Request body is missing or empty"
                    : "Request body could not be read: " + ex.getMostSpecificCause().getMessage();
        }
        String field = fieldPath(jackson);
        if (jackson instanceof UnrecognizedPropertyException unrecognized) {
            return "Unknown field '" + field + "'; known fields are " + unrecognized.getKnownPropertyIds();
        }
        if (jackson instanceof InvalidFormatException invalid) {
            return "Field '" + field + "' has the wrong type: " + quote(invalid.getValue()) + " is not a "
                    + typeName(invalid.getTargetType());
        }
        if (jackson instanceof MismatchedInputException mismatched && !field.isEmpty()) {
            return "Field '" + field + "' has the wrong type: expected " + typeName(mismatched.getTargetType());
        }
        if (jackson instanceof MismatchedInputException mismatched) {
            return "Request body has the wrong shape: expected " + typeName(mismatched.getTargetType());
        }
        if (jackson instanceof StreamReadException) {
            TokenStreamLocation location = jackson.getLocation();
            String where = (location != null && location != TokenStreamLocation.NA)
                    ? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
            return "Malformed JSON" + where + ": " + firstLine(jackson.getOriginalMessage());
        }
        return "Request body could not be read" + (field.isEmpty() ? "" : " at field '" + field + "'") + ": "
                + firstLine(jackson.getOriginalMessage());
    }

    private static String fieldPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "JSON array";
        }
        return "JSON object";
    }

    private static String quote(Object value) {
        return (value instanceof String s) ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0) ? message : message.substring(0, newline);
    }

    /**
     * @param ex an exception; null for none
     * @param type the type sought
     * @return the exception or the first of its causes of that type; null if none is
     */
    static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
