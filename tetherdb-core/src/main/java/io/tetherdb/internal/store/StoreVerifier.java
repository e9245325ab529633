package io.tetherdb.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.IndexKeys;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * Checks a store's maps against each other: every document decodes and carries its own id, every
 * document has exactly the index and expiry entries it should and no entry points elsewhere, each
 * map's size agrees with its entries, unique indexes hold, and the metadata names exactly the maps
 * in the file. Each collection is checked on its own, so one unreadable collection does not hide
 * the state of the others. Runs under the engine's write lock, so that writes cannot interleave
 * with the checks; one instance per run, not thread-safe.
 */
final class StoreVerifier {

    private final List<StoreVerification.Problem> problems = new ArrayList<>();
    private long omittedProblems;
    private long documents;
    private long indexEntries;
    private long expiryEntries;

    /**
     * @param mapNames the names of every map in the file
     * @param expectedMaps the names the metadata accounts for; the engine opens (so creates) each
     *        of them, so only the other direction can differ
     * @param collections the open collections
     * @return the report
     */
    StoreVerification verify(Set<String> mapNames, Set<String> expectedMaps, Collection<CollectionStore> collections) {
        Set<String> unexpected = new TreeSet<>(mapNames);
        unexpected.removeAll(expectedMaps);
        for (String map : unexpected) {
            problem(null, "map '" + map + "' belongs to no collection or index in the metadata");
        }
        for (CollectionStore collection : collections) {
            try {
                verify(collection);
            } catch (RuntimeException e) {
                // a damaged page or map stops this collection's checks, not the others'
                problem(collection.name(), "cannot be read: " + e);
            }
        }
        if (omittedProblems > 0) {
            problems.add(new StoreVerification.Problem(null, "... and " + omittedProblems + " more problems"));
        }
        return new StoreVerification(collections.size(), documents, indexEntries, expiryEntries, problems);
    }

    private void verify(CollectionStore collection) {
        String name = collection.name();
        List<IndexMap> indexes = collection.indexes();
        long[] expectedIndexEntries = new long[indexes.size()];
        boolean[] sawMultikey = new boolean[indexes.size()];
        long expectedExpiryEntries = 0;
        long stored = 0;
        MVMap<String, byte[]> docs = collection.documents();
        Cursor<String, byte[]> cursor = docs.cursor(null);
        while (cursor.hasNext()) {
            String id = cursor.next();
            byte[] record = cursor.getValue();
            stored++;
            documents++;
            Document document;
            long expiresAt;
            try {
                expiresAt = RecordFormat.expiresAt(record);
                document = RecordFormat.decode(record);
            } catch (RuntimeException e) {
                problem(name, "document '" + id + "' cannot be decoded: " + e);
                continue;
            }
            Object ownId = document.get("_id");
            if (!id.equals(ownId)) {
                problem(name, "document stored under '" + id + "' has _id " + ownId);
            }
            if (expiresAt != RecordFormat.NEVER) {
                expectedExpiryEntries++;
                if (!collection.expiry().containsKey(new ExpiryKey(expiresAt, id).toBytes())) {
                    problem(name, "document '" + id + "' expires at " + expiresAt + " but the expiry index lacks it");
                }
            }
            for (int i = 0; i < indexes.size(); i++) {
                IndexMap index = indexes.get(i);
                IndexKeys keys = keysOf(name, index.definition, id, document);
                if (keys == null) {
                    continue;
                }
                sawMultikey[i] |= keys.multikey();
                byte[] idBytes = IndexMap.idBytes(id);
                for (int k = 0; k < keys.prefixes().size(); k++) {
                    expectedIndexEntries[i]++;
                    byte[] value = index.map.get(IndexMap.entryKey(keys.prefixes().get(k), idBytes));
                    if (value == null) {
                        problem(name, "index '" + index.definition.name() + "' lacks the key "
                                + IndexMap.describeKey(index.definition, keys.values().get(k))
                                + " of document '" + id + "'");
                    } else if (!Arrays.equals(value, idBytes)) {
                        problem(name, "index '" + index.definition.name() + "' maps a key of document '" + id
                                + "' to '" + IndexMap.id(value) + "'");
                    }
                }
            }
        }
        checkSize(name, "documents", docs.sizeAsLong(), stored);
        verifyExpiry(collection, expectedExpiryEntries);
        for (int i = 0; i < indexes.size(); i++) {
            IndexMap index = indexes.get(i);
            verifyIndex(collection, index, expectedIndexEntries[i]);
            if (sawMultikey[i] && !index.multikey) {
                problem(name, "index '" + index.definition.name() + "' holds arrays but is not marked multikey");
            }
        }
    }

    private void verifyExpiry(CollectionStore collection, long expected) {
        String name = collection.name();
        MVMap<byte[], byte[]> expiry = collection.expiry();
        long seen = 0;
        Cursor<byte[], byte[]> cursor = expiry.cursor(null);
        while (cursor.hasNext()) {
            byte[] key = cursor.next();
            seen++;
            expiryEntries++;
            if (key.length < 8) {
                problem(name, "expiry index entry " + Arrays.toString(key) + " is too short");
                continue;
            }
            ExpiryKey entry = ExpiryKey.fromBytes(key);
            byte[] record = collection.documents().get(entry.id());
            if (record == null) {
                problem(name, "expiry index entry for time " + entry.expiresAt() + " names a missing document '"
                        + entry.id() + "'");
            } else if (RecordFormat.expiresAt(record) != entry.expiresAt()) {
                problem(name, "expiry index entry for time " + entry.expiresAt() + " names document '" + entry.id()
                        + "', which expires at " + RecordFormat.expiresAt(record));
            }
        }
        checkSize(name, "expiry index", expiry.sizeAsLong(), seen);
        if (seen != expected) {
            problem(name, "expiry index has " + seen + " entries for " + expected + " expiring documents");
        }
    }

    private void verifyIndex(CollectionStore collection, IndexMap index, long expected) {
        String name = collection.name();
        String indexName = index.definition.name();
        long seen = 0;
        byte[] previousPrefix = null;
        Cursor<byte[], byte[]> cursor = index.map.cursor(null);
        while (cursor.hasNext()) {
            byte[] key = cursor.next();
            byte[] idBytes = cursor.getValue();
            seen++;
            indexEntries++;
            String id = IndexMap.id(idBytes);
            if (!endsWith(key, idBytes)) {
                problem(name, "index '" + indexName + "' has an entry whose key does not end with its document id '"
                        + id + "'");
                continue;
            }
            if (!collection.documents().containsKey(id)) {
                problem(name, "index '" + indexName + "' has an entry for a missing document '" + id + "'");
            }
            byte[] prefix = Arrays.copyOf(key, key.length - idBytes.length);
            if (index.definition.isUnique() && previousPrefix != null && Arrays.equals(prefix, previousPrefix)) {
                problem(name, "unique index '" + indexName + "' holds a key twice, the second time for document '"
                        + id + "'");
            }
            previousPrefix = prefix;
        }
        checkSize(name, "index '" + indexName + "'", index.map.sizeAsLong(), seen);
        if (seen != expected) {
            // every expected entry was looked up already; find the ones no document accounts for
            findStrayEntries(collection, index);
            problem(name, "index '" + indexName + "' has " + seen + " entries where the documents give " + expected);
        }
    }

    private void findStrayEntries(CollectionStore collection, IndexMap index) {
        Cursor<byte[], byte[]> cursor = index.map.cursor(null);
        while (cursor.hasNext() && problems.size() < StoreVerification.MAX_PROBLEMS) {
            byte[] key = cursor.next();
            byte[] idBytes = cursor.getValue();
            if (!endsWith(key, idBytes)) {
                continue;
            }
            String id = IndexMap.id(idBytes);
            byte[] record = collection.documents().get(id);
            if (record == null) {
                continue;
            }
            byte[] prefix = Arrays.copyOf(key, key.length - idBytes.length);
            IndexKeys keys;
            try {
                keys = keysOf(collection.name(), index.definition, id, RecordFormat.decode(record));
            } catch (RuntimeException e) {
                continue;
            }
            if (keys == null || keys.prefixes().stream().noneMatch(p -> Arrays.equals(p, prefix))) {
                problem(collection.name(), "index '" + index.definition.name() + "' has an entry for document '"
                        + id + "' under a key the document does not hold");
            }
        }
    }

    private IndexKeys keysOf(String collection, IndexDefinition definition, String id, Map<String, ?> document) {
        try {
            IndexKeys keys = IndexKeys.of(definition, document);
            return definition.isSparse() && !keys.present() ? null : keys;
        } catch (RuntimeException e) {
            problem(collection, "document '" + id + "' has no valid key in index '" + definition.name() + "': " + e);
            return null;
        }
    }

    private void checkSize(String collection, String map, long recorded, long counted) {
        if (recorded != counted) {
            problem(collection, map + " records a size of " + recorded + " but holds " + counted + " entries");
        }
    }

    private static boolean endsWith(byte[] key, byte[] suffix) {
        return key.length >= suffix.length
                && Arrays.equals(key, key.length - suffix.length, key.length, suffix, 0, suffix.length);
    }

    private void problem(String collection, String message) {
        if (problems.size() < StoreVerification.MAX_PROBLEMS - 1) {
            problems.add(new StoreVerification.Problem(collection, message));
        } else {
            omittedProblems++;
        }
    }
}
