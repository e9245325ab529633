package io.tetherdb.spring.core;

import org.springframework.dao.UncategorizedDataAccessException;

/**
 * A TetherDB failure that fits no more specific {@link org.springframework.dao.DataAccessException};
 * its cause is the store's exception.
 *
 * <p>Immutable once thrown.
 *
 * @since 0.1
 */
public class UncategorizedTetherException extends UncategorizedDataAccessException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the message; may be null
     * @param cause the store's exception; may be null
     */
    public UncategorizedTetherException(String message, Throwable cause) {
        super(message, cause);
    }

}
