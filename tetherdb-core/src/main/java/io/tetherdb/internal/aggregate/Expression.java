package io.tetherdb.internal.aggregate;

/**
 * A compiled aggregation expression: evaluated once per document against the current variables.
 * Immutable and thread-safe.
 */
@FunctionalInterface
public interface Expression {

    /**
     * @param variables {@code $$ROOT}, {@code $$CURRENT} and the variables in scope; not null
     * @return the value, {@link Values#MISSING} for nothing
     */
    Object evaluate(Variables variables);
}
