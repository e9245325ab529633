package io.tetherdb.internal.store;

import java.io.IOException;

/**
 * A sector of an encrypted store file does not match its tag: the file is damaged there (or was
 * changed by something other than TetherDB). Thrown by the file layer as an {@link IOException}
 * because MVStore expects those from reads; the store reports it as a
 * {@link io.tetherdb.error.CorruptStoreException}, never as a failure of the disk.
 */
final class SectorIntegrityException extends IOException {

    private static final long serialVersionUID = 1L;

    SectorIntegrityException(String file, long sector, long position) {
        super("encrypted sector " + sector + " of " + file + " (bytes " + position + " to "
                + (position + SectorCipher.storedSectorBytes(true) - 1) + ") fails its integrity check: the file"
                + " is damaged there, or was changed by something other than TetherDB");
    }
}
