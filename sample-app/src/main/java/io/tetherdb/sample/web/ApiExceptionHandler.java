package io.tetherdb.sample.web;

import java.net.URI;

import io.tetherdb.DocumentTooLargeException;
import io.tetherdb.DuplicateKeyException;
import io.tetherdb.TetherException;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.query.InvalidQueryException;
import jakarta.servlet.http.HttpServletRequest;
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
 * Spring {@link DataAccessException}s that carry them), and the application's own
 * {@link org.springframework.web.ErrorResponseException}s. Every problem's {@code instance} is the
 * request path.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

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
     * @param ex a repository's or the template's failure; one that carries a TetherDB query,
     *        document or duplicate-id error is answered as that error
     * @param request the request
     * @return the answer to the TetherDB error it carries
     * @throws DataAccessException the exception itself if it carries none of those errors, for
     *         Spring's default handling
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
        throw ex;
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

    private static URI instance(HttpServletRequest request) {
        return URI.create(request.getRequestURI());
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

    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
