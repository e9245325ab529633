package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown by opening a store for writing when its file cannot be written: the file or its directory
 * is read-only, the path is a directory, or its parent is not a directory. Nothing is written to
 * the file. Open an existing file with {@link io.tetherdb.TetherDBBuilder#readOnly(boolean) readOnly(true)} to
 * read it.
 *
 * @since 0.2
 */
public class StoreNotWritableException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String reason;

    /**
     * @param path the file that was to be opened; not null
     * @param reason why it cannot be written, such as "the file is read-only (permissions r--r--r--)"; not null
     * @param readable whether the file exists and could be opened with {@code readOnly(true)} instead
     * @param cause the underlying failure; may be null
     */
    public StoreNotWritableException(Path path, String reason, boolean readable, Throwable cause) {
        super("cannot open " + path + " for writing: " + reason
                + (readable ? "; open it with readOnly(true) to read it" : ""), cause);
        this.path = path;
        this.reason = reason;
    }

    /** @return the file that was to be opened */
    public Path path() {
        return path;
    }

    /** @return why the file cannot be written */
    public String reason() {
        return reason;
    }
}
