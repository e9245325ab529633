package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when a plain (unencrypted) store file is opened with a password. The file is not
 * changed; {@code TetherDB.encrypt} turns it into an encrypted one.
 *
 * @since 0.2
 */
public class StoreNotEncryptedException extends StoreEncryptionException {

    private static final long serialVersionUID = 1L;

    /** @param path the store file; not null */
    public StoreNotEncryptedException(Path path) {
        super(path, "cannot open " + path + " with a password: the file is not encrypted (open it without"
                + " one, or encrypt it with TetherDB.encrypt); the file was not changed");
    }
}
