package io.tetherdb.internal.store;

import java.util.Map;

import io.tetherdb.document.DocumentCodec;

/**
 * A document ready to store, as {@link RecordPreparer} makes it: its id, its record, and its
 * encoding (read by index maintenance). Immutable; do not change the arrays.
 *
 * @param id the document's id
 * @param record the stored record: the encoding, maybe compressed, with its expiry
 * @param encoded the document's encoding
 */
public record PreparedRecord(String id, byte[] record, byte[] encoded) {

    /** @return the document, decoded lazily from its encoding */
    public Map<String, Object> document() {
        return DocumentCodec.lazy(encoded);
    }
}
