package io.tetherdb.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.tetherdb.document.Document;

/**
 * One committed change, as a subscriber receives it: its sequence number (rising by one with every
 * change the store commits, across reopens), what happened, to which document, and when, with the
 * document before and after as the {@link WatchOptions} asked. Immutable; the documents are the
 * event's own copies, which the listener may keep or change.
 *
 * @since 0.2
 */
public final class ChangeEvent {

    private final long sequence;
    private final ChangeKind kind;
    private final String collection;
    private final String documentId;
    private final Instant time;
    private final Document fullDocument;
    private final Document fullDocumentBefore;
    private final UpdateDescription updateDescription;
    private final ExpiryCause expiryCause;

    /**
     * @param sequence the change's sequence number; positive
     * @param kind what happened; not null
     * @param collection the collection; not null
     * @param documentId the document's {@code _id}; null only for {@link ChangeKind#DROP}
     * @param time the store clock's time of the write; not null
     * @param fullDocument the document after the change, or null
     * @param fullDocumentBefore the document before the change, or null
     * @param updateDescription for {@link ChangeKind#UPDATE}: what changed; else null
     * @param expiryCause for {@link ChangeKind#EXPIRE}: who removed it; else null
     */
    public ChangeEvent(long sequence, ChangeKind kind, String collection, String documentId, Instant time,
            Document fullDocument, Document fullDocumentBefore, UpdateDescription updateDescription,
            ExpiryCause expiryCause) {
        this.sequence = sequence;
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
        this.collection = Objects.requireNonNull(collection, "collection must not be null");
        this.documentId = documentId;
        this.time = Objects.requireNonNull(time, "time must not be null");
        this.fullDocument = fullDocument;
        this.fullDocumentBefore = fullDocumentBefore;
        this.updateDescription = updateDescription;
        this.expiryCause = expiryCause;
    }

    /** @return the change's sequence number: resume after it with {@link WatchOptions#resumeAfter(long)} */
    public long sequence() {
        return sequence;
    }

    /** @return what happened */
    public ChangeKind kind() {
        return kind;
    }

    /** @return the collection's name */
    public String collection() {
        return collection;
    }

    /** @return the document's {@code _id}; null only for {@link ChangeKind#DROP} */
    public String documentId() {
        return documentId;
    }

    /** @return the store clock's time of the write operation that made the change */
    public Instant time() {
        return time;
    }

    /**
     * @return the document as the change left it: for INSERT, REPLACE and UPDATE, unless
     *         {@link WatchOptions#fullDocument(boolean)} is off; empty for the other kinds
     */
    public Optional<Document> fullDocument() {
        return Optional.ofNullable(fullDocument);
    }

    /**
     * @return the document as it was before the change: for REPLACE, UPDATE, DELETE and EXPIRE when
     *         {@link WatchOptions#fullDocumentBefore(boolean)} is on (for an expiry, the document as
     *         it was when it expired); empty otherwise
     */
    public Optional<Document> fullDocumentBefore() {
        return Optional.ofNullable(fullDocumentBefore);
    }

    /** @return for UPDATE, the fields it set and removed; empty for the other kinds */
    public Optional<UpdateDescription> updateDescription() {
        return Optional.ofNullable(updateDescription);
    }

    /** @return for EXPIRE, who removed the document; empty for the other kinds */
    public Optional<ExpiryCause> expiryCause() {
        return Optional.ofNullable(expiryCause);
    }

    @Override
    public String toString() {
        return "ChangeEvent[" + sequence + " " + kind + " " + collection + (documentId == null ? "" : "/" + documentId)
                + (expiryCause == null ? "" : " by " + expiryCause) + " at " + time + "]";
    }
}
