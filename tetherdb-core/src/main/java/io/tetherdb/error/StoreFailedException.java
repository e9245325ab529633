package io.tetherdb.error;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Thrown when a store can no longer be used because writing its file or forcing it to the disk
 * failed (a full disk, a failing device, a file system gone read-only). The operation that hit the
 * failure throws it, and so does every later operation on the store, reads included, naming the
 * time and the cause of the first failure. The store does not retry: after a failed fsync the
 * operating system may have dropped the unwritten data while marking it clean, so a retry that
 * succeeds would not mean the data is on the disk. Close the store (which releases the file
 * without writing to it again) and open it anew: the file then holds every write that a
 * {@link io.tetherdb.TetherDB#flush()} acknowledged before the failure, and possibly some later ones, or the
 * open fails with a typed exception.
 *
 * <p>It is a {@link StoreClosedException}, since the store is closed to every operation but
 * {@link io.tetherdb.TetherDB#close()}.
 *
 * @since 0.1
 */
public class StoreFailedException extends StoreClosedException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final Instant failedAt;
    private final String message;

    /**
     * @param path the store file; null for an in-memory store
     * @param failedAt when the store failed; not null
     * @param operation what the store was doing when it failed, such as "fsync"; not null
     * @param cause the I/O failure; may be null
     */
    public StoreFailedException(Path path, Instant failedAt, String operation, Throwable cause) {
        super(path == null ? "(in-memory)" : path.toString(), cause);
        this.path = path;
        this.failedAt = failedAt;
        this.message = "TetherDB store " + (path == null ? "(in-memory)" : path.toString()) + " failed at "
                + failedAt + " during " + operation + " because of " + describe(cause)
                + "; it accepts no further operations and must be closed and reopened"
                + " (writes that flush() did not acknowledge may be lost)";
    }

    /** @return what failed, when and why, in place of the "is closed" of a closed store */
    @Override
    public String getMessage() {
        return message;
    }

    /** @return the store file, or null for an in-memory store */
    public Path path() {
        return path;
    }

    /** @return when the store failed */
    public Instant failedAt() {
        return failedAt;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "an unknown error";
        }
        // MVStore wraps the IOException; the innermost cause says what the operating system reported
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.toString() : cause.getMessage() + " (" + root + ")";
    }
}
