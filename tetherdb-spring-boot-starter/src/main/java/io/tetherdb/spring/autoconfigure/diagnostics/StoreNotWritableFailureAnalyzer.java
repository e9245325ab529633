package io.tetherdb.spring.autoconfigure.diagnostics;

import io.tetherdb.error.StoreNotWritableException;

/**
 * Explains a {@link StoreNotWritableException}: the store file, or the directory it is to be
 * created in, cannot be written, so the store refused to open rather than lose writes later.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public class StoreNotWritableFailureAnalyzer extends TetherDbFailureAnalyzer<StoreNotWritableException> {

    @Override
    protected String description(StoreNotWritableException cause) {
        return "TetherDB cannot open its store file " + StoreFiles.describe(cause.path()) + " for writing: "
                + cause.reason() + ".";
    }

    @Override
    protected String action(StoreNotWritableException cause) {
        return "Give the application's user write access to " + StoreFiles.describe(cause.path())
                + " and its directory, or point 'tetherdb.path' at a writable location. To only read an "
                + "existing store, set 'tetherdb.read-only=true'.";
    }

}
