package io.tetherdb.error;

/**
 * Thrown when a write would store a second document with an {@code _id} (or a unique index key)
 * that is already taken. Nothing of the rejected operation is written.
 *
 * @since 0.1
 */
public class DuplicateKeyException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final String collection;
    private final String key;

    /**
     * @param collection the collection written to; not null
     * @param key the duplicate key, as text; not null
     * @param message what was duplicated and where; not null
     */
    public DuplicateKeyException(String collection, String key, String message) {
        super(message);
        this.collection = collection;
        this.key = key;
    }

    /** @return the name of the collection written to */
    public String collection() {
        return collection;
    }

    /** @return the duplicate key, as text */
    public String key() {
        return key;
    }
}
