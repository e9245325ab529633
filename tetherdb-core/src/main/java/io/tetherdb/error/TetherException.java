package io.tetherdb.error;

/**
 * Root of every exception TetherDB throws. All TetherDB exceptions are unchecked.
 *
 * @since 0.1
 */
public class TetherException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and where; never null
     */
    public TetherException(String message) {
        super(message);
    }

    /**
     * @param message what failed and where; never null
     * @param cause the underlying failure; may be null
     */
    public TetherException(String message, Throwable cause) {
        super(message, cause);
    }
}
