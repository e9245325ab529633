package io.tetherdb;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link TetherCollection#bulkWrite(java.util.List) bulkWrite} did, summed over its
 * models. Immutable and thread-safe.
 *
 * @param insertedCount documents inserted by insert models
 * @param matchedCount documents matched by update and replace models
 * @param modifiedCount documents changed by update and replace models
 * @param deletedCount documents deleted by delete models
 * @param insertedIds the ids of inserted documents by the index of their model, in model order; unmodifiable
 * @param upsertedIds the ids of documents upserted by the index of their model; unmodifiable
 * @since 0.2
 */
public record BulkWriteResult(long insertedCount, long matchedCount, long modifiedCount, long deletedCount,
        Map<Integer, String> insertedIds, Map<Integer, String> upsertedIds) {

    /** Copies the maps, so the result stays immutable. */
    public BulkWriteResult {
        insertedIds = Collections.unmodifiableMap(new TreeMap<>(insertedIds));
        upsertedIds = Collections.unmodifiableMap(new TreeMap<>(upsertedIds));
    }
}
