package io.tetherdb.spring.autoconfigure.diagnostics;

import io.tetherdb.error.StoreLockedException;

/**
 * Explains a {@link StoreLockedException}: the store file is already open elsewhere, typically a
 * second instance of the application or a test that left a store open.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public class StoreLockedFailureAnalyzer extends TetherDbFailureAnalyzer<StoreLockedException> {

    @Override
    protected String description(StoreLockedException cause) {
        return "The TetherDB store file " + StoreFiles.describe(cause.path())
                + " is already open in this or another process. A store file has one opener at a time.";
    }

    @Override
    protected String action(StoreLockedException cause) {
        return "Stop the other process using " + StoreFiles.describe(cause.path())
                + " (such as another instance of this application), or close the other TetherDB in this JVM, "
                + "or give this application its own file with the 'tetherdb.path' property "
                + "(tests can use 'tetherdb.in-memory=true').";
    }

}
