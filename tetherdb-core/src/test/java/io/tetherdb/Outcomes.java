package io.tetherdb;

import java.util.function.Supplier;

/**
 * Assertions of the bad-input suites: an entry point given any input either returns or throws its
 * one documented exception type, with a message; any other throwable (a {@code NullPointerException},
 * {@code ClassCastException}, {@code StackOverflowError}, a parser's own exception) fails the test.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /**
     * @param documented the one exception type the entry point documents
     * @param call the call
     * @param <T> the result type
     * @return the result, or null if the call threw the documented type
     */
    public static <T> T resultOrTyped(Class<? extends Throwable> documented, Supplier<T> call) {
        try {
            return call.get();
        } catch (Throwable t) {
            if (!documented.isInstance(t)) {
                throw new AssertionError("Expected a result or " + documented.getSimpleName() + " but got " + t, t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                throw new AssertionError(documented.getSimpleName() + " without a message", t);
            }
            return null;
        }
    }

    /**
     * @param documented the one exception type the entry point documents
     * @param call the call
     */
    public static void completesOrTyped(Class<? extends Throwable> documented, Runnable call) {
        resultOrTyped(documented, () -> {
            call.run();
            return null;
        });
    }
}
