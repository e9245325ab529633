package io.tetherdb.internal.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.IndexKeyEncoder;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The store's catalog: the metadata map, the collections and indexes it names, and the MVStore maps
 * that hold them. It loads them when the store opens (refusing a file whose metadata names a map
 * that is missing), and records creations and drops. Thread-safe for lookups; changes run under the
 * engine's write lock.
 */
final class Catalog {

    static final String META_MAP = "tether:meta2";
    static final String LEGACY_META_MAP = "tether:meta";
    static final String FORMAT_KEY = "format.version";
    /** Metadata key of the store clock's time of the last commit, in epoch millis (since format 3). */
    static final String LAST_COMMIT_KEY = "commit.last";
    private static final String COLLECTION_PREFIX = "collection:";
    static final String DOCUMENTS_PREFIX = "docs:";
    private static final String EXPIRY_PREFIX = "expiry:";
    private static final String INDEX_MAP_PREFIX = "index:";
    private static final String INDEX_META_PREFIX = "index:";
    private static final String INDEX_SEQUENCE_KEY = "index.sequence";
    private static final char INDEX_NAME_SEPARATOR = 0;

    private final MVStore store;
    private final Path path;
    private final Clock clock;
    private final boolean readOnly;
    private final MVMap<String, String> meta;
    /** Whether the maps carry checksums: format 2 and up. */
    private final boolean checked;
    private final Map<String, CollectionStore> collections = new ConcurrentHashMap<>();
    /**
     * Maps of index builds that a crash interrupted: a writable open removes them; a read-only one
     * leaves them, and verify() does not count them as unexpected.
     */
    private final Set<String> orphanIndexMaps = new TreeSet<>();
    /** The change history map, or null when none is kept. */
    private volatile MVMap<byte[], byte[]> history;

    Catalog(MVStore store, Path path, Clock clock, boolean readOnly) {
        this.store = store;
        this.path = path;
        this.clock = clock;
        this.readOnly = readOnly;
        // the metadata map's name says the format before anything of ours is read
        this.checked = !store.hasMap(LEGACY_META_MAP);
        if (readOnly && !store.hasMap(checked ? META_MAP : LEGACY_META_MAP)) {
            // a read-only MVStore would create the missing map in memory and report a missing format below
            Set<String> maps = new TreeSet<>(store.getMapNames());
            throw new CorruptStoreException(path, maps.isEmpty() ? "it holds no TetherDB store"
                    : "it is an MVStore file but not a TetherDB store (maps " + maps + ")", null);
        }
        this.meta = store.openMap(checked ? META_MAP : LEGACY_META_MAP, new MVMap.Builder<String, String>()
                .keyType(stringType()).valueType(stringType()));
    }

    /** @return the metadata map */
    MVMap<String, String> meta() {
        return meta;
    }

    /** @return whether the maps carry checksums (format 2 and up) */
    boolean checked() {
        return checked;
    }

    /**
     * Opens every collection and index the metadata names, and removes the maps of index builds
     * that a crash interrupted (a read-only store only notes them).
     *
     * @return the indexes whose keys an earlier version encoded, with their collections, to rebuild
     */
    Map<IndexMap, CollectionStore> load() {
        for (String key : meta.keySet()) {
            if (key.startsWith(COLLECTION_PREFIX)) {
                String name = key.substring(COLLECTION_PREFIX.length());
                requireMap(DOCUMENTS_PREFIX + name, "collection '" + name + "'");
                requireMap(EXPIRY_PREFIX + name, "collection '" + name + "'");
                collections.put(name, openCollectionMaps(name));
            }
        }
        Set<String> referencedIndexMaps = new TreeSet<>();
        Map<IndexMap, CollectionStore> legacyKeys = new LinkedHashMap<>();
        for (String key : new ArrayList<>(meta.keySet())) {
            if (key.startsWith(INDEX_META_PREFIX)) {
                String rest = key.substring(INDEX_META_PREFIX.length());
                int separator = rest.indexOf(INDEX_NAME_SEPARATOR);
                if (separator < 0) {
                    throw new CorruptStoreException(path, "metadata key '" + key + "' names no collection", null);
                }
                String collectionName = rest.substring(0, separator);
                CollectionStore collection = collections.get(collectionName);
                Document info = Json.parseDocument(meta.get(key));
                String mapName = info.getString("map");
                IndexDefinition definition = IndexDefinition.fromDocument(info.getDocument("definition"));
                if (collection == null) {
                    throw new CorruptStoreException(path, "index " + definition.name() + " belongs to a missing"
                            + " collection '" + collectionName + "'", null);
                }
                requireMap(mapName, "index '" + definition.name() + "' of collection '" + collectionName + "'");
                IndexMap index = new IndexMap(definition, openByteMap(mapName), key,
                        Boolean.TRUE.equals(info.getBoolean("multikey")));
                collection.addIndex(index);
                referencedIndexMaps.add(mapName);
                if (!(info.get(IndexMap.KEY_FORMAT_FIELD) instanceof Integer keys)
                        || keys != IndexKeyEncoder.KEY_FORMAT) {
                    legacyKeys.put(index, collection);
                }
            }
        }
        // an index build interrupted by a crash leaves a map that no metadata refers to
        boolean removedOrphans = false;
        for (String mapName : new ArrayList<>(store.getMapNames())) {
            if (mapName.startsWith(INDEX_MAP_PREFIX) && !referencedIndexMaps.contains(mapName)) {
                removedOrphans |= removeOrphan(mapName);
            }
        }
        if (removedOrphans) {
            store.commit();
        }
        return legacyKeys;
    }

    /**
     * For the write-ahead log's replay, before {@link #load}: applies one logged change to the map
     * of that name, opened with the types its name implies (created if missing, as the operation
     * that logged the change created it). A collection's metadata entry opens the collection's two
     * maps as well, as {@link #createCollectionLocked} did.
     *
     * @param value the value to put, or null to remove the key
     */
    @SuppressWarnings("unchecked")
    void replay(String mapName, Object key, Object value) {
        MVMap<?, ?> opened;
        Class<?> keyClass = byte[].class;
        Class<?> valueClass = byte[].class;
        if (mapName.equals(meta.getName())) {
            opened = meta;
            keyClass = String.class;
            valueClass = String.class;
            if (value != null && key instanceof String name && name.startsWith(COLLECTION_PREFIX)) {
                openCollectionMaps(name.substring(COLLECTION_PREFIX.length()));
            }
        } else if (mapName.startsWith(DOCUMENTS_PREFIX)) {
            opened = store.openMap(mapName, new MVMap.Builder<String, byte[]>()
                    .keyType(stringType()).valueType(bytesType()));
            keyClass = String.class;
        } else {
            opened = openByteMap(mapName);
        }
        MVMap<Object, Object> map = (MVMap<Object, Object>) opened;
        if (!keyClass.isInstance(key) || value != null && !valueClass.isInstance(value)) {
            throw new CorruptStoreException(path, "the write-ahead log holds a change of map '" + mapName
                    + "' whose key or value is not of the map's type", null);
        }
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    private boolean removeOrphan(String mapName) {
        if (readOnly) {
            orphanIndexMaps.add(mapName);
            return false;
        }
        store.removeMap(mapName);
        return true;
    }

    /**
     * Refuses a file whose metadata names a map that MVStore does not have: opening it would
     * silently create it empty. MVStore's own map directory is not checksummed, and damage to it
     * (or to a chunk header) can make it lose maps while the rest of the file reads.
     */
    private void requireMap(String mapName, String owner) {
        if (!store.hasMap(mapName)) {
            throw new CorruptStoreException(path, "map '" + mapName + "' of " + owner + " is missing", null);
        }
    }

    private MVMap<byte[], byte[]> openByteMap(String mapName) {
        return store.openMap(mapName, new MVMap.Builder<byte[], byte[]>()
                .keyType(bytesType()).valueType(bytesType()));
    }

    private BasicDataType<String> stringType() {
        return checked ? CheckedDataType.STRING : StringDataType.INSTANCE;
    }

    private BasicDataType<byte[]> bytesType() {
        return checked ? CheckedDataType.BYTES : ByteArrayDataType.INSTANCE;
    }

    private CollectionStore openCollectionMaps(String name) {
        MVMap<String, byte[]> documents = store.openMap(DOCUMENTS_PREFIX + name,
                new MVMap.Builder<String, byte[]>()
                        .keyType(stringType()).valueType(bytesType()));
        MVMap<byte[], byte[]> expiry = openByteMap(EXPIRY_PREFIX + name);
        return new CollectionStore(name, documents, expiry, meta, clock::millis, path);
    }

    /**
     * @param name the collection name
     * @return the collection's maps, or null if it does not exist
     */
    CollectionStore collection(String name) {
        return collections.get(name);
    }

    /** See {@link StoreEngine#createCollectionLocked}. */
    CollectionStore createCollectionLocked(Mutations mutations, String name) {
        CollectionStore existing = collections.get(name);
        if (existing != null) {
            return existing;
        }
        CollectionStore created = openCollectionMaps(name);
        mutations.put(meta, COLLECTION_PREFIX + name, "{\"created\":" + clock.millis() + "}");
        collections.put(name, created);
        // a rejected operation takes the metadata entry back, so the collection and its maps must go
        // too: later writes would otherwise fill maps that no metadata names, which the next open
        // would not load
        mutations.onRollback(() -> {
            collections.remove(name, created);
            store.removeMap(created.documents());
            store.removeMap(created.expiry());
        });
        return created;
    }

    /** @return the names of all collections, sorted */
    List<String> collectionNames() {
        List<String> names = new ArrayList<>(collections.keySet());
        Collections.sort(names);
        return names;
    }

    /**
     * Within a write: drops a collection, its indexes and its documents.
     *
     * @return whether the collection existed
     */
    boolean dropCollectionLocked(Mutations mutations, String name) {
        CollectionStore collection = collections.remove(name);
        if (collection == null) {
            return false;
        }
        // Removing maps cannot be undone through Mutations; it is the last step and cannot fail
        // half-way in a way that matters: the metadata entry goes in the same commit.
        meta.remove(COLLECTION_PREFIX + name);
        for (IndexMap index : collection.indexes()) {
            meta.remove(index.metaKey);
            store.removeMap(index.map);
        }
        store.removeMap(collection.documents());
        store.removeMap(collection.expiry());
        mutations.requireCheckpoint();
        mutations.countDocumentWrites(1);
        mutations.droppedCollection(name);
        mutations.changed(ChangeRecord.Kind.DROP, name, null, null, null, null);
        return true;
    }

    /**
     * Under the write lock: opens the map of a new index, not yet recorded in the metadata (see
     * {@link #recordIndex}); a crash before then leaves an orphan map that the next open removes
     * (as it removes the scratch maps of sorted runs that earlier versions named after it).
     */
    IndexMap newIndex(String collectionName, IndexDefinition definition) {
        long sequence = Long.parseLong(meta.getOrDefault(INDEX_SEQUENCE_KEY, "0")) + 1;
        meta.put(INDEX_SEQUENCE_KEY, Long.toString(sequence));
        MVMap<byte[], byte[]> map = openByteMap(INDEX_MAP_PREFIX + sequence);
        String metaKey = INDEX_META_PREFIX + collectionName + INDEX_NAME_SEPARATOR + definition.name();
        return new IndexMap(definition, map, metaKey, false);
    }

    /** Under the write lock: records a complete index in the metadata (again, after a rebuild). */
    void recordIndex(IndexMap index) {
        meta.put(index.metaKey, index.metadata());
    }

    /** Under the write lock: removes the map of an index that was never recorded. */
    void discardIndex(IndexMap index) {
        store.removeMap(index.map);
    }

    /**
     * Within a write: drops an index.
     *
     * @return whether it existed
     */
    boolean dropIndexLocked(Mutations mutations, String collectionName, String indexName) {
        CollectionStore collection = collections.get(collectionName);
        IndexMap index = collection == null ? null : collection.index(indexName);
        if (index == null) {
            return false;
        }
        collection.removeIndex(index);
        meta.remove(index.metaKey);
        store.removeMap(index.map);
        mutations.requireCheckpoint();
        mutations.countDocumentWrites(1);
        return true;
    }

    /**
     * Opens the change history map: when history is kept (creating it), and whenever it exists, so
     * that copies of the store take it along; a history kept by an earlier open is left as it is.
     *
     * @param keep whether history is kept
     * @return the map to append to and read, or null when history is not kept (a read-only store
     *         reads an existing one all the same)
     */
    MVMap<byte[], byte[]> changeHistory(boolean keep) {
        if (store.hasMap(ChangeLog.HISTORY_MAP) || keep && !readOnly) {
            history = openByteMap(ChangeLog.HISTORY_MAP);
        }
        return keep || readOnly ? history : null;
    }

    /** @return the change history map, or null when the store has none; copies of the store take it along */
    MVMap<byte[], byte[]> changeHistory() {
        return history;
    }

    /**
     * Under the write lock: the collections in name order, and the names of every map the metadata
     * accounts for (with the orphans a read-only open left in place), for a verification.
     */
    List<CollectionStore> collectionsForVerify(Set<String> expectedMaps) {
        expectedMaps.addAll(orphanIndexMaps);
        expectedMaps.add(meta.getName());
        if (store.hasMap(ChangeLog.HISTORY_MAP)) {
            expectedMaps.add(ChangeLog.HISTORY_MAP);
        }
        List<CollectionStore> sorted = new ArrayList<>();
        for (String name : collectionNames()) {
            CollectionStore collection = collections.get(name);
            sorted.add(collection);
            expectedMaps.add(collection.documents().getName());
            expectedMaps.add(collection.expiry().getName());
            for (IndexMap index : collection.indexes()) {
                expectedMaps.add(index.map.getName());
            }
        }
        return sorted;
    }
}
