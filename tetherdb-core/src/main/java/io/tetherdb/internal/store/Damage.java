package io.tetherdb.internal.store;

import java.nio.BufferUnderflowException;
import java.nio.file.Path;

import io.tetherdb.error.CorruptStoreException;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * Tells failures of MVStore that mean the file is damaged from other failures, and turns them
 * into {@link CorruptStoreException} at the point where the store knows the file and what it was
 * reading. MVStore reports a page it cannot read as an {@link MVStoreException} (wrapping whatever
 * the page's decoding threw); a damaged tree that still reads page by page can make its own
 * traversal fail with an index or buffer error. Failures to write, a store closed after such a
 * failure, and a locked file are not damage and are left alone. Thread-safe: stateless.
 */
final class Damage {

    private Damage() {
    }

    /** @return whether the failure, thrown by MVStore while reading, means the file is damaged */
    private static boolean isDamage(Throwable e) {
        if (e instanceof AssertionError) {
            // with assertions on, MVStore checks what it reads against its parent page
            StackTraceElement[] trace = e.getStackTrace();
            return trace.length > 0 && trace[0].getClassName().startsWith("org.h2.mvstore.");
        }
        if (e instanceof MVStoreException m) {
            int code = m.getErrorCode();
            return code != DataUtils.ERROR_WRITING_FAILED && code != DataUtils.ERROR_CLOSED
                    && code != DataUtils.ERROR_FILE_LOCKED;
        }
        return e instanceof IndexOutOfBoundsException || e instanceof NegativeArraySizeException
                || e instanceof BufferUnderflowException || e instanceof IllegalStateException;
    }

    /**
     * @param path the store file
     * @param reading what was being read, such as "the documents of collection 'a'"
     * @param e a failure of a read of the maps
     * @return the exception to throw: a {@link CorruptStoreException} naming the file and what was
     *         being read when the failure means damage, else {@code e} itself
     * @throws Error {@code e} itself, when it is an error that does not mean damage
     */
    static RuntimeException translate(Path path, String reading, Throwable e) {
        if (isDamage(e)) {
            return new CorruptStoreException(path, "damaged data while reading " + reading + ": " + describe(e), e);
        }
        return unchanged(e);
    }

    /** As {@link #translate(Path, String, Throwable)}, for a read of one document. */
    static RuntimeException translate(Path path, String collection, String id, Throwable e) {
        if (isDamage(e)) {
            return new CorruptStoreException(path, collection, id, "damaged data: " + describe(e), e);
        }
        return unchanged(e);
    }

    private static RuntimeException unchanged(Throwable e) {
        if (e instanceof Error error) {
            throw error;
        }
        return (RuntimeException) e;
    }

    /** @return the failure's message, and its root cause's, which says what MVStore's wrapper does not */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
