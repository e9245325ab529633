package io.tetherdb.update;

/**
 * Which version of the document a find-and-modify operation returns. Immutable and thread-safe.
 *
 * @since 0.2
 */
public enum ReturnDocument {
    /** The document as it was before the change (nothing for an upsert that inserted). */
    BEFORE,
    /** The document as the change left it. */
    AFTER
}
