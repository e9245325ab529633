package io.tetherdb.spring.autoconfigure.diagnostics;

import io.tetherdb.error.StoreNotFoundException;

/**
 * Explains a {@link StoreNotFoundException}: a read-only store was asked for a file that does not
 * exist (a read-only open never creates one).
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public class StoreNotFoundFailureAnalyzer extends TetherDbFailureAnalyzer<StoreNotFoundException> {

    @Override
    protected String description(StoreNotFoundException cause) {
        return "The read-only TetherDB store " + StoreFiles.describe(cause.path()) + " could not be opened: "
                + cause.getMessage() + ".";
    }

    @Override
    protected String action(StoreNotFoundException cause) {
        return "Point 'tetherdb.path' at an existing TetherDB file, or set 'tetherdb.read-only=false' so that "
                + "the store creates the file.";
    }

}
