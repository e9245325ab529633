package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when a store file is already open, in this JVM or in another process. The file is left
 * untouched.
 *
 * @since 0.1
 */
public class StoreLockedException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the locked file; not null
     * @param cause the underlying failure; may be null
     */
    public StoreLockedException(Path path, Throwable cause) {
        super("TetherDB file " + path + " is already open in this or another process"
                + " (only one opener at a time is allowed)", cause);
        this.path = path;
    }

    /** @return the locked file */
    public Path path() {
        return path;
    }
}
