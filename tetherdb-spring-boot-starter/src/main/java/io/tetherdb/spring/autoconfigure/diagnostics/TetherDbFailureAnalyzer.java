package io.tetherdb.spring.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Base of TetherDB's failure analyzers: finds the failure of type {@code T} anywhere in the
 * start-up exception's causes and reports what happened and what to do. A new analyzer for
 * another exception needs only {@link #description} and {@link #action}, and a line in
 * {@code META-INF/spring.factories} under {@code org.springframework.boot.diagnostics.FailureAnalyzer}.
 *
 * <p>Stateless and thread-safe.
 *
 * @param <T> the failure this analyzer explains
 * @since 0.2
 */
public abstract class TetherDbFailureAnalyzer<T extends Throwable> extends AbstractFailureAnalyzer<T> {

    @Override
    protected final FailureAnalysis analyze(Throwable rootFailure, T cause) {
        return new FailureAnalysis(description(cause), action(cause), cause);
    }

    /**
     * @param cause the failure found; not null
     * @return what happened, for Boot's "Description:" section
     */
    protected abstract String description(T cause);

    /**
     * @param cause the failure found; not null
     * @return what the developer can do, for Boot's "Action:" section
     */
    protected abstract String action(T cause);

}
