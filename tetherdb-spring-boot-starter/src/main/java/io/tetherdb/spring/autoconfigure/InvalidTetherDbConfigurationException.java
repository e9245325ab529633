package io.tetherdb.spring.autoconfigure;

import io.tetherdb.error.TetherException;

/**
 * Thrown at start-up when the store's builder refuses an option set by a
 * {@link TetherDbBuilderCustomizer} or the options as a whole when the store opens. A single
 * invalid {@code tetherdb.*} property is reported as Boot's
 * {@code InvalidConfigurationPropertyValueException} naming it instead.
 *
 * <p>Immutable; thread-safe.
 *
 * @since 0.2
 */
public class InvalidTetherDbConfigurationException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source what set the refused value, such as "TetherDbBuilderCustomizer com.example.Tuning";
     *        not null
     * @param cause the builder's refusal, whose message names the option and value; not null
     */
    public InvalidTetherDbConfigurationException(String source, IllegalArgumentException cause) {
        super(cause.getMessage() + " (set by " + source + ")", cause);
        this.source = source;
    }

    /** @return what set the refused value */
    public String getSource() {
        return this.source;
    }

}
