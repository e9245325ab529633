package io.tetherdb.internal.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.error.DocumentTooLargeException;

/**
 * Turns a document given to a write into the record to store, outside the write lock: settles its
 * id (the one it is written under, else its own {@code _id}, else a generated one), merges tags into
 * {@code _tags}, encodes it, refuses it when too large, and packs it with its expiry in the store's
 * {@link RecordFormat}. Thread-safe.
 */
public final class RecordPreparer {

    /** Longest document id, in characters. */
    private static final int MAX_ID_LENGTH = 1024;

    private final RecordFormat format;
    private final int maxDocumentSize;
    private final Supplier<String> ids;

    /**
     * @param format how records are packed (compression); not null
     * @param maxDocumentSize the largest encoded document, in bytes
     * @param ids gives a new id for a document that has none; not null
     */
    public RecordPreparer(RecordFormat format, int maxDocumentSize, Supplier<String> ids) {
        this.format = Objects.requireNonNull(format, "format must not be null");
        this.maxDocumentSize = maxDocumentSize;
        this.ids = Objects.requireNonNull(ids, "ids must not be null");
    }

    /**
     * @param id a document id; not null
     * @return what is wrong with it, such as "must not be empty", or null if nothing is
     */
    public static String idProblem(String id) {
        if (id.isEmpty()) {
            return "must not be empty";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "must be at most " + MAX_ID_LENGTH + " characters but was " + id.length();
        }
        return null;
    }

    /**
     * Checks and encodes a document.
     *
     * @param document the document; not null
     * @param givenId the id it is written under (already checked), or null to take its own {@code _id}
     *        or a generated one
     * @param tags tags to add to its {@code _tags}; not null, may be empty
     * @param expiresAtMillis gives its expiry in epoch millis ({@link RecordFormat}'s "never" for none),
     *        asked once the document is encoded
     * @return the record to store
     * @throws InvalidDocumentException if its {@code _id} is not a valid string or differs from
     *         {@code givenId}, its {@code _tags} is not an array while tags are added, or it holds an
     *         unsupported value
     * @throws DocumentTooLargeException if its encoding is larger than the store allows
     */
    public PreparedRecord prepare(Map<String, ?> document, String givenId, Collection<?> tags,
            LongSupplier expiresAtMillis) {
        Objects.requireNonNull(document, "document must not be null");
        Object ownId = document.get(Document.ID);
        if (ownId != null && !(ownId instanceof String)) {
            throw new InvalidDocumentException("_id must be a string but was " + ownId.getClass().getSimpleName()
                    + " " + ownId);
        }
        String id = givenId;
        if (id != null && ownId != null && !id.equals(ownId)) {
            throw new InvalidDocumentException("The document's _id '" + ownId + "' differs from the id '" + id
                    + "' it is written under");
        }
        if (id == null && ownId != null) {
            // The document's own _id is part of the document: its problems are the document's.
            String problem = idProblem((String) ownId);
            if (problem != null) {
                throw new InvalidDocumentException("_id " + problem);
            }
            id = (String) ownId;
        }
        if (id == null) {
            id = ids.get();
        }
        List<Object> merged = null;
        if (!tags.isEmpty()) {
            LinkedHashSet<Object> all = new LinkedHashSet<>();
            Object existing = document.get(Document.TAGS);
            if (existing instanceof Collection<?> c) {
                all.addAll(c);
            } else if (existing != null) {
                throw new InvalidDocumentException("_tags must be an array to add tags to it but was " + existing);
            }
            all.addAll(tags);
            merged = new ArrayList<>(all);
        }
        byte[] encoded = DocumentCodec.encode(id, document, merged);
        if (encoded.length > maxDocumentSize) {
            throw new DocumentTooLargeException(id, encoded.length, maxDocumentSize);
        }
        return new PreparedRecord(id, format.pack(encoded, expiresAtMillis.getAsLong()), encoded);
    }

    /**
     * Packs a document encoded already, as {@link DocumentCodec#replaceFields} encodes an updated
     * one, with the same size check as {@link #prepare}.
     *
     * @param id the document's id, which its encoding holds; not null
     * @param encoded the encoding; not null
     * @param expiresAtMillis its expiry in epoch millis, or {@link RecordFormat#NEVER}
     * @return the record to store
     * @throws DocumentTooLargeException if the encoding is larger than the store allows
     */
    public PreparedRecord prepareEncoded(String id, byte[] encoded, long expiresAtMillis) {
        if (encoded.length > maxDocumentSize) {
            throw new DocumentTooLargeException(id, encoded.length, maxDocumentSize);
        }
        return new PreparedRecord(id, format.pack(encoded, expiresAtMillis), encoded);
    }
}
