package io.tetherdb.document;

import io.tetherdb.error.TetherException;

/**
 * Thrown when bytes cannot be decoded as a document of {@link DocumentCodec}'s format: they are
 * truncated or damaged, hold an unknown value type, nest deeper than the decoder allows, or claim
 * a length larger than what follows. The message says what was wrong and at which byte. The codec
 * knows nothing of files; the store reports such damage in its own terms where it knows the file.
 *
 * @since 0.1
 */
public class MalformedDocumentException extends TetherException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and where; never null
     */
    public MalformedDocumentException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and where; never null
     * @param cause the underlying failure; may be null
     */
    public MalformedDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
