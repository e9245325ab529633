package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when a backup, a compaction or a salvage would replace an existing file and was not asked
 * to. The existing file is left as it was.
 *
 * @since 0.2
 */
public class TargetExistsException extends TargetFileException {

    private static final long serialVersionUID = 1L;

    /**
     * @param target the existing file; not null
     */
    public TargetExistsException(Path target) {
        super(target, "the file exists (ask to overwrite it, or choose another name)", null);
    }
}
