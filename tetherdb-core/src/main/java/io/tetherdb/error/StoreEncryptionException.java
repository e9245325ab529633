package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when a store file cannot be opened because of its encryption: the password is wrong, or
 * the file and the open disagree on whether it is encrypted. The subclass says which. Nothing of
 * the file has been written when it is thrown.
 *
 * @since 0.2
 */
public class StoreEncryptionException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the store file; not null
     * @param message what is wrong and what to do; not null
     */
    public StoreEncryptionException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** @return the store file */
    public Path path() {
        return path;
    }
}
