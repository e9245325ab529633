package io.tetherdb.event;

/**
 * What a {@link ChangeEvent} reports. Immutable.
 *
 * @since 0.2
 */
public enum ChangeKind {
    /** A new document was stored. */
    INSERT,
    /** A live document was replaced by a whole new version ({@code replaceOne}, {@code save}, upsert by id). */
    REPLACE,
    /** A live document was changed by update operators; see {@link ChangeEvent#updateDescription()}. */
    UPDATE,
    /** A live document was deleted. */
    DELETE,
    /** A collection was dropped with all its documents; no event is sent per document. */
    DROP,
    /** An expired document was removed; see {@link ChangeEvent#expiryCause()} for by whom and when. */
    EXPIRE
}
