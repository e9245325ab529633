package io.tetherdb.spring.autoconfigure.diagnostics;

import io.tetherdb.document.MalformedDocumentException;

/**
 * Explains a {@link MalformedDocumentException} met at start-up, such as while an index of an
 * entity is built: a stored document cannot be decoded, so the store file is damaged.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public class MalformedDocumentFailureAnalyzer extends TetherDbFailureAnalyzer<MalformedDocumentException> {

    @Override
    protected String description(MalformedDocumentException cause) {
        return "A document stored in TetherDB cannot be decoded: the store file is damaged.\n\n"
                + "Reason: " + cause.getMessage();
    }

    @Override
    protected String action(MalformedDocumentException cause) {
        return "Run TetherDB.verify() on the file named by 'tetherdb.path' to list the damaged documents, then "
                + "restore the file from a backup or delete those documents.";
    }

}
