package io.tetherdb.spring.autoconfigure.diagnostics;

import io.tetherdb.error.CorruptStoreException;

/**
 * Explains a {@link CorruptStoreException}: the store file is damaged, is not a TetherDB file, or
 * was written by a newer TetherDB.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public class CorruptStoreFailureAnalyzer extends TetherDbFailureAnalyzer<CorruptStoreException> {

    @Override
    protected String description(CorruptStoreException cause) {
        return "TetherDB cannot read its store file " + StoreFiles.describe(cause.path()) + ".\n\n"
                + "Reason: " + cause.getMessage();
    }

    @Override
    protected String action(CorruptStoreException cause) {
        return "Check that 'tetherdb.path' names a TetherDB file written by this or an older TetherDB version. "
                + "If the file is damaged, restore it from a backup, or move it aside (keep it for diagnosis) so "
                + "that a new, empty store is created at " + StoreFiles.describe(cause.path()) + ". "
                + "TetherDB.verify() lists the damage of a file that still opens.";
    }

}
