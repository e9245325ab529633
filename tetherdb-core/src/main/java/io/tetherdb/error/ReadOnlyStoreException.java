package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown by every write operation on a store opened with
 * {@link io.tetherdb.TetherDBBuilder#readOnly(boolean) readOnly(true)}, when it is called and before it does
 * anything: the store and its file are left unchanged.
 *
 * @since 0.2
 */
public class ReadOnlyStoreException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient Path path;

    /**
     * @param operation the refused operation, such as "put"; not null
     * @param path the store file; not null
     */
    public ReadOnlyStoreException(String operation, Path path) {
        super("Cannot " + operation + ": TetherDB store " + path + " is open read-only; nothing was changed");
        this.operation = operation;
        this.path = path;
    }

    /** @return the refused operation, such as "put" */
    public String operation() {
        return operation;
    }

    /** @return the store file */
    public Path path() {
        return path;
    }
}
