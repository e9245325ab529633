package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown by opening a store with {@link io.tetherdb.TetherDBBuilder#readOnly(boolean) readOnly(true)} when there
 * is no store file to read: the path does not exist or is a directory. A read-only open never
 * creates a file.
 *
 * @since 0.2
 */
public class StoreNotFoundException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the file that was to be opened; not null
     * @param problem what is there instead, such as "it does not exist"; not null
     */
    public StoreNotFoundException(Path path, String problem) {
        super("cannot open " + path + " read-only: " + problem + " (a read-only open never creates a store)");
        this.path = path;
    }

    /**
     * @param path the file that was to be worked on; not null
     * @param operation what was to be done, such as "compact"; not null
     * @param problem what is there instead, such as "it does not exist"; not null
     */
    public StoreNotFoundException(Path path, String operation, String problem) {
        super("cannot " + operation + " " + path + ": " + problem);
        this.path = path;
    }

    /** @return the file that was to be opened */
    public Path path() {
        return path;
    }
}
