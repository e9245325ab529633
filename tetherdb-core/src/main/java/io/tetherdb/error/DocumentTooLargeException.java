package io.tetherdb.error;

/**
 * Thrown when a document's encoded size exceeds the store's maximum document size. Nothing of the
 * rejected operation is written.
 *
 * @since 0.1
 */
public class DocumentTooLargeException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    /**
     * @param id the document's id, or null if it has none yet
     * @param size the encoded size in bytes
     * @param limit the configured maximum in bytes
     */
    public DocumentTooLargeException(String id, long size, long limit) {
        super("Document " + (id == null ? "" : "'" + id + "' ") + "is " + size
                + " bytes encoded, over the maximum document size of " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    /** @return the encoded size of the refused document, in bytes */
    public long size() {
        return size;
    }

    /** @return the configured maximum document size, in bytes */
    public long limit() {
        return limit;
    }
}
