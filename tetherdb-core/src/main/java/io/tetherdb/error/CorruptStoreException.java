package io.tetherdb.error;

import java.nio.file.Path;

/**
 * Thrown when a store file cannot be read: it is damaged, it is not a TetherDB file, or it was
 * written by a newer, incompatible version of TetherDB.
 *
 * @since 0.1
 */
public class CorruptStoreException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the file; null for an in-memory store
     * @param problem what is wrong; not null
     * @param cause the underlying failure; may be null
     */
    public CorruptStoreException(Path path, String problem, Throwable cause) {
        super("TetherDB file " + (path == null ? "(in-memory)" : path.toString()) + " cannot be read: " + problem,
                cause);
        this.path = path;
    }

    /**
     * For damage found while reading one document.
     *
     * @param path the file; null for an in-memory store
     * @param collection the collection read; not null
     * @param id the {@code _id} of the document read; not null
     * @param problem what is wrong; not null
     * @param cause the underlying failure; may be null
     */
    public CorruptStoreException(Path path, String collection, String id, String problem, Throwable cause) {
        this(path, "document '" + id + "' of collection '" + collection + "': " + problem, cause);
    }

    /** @return the file, or null for an in-memory store */
    public Path path() {
        return path;
    }
}
