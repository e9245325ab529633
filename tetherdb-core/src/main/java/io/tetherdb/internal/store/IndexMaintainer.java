package io.tetherdb.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.IndexKeys;
import org.h2.mvstore.MVMap;

/**
 * Keeps one collection's secondary indexes in step with its documents within each write: removes
 * the keys a document no longer has, adds the new ones, enforces unique indexes (an expired holder
 * of a key is removed first, as the sweep would) and records that an index became multikey. Runs
 * under the engine's write lock; the changes go through {@link Mutations}, so a rejected write takes
 * them back. Not thread-safe on its own: the write lock serialises its callers.
 */
final class IndexMaintainer {

    private final CollectionStore collection;
    private final MVMap<String, byte[]> documents;
    private final MVMap<String, String> meta;
    private final LongSupplier clock;

    IndexMaintainer(CollectionStore collection, MVMap<String, byte[]> documents, MVMap<String, String> meta,
            LongSupplier clock) {
        this.collection = collection;
        this.documents = documents;
        this.meta = meta;
        this.clock = clock;
    }

    /**
     * Within a write: brings the collection's indexes in step with a document stored over, or
     * removed from, {@code previousRecord}.
     *
     * @param previousRecord the record the id held before, or null
     * @param document the document now stored under the id, or null if it was removed
     * @param indexes the collection's indexes
     * @throws DuplicateKeyException if a unique index already holds one of the document's keys
     */
    void update(Mutations mutations, String id, byte[] previousRecord, Map<String, ?> document,
            List<IndexMap> indexes) {
        Map<String, Object> previous = previousRecord == null ? null
                : RecordFormat.lazyDocument(previousRecord);
        byte[] idBytes = IndexMap.idBytes(id);
        for (IndexMap index : indexes) {
            IndexKeys oldKeys = keysOf(index.definition, previous);
            IndexKeys newKeys = keysOf(index.definition, document);
            List<byte[]> removed = minus(oldKeys, newKeys);
            List<byte[]> added = minus(newKeys, oldKeys);
            for (byte[] prefix : removed) {
                mutations.remove(index.map, IndexMap.entryKey(prefix, idBytes));
            }
            for (int i = 0; i < added.size(); i++) {
                byte[] prefix = added.get(i);
                if (index.definition.isUnique()) {
                    checkUnique(mutations, index, prefix, id, newKeys);
                }
                mutations.put(index.map, IndexMap.entryKey(prefix, idBytes), idBytes);
            }
            if (newKeys != null && newKeys.multikey() && !index.multikey) {
                index.multikey = true;
                // if the operation is rejected, the flag must go back off with its metadata entry, or
                // the next array written would not record it and the file would keep it off
                mutations.onRollback(() -> index.multikey = false);
                mutations.put(meta, index.metaKey, index.metadata());
            }
        }
    }

    private static IndexKeys keysOf(IndexDefinition definition, Map<String, ?> document) {
        if (document == null) {
            return null;
        }
        IndexKeys keys = IndexKeys.of(definition, document);
        return definition.isSparse() && !keys.present() ? null : keys;
    }

    private static List<byte[]> minus(IndexKeys keys, IndexKeys other) {
        if (keys == null) {
            return List.of();
        }
        List<byte[]> result = new ArrayList<>();
        outer:
        for (byte[] prefix : keys.prefixes()) {
            if (other != null) {
                for (byte[] o : other.prefixes()) {
                    if (Arrays.equals(prefix, o)) {
                        continue outer;
                    }
                }
            }
            result.add(prefix);
        }
        return result;
    }

    private void checkUnique(Mutations mutations, IndexMap index, byte[] prefix, String id, IndexKeys keys) {
        while (true) {
            byte[] existing = IndexMap.firstKeyWithPrefix(index.map, prefix);
            if (existing == null) {
                return;
            }
            String otherId = IndexMap.id(index.map.get(existing));
            if (otherId.equals(id)) {
                byte[] next = index.map.higherKey(existing);
                if (next == null || !IndexMap.startsWith(next, prefix)) {
                    return;
                }
                otherId = IndexMap.id(index.map.get(next));
            }
            byte[] otherRecord = documents.get(otherId);
            if (otherRecord != null && RecordFormat.isExpired(otherRecord, clock.getAsLong())) {
                // an expired document the sweep has not reached yet must not hold on to its key
                collection.remove(mutations, otherId);
                continue;
            }
            String key = IndexMap.describeKey(index.definition, keys.values().get(indexOf(keys, prefix)));
            throw new DuplicateKeyException(collection.name(), key, "Duplicate key in unique index '"
                    + index.definition.name() + "' of collection '" + collection.name() + "': " + key
                    + " is already used by the document with _id '" + otherId + "'");
        }
    }

    private static int indexOf(IndexKeys keys, byte[] prefix) {
        for (int i = 0; i < keys.prefixes().size(); i++) {
            if (Arrays.equals(keys.prefixes().get(i), prefix)) {
                return i;
            }
        }
        return 0;
    }
}
