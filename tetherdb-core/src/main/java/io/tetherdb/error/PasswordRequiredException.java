package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when an encrypted store file is opened without a password. The file is not changed.
 *
 * @since 0.2
 */
public class PasswordRequiredException extends StoreEncryptionException {

    private static final long serialVersionUID = 1L;

    /** @param path the store file; not null */
    public PasswordRequiredException(Path path) {
        super(path, "cannot open " + path + ": the file is encrypted and no password was given (set one with"
                + " TetherDB.builder().encryption(password)); the file was not changed");
    }
}
