package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when a store is opened read-only while its write-ahead log ({@code FILE.wal}) holds
 * writes that the store file does not: the last process that wrote it ended without closing it.
 * A read-only open cannot apply them, and reading the file without them would show the store as it
 * was some writes ago. Opening it once for writing applies them (and closing it then leaves no log).
 *
 * @since 0.2
 */
public class StoreNeedsRecoveryException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final long operations;

    /**
     * @param path the store file; not null
     * @param operations how many write operations the log holds beyond the file
     */
    public StoreNeedsRecoveryException(Path path, long operations) {
        super("TetherDB file " + path + " was not closed cleanly: its write-ahead log " + path + ".wal holds "
                + operations + " write operation" + (operations == 1 ? "" : "s") + " that the file does not."
                + " A read-only open cannot apply them; open the store once for writing (and close it) to recover them");
        this.path = path;
        this.operations = operations;
    }

    /** @return the store file */
    public Path path() {
        return path;
    }

    /** @return how many write operations the log holds beyond the store file */
    public long operations() {
        return operations;
    }
}
