package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when an encrypted store file is opened with a password other than its own. The file is
 * not changed.
 *
 * @since 0.2
 */
public class WrongPasswordException extends StoreEncryptionException {

    private static final long serialVersionUID = 1L;

    /** @param path the store file; not null */
    public WrongPasswordException(Path path) {
        super(path, "cannot open " + path + ": the password is wrong (the key it gives does not match the"
                + " file's key check); the file was not changed");
    }
}
