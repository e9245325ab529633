package io.tetherdb.query;

import io.tetherdb.error.TetherException;

/**
 * Thrown when a filter, sort or projection is not valid: an unknown operator, an operand of the
 * wrong type, a regular expression that does not compile, or malformed filter text. The message
 * says what is wrong and where (the operator, the field path and, for text, the position).
 *
 * @since 0.1
 */
public class InvalidQueryException extends TetherException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where; never null
     */
    public InvalidQueryException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where; never null
     * @param cause the underlying failure; may be null
     */
    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
