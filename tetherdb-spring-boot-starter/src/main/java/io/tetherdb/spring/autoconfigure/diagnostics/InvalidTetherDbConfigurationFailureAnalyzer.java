package io.tetherdb.spring.autoconfigure.diagnostics;

import io.tetherdb.spring.autoconfigure.InvalidTetherDbConfigurationException;

/**
 * Explains an {@link InvalidTetherDbConfigurationException}: the options of the auto-configured
 * store, from the {@code tetherdb.*} properties and the {@code TetherDbBuilderCustomizer} beans
 * together, were refused by the store's builder. A single invalid property is reported by Boot's
 * own analyzer, naming the property.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public class InvalidTetherDbConfigurationFailureAnalyzer
        extends TetherDbFailureAnalyzer<InvalidTetherDbConfigurationException> {

    @Override
    protected String description(InvalidTetherDbConfigurationException cause) {
        return "The TetherDB store could not be configured: " + cause.getMessage();
    }

    @Override
    protected String action(InvalidTetherDbConfigurationException cause) {
        return "Correct the option named above where it is set: in " + cause.getSource()
                + ". The 'tetherdb.*' properties and their ranges are listed in docs/spring-reference.md.";
    }

}
