package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when a backup, a compaction or a salvage cannot write its target file: the target is a
 * directory or the store's own file, its directory is missing or not writable, or writing it
 * failed. Nothing is left at the target path, and the source store is unchanged. An index build
 * throws it when it cannot write the temporary files of its sorted keys (a full disk); the index is
 * then not created.
 *
 * @since 0.2
 */
public class TargetFileException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final transient Path target;
    private final String reason;

    /**
     * @param target the file that was to be written; not null
     * @param reason why it cannot be written; not null
     * @param cause the underlying failure; may be null
     */
    public TargetFileException(Path target, String reason, Throwable cause) {
        super("cannot write " + target + ": " + reason, cause);
        this.target = target;
        this.reason = reason;
    }

    /** @return the file that was to be written */
    public Path target() {
        return target;
    }

    /** @return why it cannot be written */
    public String reason() {
        return reason;
    }
}
