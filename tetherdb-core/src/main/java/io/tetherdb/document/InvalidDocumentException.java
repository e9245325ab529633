package io.tetherdb.document;

import io.tetherdb.error.TetherException;

/**
 * Thrown when a document cannot be stored as given: a value of an unsupported type, a field name
 * that is not allowed or not a string, text that is not valid Unicode (a lone surrogate), nesting
 * deeper than the limit, or an {@code _id} that is not a non-empty string of at most 1024
 * characters; {@link Document} lists the rules. The message names the offending path. Nothing is
 * written when it is thrown.
 *
 * @since 0.1
 */
public class InvalidDocumentException extends TetherException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and at which path; never null
     */
    public InvalidDocumentException(String message) {
        super(message);
    }
}
