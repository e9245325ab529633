package io.tetherdb.update;

import io.tetherdb.error.TetherException;

/**
 * Thrown when an update is not valid, or cannot be applied to a document it matched: an unknown
 * operator, an operand of the wrong type, conflicting paths, an operator applied to a value of the
 * wrong type ({@code $inc} on a string, {@code $push} on a number), a change of {@code _id}, or a
 * replacement mixed with operators. The message names the operator and the path. The operation it
 * belongs to writes nothing.
 *
 * @since 0.2
 */
public class InvalidUpdateException extends TetherException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where; never null
     */
    public InvalidUpdateException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where; never null
     * @param cause the underlying failure; may be null
     */
    public InvalidUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
