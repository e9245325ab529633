package io.tetherdb.internal.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import io.tetherdb.document.DocumentPath;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.index.KeyRange;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The maps of one collection: documents by id, and the expiry index ordered by expiry time.
 * Reads are lock-free, and see the maps between operations when made through a {@link View}
 * captured with {@link StoreEngine#atomically}; every method that takes {@link Mutations} must run inside
 * {@link StoreEngine#write}. A read that meets a damaged part of the file throws
 * {@link io.tetherdb.error.CorruptStoreException} naming the file, the collection and what it read.
 * Thread-safe under that rule.
 */
public final class CollectionStore {

    private final String name;
    private final MVMap<String, byte[]> documents;
    private final MVMap<byte[], byte[]> expiry;
    private final Path path;
    private volatile List<IndexMap> indexes = List.of();
    private final IndexMaintainer maintainer;
    /** The last answer of {@link #indexesOn}; replaced whole, so read without a lock. */
    private volatile IndexesOnPaths lastIndexesOn;

    /** An answer of {@link #indexesOn}, for one key and one list of indexes. */
    private record IndexesOnPaths(Object key, List<IndexMap> indexes, List<IndexMap> on) {
    }

    CollectionStore(String name, MVMap<String, byte[]> documents, MVMap<byte[], byte[]> expiry,
            MVMap<String, String> meta, LongSupplier clock, Path path) {
        this.name = name;
        this.path = path;
        this.documents = documents;
        this.expiry = expiry;
        this.maintainer = new IndexMaintainer(this, documents, meta, clock);
    }

    List<IndexMap> indexes() {
        return indexes;
    }

    void addIndex(IndexMap index) {
        List<IndexMap> more = new ArrayList<>(indexes);
        more.add(index);
        indexes = List.copyOf(more);
    }

    void removeIndex(IndexMap index) {
        List<IndexMap> fewer = new ArrayList<>(indexes);
        fewer.remove(index);
        indexes = List.copyOf(fewer);
    }

    IndexMap index(String indexName) {
        for (IndexMap index : indexes) {
            if (index.definition.name().equals(indexName)) {
                return index;
            }
        }
        return null;
    }

    /** @return the collection's name */
    public String name() {
        return name;
    }

    MVMap<String, byte[]> documents() {
        return documents;
    }

    MVMap<byte[], byte[]> expiry() {
        return expiry;
    }

    /**
     * @param id the document id
     * @param nowMillis the current time
     * @return the stored record, or null if there is none or it has expired
     */
    public byte[] get(String id, long nowMillis) {
        byte[] record = record(id);
        return record == null || RecordFormat.isExpired(record, nowMillis) ? null : record;
    }

    /**
     * @param id the document id
     * @param nowMillis the current time
     * @return whether a live (unexpired) document has this id
     */
    public boolean contains(String id, long nowMillis) {
        return get(id, nowMillis) != null;
    }

    /**
     * Stores a new record under an id that no live document has; an expired one is replaced.
     * The id is checked with the same map update that stores the record, not a separate lookup;
     * if it is taken, the caller's {@link StoreEngine#write} rolls the update back.
     *
     * @param document the document the record holds, for index maintenance; not null
     * @param nowMillis the current time, to tell expired documents
     * @throws DuplicateKeyException if a live document has the id, or a unique index already holds
     *         one of the document's keys
     */
    public void insert(Mutations mutations, String id, byte[] record, Map<String, ?> document, long nowMillis) {
        byte[] previous = mutations.put(documents, id, record);
        if (previous != null && !RecordFormat.isExpired(previous, nowMillis)) {
            throw new DuplicateKeyException(name, id, "A document with _id '" + id
                    + "' already exists in collection '" + name + "'");
        }
        afterPut(mutations, id, record, document, previous);
    }

    /**
     * Stores a record under an id, replacing any previous one and keeping the expiry index and the
     * secondary indexes in step.
     *
     * @param document the document the record holds, for index maintenance; not null
     * @return the previous record, or null
     * @throws DuplicateKeyException if a unique index already holds one of the document's keys
     */
    public byte[] put(Mutations mutations, String id, byte[] record, Map<String, ?> document) {
        byte[] previous = mutations.put(documents, id, record);
        afterPut(mutations, id, record, document, previous);
        return previous;
    }

    /**
     * @param test a test of a document path, such as "does this update change it"
     * @return whether a path of one of the collection's indexes passes the test; read without
     *         building index statuses, for the per-document use of an update under the write lock
     */
    public boolean anyIndexedPath(Predicate<DocumentPath> test) {
        return anyIndexedPath(indexes, test);
    }

    /**
     * The indexes with a path that passes a test, such as "may this update change it": the ones
     * whose keys a document changed that way may need computed again. The last answer is
     * remembered, so that an update applied to many documents, or the same update made again and
     * again, tests the index paths once.
     *
     * @param key what identifies the test: the same key (by identity) must always stand for the same
     *        test, such as the update whose paths it asks about; not null
     */
    private List<IndexMap> indexesOn(Object key, Predicate<DocumentPath> test) {
        List<IndexMap> current = indexes;
        IndexesOnPaths last = lastIndexesOn;
        if (last != null && last.key() == key && last.indexes() == current) {
            return last.on();
        }
        List<IndexMap> on = new ArrayList<>();
        for (IndexMap index : current) {
            if (anyIndexedPath(List.of(index), test)) {
                on.add(index);
            }
        }
        on = on.size() == current.size() ? current : List.copyOf(on);
        lastIndexesOn = new IndexesOnPaths(key, current, on);
        return on;
    }

    /**
     * Stores a new version of a live document that differs from the stored one only at paths
     * {@code changed} accepts (an update): the keys of an index on none of those paths are kept
     * without being computed again.
     *
     * @param document the new version, for index maintenance; not null
     * @param key identifies {@code changed}, as for {@link #indexesOn}
     * @return the previous record, or null
     * @throws DuplicateKeyException if a unique index already holds one of the document's keys
     */
    public byte[] putChanged(Mutations mutations, String id, byte[] record, Map<String, ?> document, Object key,
            Predicate<DocumentPath> changed) {
        byte[] previous = mutations.put(documents, id, record);
        afterPut(mutations, id, record, document, previous, indexesOn(key, changed));
        return previous;
    }

    private static boolean anyIndexedPath(List<IndexMap> indexes, Predicate<DocumentPath> test) {
        for (IndexMap index : indexes) {
            for (DocumentPath path : index.definition.paths()) {
                if (test.test(path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Stores a record over an existing one whose secondary index keys it shares, as an update that
     * changes no indexed field does: only the expiry index is brought in step, and no index key is
     * computed. The caller must be sure of the keys; a wrong guess leaves the indexes stale.
     *
     * @return the previous record, or null
     */
    public byte[] putWithSameIndexKeys(Mutations mutations, String id, byte[] record) {
        byte[] previous = mutations.put(documents, id, record);
        afterPut(mutations, id, record, null, previous);
        return previous;
    }

    /**
     * Stores a new version of a live document if its record is still the one the caller read,
     * with one lookup of the id for both the check and the write: an update computed from a read
     * made before its write operation. Keeps the indexes in step as {@link #put} does, or as
     * {@link #putWithSameIndexKeys} does when {@code document} is null.
     *
     * @param expected the record read; it must be live at the operation's time
     * @param document the new document, for index maintenance; not null
     * @param key identifies {@code changed}, as for {@link #indexesOn}
     * @param changed whether the new version may differ from {@code expected} at a path: the keys of
     *        an index on no such path are kept without being computed again
     * @return whether the record was still {@code expected} and was replaced; if not, nothing changed
     * @throws DuplicateKeyException if a unique index already holds one of the document's keys
     */
    public boolean replaceIfCurrent(Mutations mutations, String id, byte[] expected, byte[] record,
            Map<String, ?> document, Object key, Predicate<DocumentPath> changed) {
        byte[] previous = mutations.replaceIfSame(documents, id, expected, record);
        if (previous == null) {
            return false;
        }
        afterPut(mutations, id, record, document, previous, indexesOn(key, changed));
        return true;
    }

    /**
     * Replaces a live document by a new version computed from its record under the write lock,
     * with one lookup of the id for reading and writing it: an update by id. Keeps the indexes in
     * step as {@link #put} does, or as {@link #putWithSameIndexKeys} does when the new version has no
     * document.
     *
     * @param nowMillis the operation's time, by which an expired document is no live one
     * @param change gives the new version of the live record it is given, or null to write
     *        nothing; not called when there is no live document, maybe called more than once
     * @param key identifies {@code changed}, as for {@link #indexesOn}
     * @param changed whether the new version may differ from the stored one at a path: the keys of
     *        an index on no such path are kept without being computed again
     * @return the new version written, or null when nothing was
     * @throws DuplicateKeyException if a unique index already holds one of the new version's keys
     */
    public PreparedRecord change(Mutations mutations, String id, long nowMillis,
            java.util.function.Function<byte[], PreparedRecord> change, Object key,
            Predicate<DocumentPath> changed) {
        PreparedRecord[] computed = new PreparedRecord[1];
        byte[] previous = mutations.change(documents, id, current -> {
            computed[0] = RecordFormat.isExpired(current, nowMillis) ? null : change.apply(current);
            return computed[0] == null ? null : computed[0].record();
        });
        if (previous == null) {
            return null;
        }
        PreparedRecord written = computed[0];
        afterPut(mutations, id, written.record(), written.document(), previous, indexesOn(key, changed));
        return written;
    }

    /**
     * Brings the secondary and expiry indexes in step with a record just stored over {@code previous};
     * the secondary indexes only when {@code document} is given.
     */
    private void afterPut(Mutations mutations, String id, byte[] record, Map<String, ?> document, byte[] previous) {
        afterPut(mutations, id, record, document, previous, indexes);
    }

    /** As above, computing the keys of the given indexes only: the others' keys are unchanged. */
    private void afterPut(Mutations mutations, String id, byte[] record, Map<String, ?> document, byte[] previous,
            List<IndexMap> maintained) {
        if (document != null && !maintained.isEmpty()) {
            maintainer.update(mutations, id, previous, document, maintained);
        }
        noteStored(mutations, id, previous, record);
        if (previous != null) {
            unindexExpiry(mutations, id, previous);
        }
        long expiresAt = RecordFormat.expiresAt(record);
        if (expiresAt != RecordFormat.NEVER) {
            mutations.put(expiry, new ExpiryKey(expiresAt, id).toBytes(), EMPTY);
        }
        mutations.countDocumentWrites(1);
        mutations.touched(name, id);
    }

    /**
     * Removes a document.
     *
     * @return the removed record, or null if there was none
     */
    public byte[] remove(Mutations mutations, String id) {
        byte[] previous = removeRecord(mutations, id);
        if (previous != null) {
            mutations.touched(name, id);
        }
        byte[] removed = previous != null ? previous : mutations.takeStashed(name, id);
        if (removed != null) {
            noteRemoved(mutations, id, removed, false);
        }
        return previous;
    }

    /**
     * Removes a document that a transaction's commit writes again in the same operation, keeping
     * its record for that write's change event: the change is one replacement, not a delete and an
     * insert.
     */
    public void removeToRewrite(Mutations mutations, String id) {
        byte[] previous = removeRecord(mutations, id);
        if (previous != null) {
            mutations.touched(name, id);
            mutations.stash(name, id, previous);
        }
    }

    /** Notes the change event of a record stored over {@code previous} (null if there was none). */
    private void noteStored(Mutations mutations, String id, byte[] previous, byte[] record) {
        ChangeRecord.UpdatePaths update = mutations.takeUpdate();
        if (previous == null) {
            previous = mutations.takeStashed(name, id);
        }
        if (previous == null) {
            mutations.changed(ChangeRecord.Kind.INSERT, name, id, null, record, null);
        } else if (RecordFormat.isExpired(previous, mutations.nowMillis())) {
            // the expired document ends here, and a new one begins under its id
            mutations.changed(ChangeRecord.Kind.EXPIRED_ON_WRITE, name, id, previous, null, null);
            mutations.changed(ChangeRecord.Kind.INSERT, name, id, null, record, null);
        } else if (update != null) {
            mutations.changed(ChangeRecord.Kind.UPDATE, name, id, previous, record, update);
        } else {
            mutations.changed(ChangeRecord.Kind.REPLACE, name, id, previous, record, null);
        }
    }

    /** Notes the change event of a removed record. */
    private void noteRemoved(Mutations mutations, String id, byte[] previous, boolean expiredOnly) {
        ChangeRecord.Kind kind;
        if (expiredOnly || RecordFormat.isExpired(previous, mutations.nowMillis())) {
            kind = mutations.isSweeping() ? ChangeRecord.Kind.EXPIRED_BY_SWEEP : ChangeRecord.Kind.EXPIRED_ON_WRITE;
        } else {
            kind = ChangeRecord.Kind.DELETE;
        }
        mutations.changed(kind, name, id, previous, null, null);
    }

    /**
     * Removes a document without noting it in the write log: for the removal of an expired
     * document, which no transaction's commit treats as a conflicting write.
     */
    byte[] removeRecord(Mutations mutations, String id) {
        byte[] previous = mutations.remove(documents, id);
        if (previous != null) {
            if (!indexes.isEmpty()) {
                maintainer.update(mutations, id, previous, null, indexes);
            }
            unindexExpiry(mutations, id, previous);
            mutations.countDocumentWrites(1);
        }
        return previous;
    }

    /**
     * Captures the collection's documents, and optionally one index, as they are now. Reads through
     * the view see neither later writes nor later parts of a write in progress: capture it through
     * {@link StoreEngine#atomically} so that "now" falls between two write operations.
     *
     * @param indexName the index to capture too, or null for the documents only
     * @return the view
     * @throws IndexDroppedException if the index does not exist (it was dropped)
     */
    public View view(String indexName) {
        return viewOf(indexName == null ? List.of() : List.of(indexName));
    }

    /**
     * As {@link #view(String)}, capturing several indexes with the documents.
     *
     * @param indexNames the indexes to capture; not null, may be empty
     * @return the view
     * @throws IndexDroppedException if one of the indexes does not exist (it was dropped)
     */
    public View viewOf(List<String> indexNames) {
        List<MVMap<byte[], byte[]>> maps = new ArrayList<>(indexNames.size());
        for (String indexName : indexNames) {
            IndexMap index = index(indexName);
            if (index == null) {
                throw new IndexDroppedException(name, indexName);
            }
            maps.add(index.map);
        }
        try {
            Map<String, IndexRoot> roots = new java.util.LinkedHashMap<>();
            for (int i = 0; i < maps.size(); i++) {
                roots.put(indexNames.get(i), new IndexRoot(maps.get(i), maps.get(i).flushAndGetRoot()));
            }
            return new View(documents.flushAndGetRoot(), null, roots, indexNames.isEmpty() ? null : indexNames.get(0),
                    List.of());
        } catch (RuntimeException | AssertionError e) {
            throw damaged("the documents", e);
        }
    }

    /**
     * Captures the documents, the expiry index and every secondary index as they are now, for a
     * transaction's snapshot; capture it through {@link StoreEngine#atomically} as {@link #view}.
     *
     * @return the view, which also knows the indexes' definitions as of now
     */
    View viewAll() {
        try {
            Map<String, IndexRoot> roots = new java.util.LinkedHashMap<>();
            List<IndexStatus> statuses = new ArrayList<>();
            for (IndexMap index : indexes) {
                org.h2.mvstore.RootReference<byte[], byte[]> root = index.map.flushAndGetRoot();
                roots.put(index.definition.name(), new IndexRoot(index.map, root));
                statuses.add(new IndexStatus(index.definition, index.multikey, root.root.getTotalCount()));
            }
            return new View(documents.flushAndGetRoot(), expiry.flushAndGetRoot(), roots, null,
                    List.copyOf(statuses));
        } catch (RuntimeException | AssertionError e) {
            throw damaged("the documents", e);
        }
    }

    /** One index map and its root as of a view's moment. */
    private record IndexRoot(MVMap<byte[], byte[]> map, org.h2.mvstore.RootReference<byte[], byte[]> root) {
    }

    /**
     * Thrown when a query reaches for an index that was dropped after the query was planned; the
     * query plans again without it.
     */
    public static final class IndexDroppedException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        IndexDroppedException(String collection, String index) {
            super("Index '" + index + "' of collection '" + collection + "' was dropped");
        }
    }

    /**
     * The documents of the collection, and optionally one of its indexes, as of one moment: an
     * immutable snapshot that later writes do not change. Thread-safe.
     */
    public final class View {

        private final org.h2.mvstore.RootReference<String, byte[]> documentsRoot;
        /** The expiry index's root, captured only for a transaction's snapshot; else null. */
        private final org.h2.mvstore.RootReference<byte[], byte[]> expiryRoot;
        private final Map<String, IndexRoot> indexRoots;
        /** The index {@link #scanIndex(List, boolean, LongAdder)} walks, or null. */
        private final String indexName;
        private final List<IndexStatus> indexStatuses;

        private View(org.h2.mvstore.RootReference<String, byte[]> documentsRoot,
                org.h2.mvstore.RootReference<byte[], byte[]> expiryRoot, Map<String, IndexRoot> indexRoots,
                String indexName, List<IndexStatus> indexStatuses) {
            this.documentsRoot = documentsRoot;
            this.expiryRoot = expiryRoot;
            this.indexRoots = indexRoots;
            this.indexName = indexName;
            this.indexStatuses = indexStatuses;
        }

        /** @return the collection's name */
        public String collection() {
            return name;
        }

        /**
         * @return the indexes of the collection as of this view, with their sizes; empty for a
         *         view captured for one query
         */
        public List<IndexStatus> indexStatuses() {
            return indexStatuses;
        }

        /**
         * Counts the view's live documents: its stored records minus those whose expiry time has
         * come by {@code nowMillis}. Reads the due part of the expiry index only.
         *
         * @param nowMillis the current time
         * @return the number of live documents in the view
         * @throws IllegalStateException if the view was captured without its expiry index
         */
        public long liveCount(long nowMillis) {
            if (expiryRoot == null) {
                throw new IllegalStateException("The view of collection '" + name + "' holds no expiry index");
            }
            try {
                long stored = documentsRoot.root.getTotalCount();
                byte[] end = ExpiryKey.timePrefix(nowMillis == Long.MAX_VALUE ? nowMillis : nowMillis + 1);
                long due = 0;
                Cursor<byte[], byte[]> cursor = expiry.cursor(expiryRoot, null, null, false);
                while (cursor.hasNext()) {
                    if (Arrays.compareUnsigned(cursor.next(), end) >= 0) {
                        break;
                    }
                    due++;
                }
                return Math.max(0, stored - due);
            } catch (RuntimeException | AssertionError e) {
                throw damaged("the document count", e);
            }
        }

        /**
         * @param id a document id
         * @return the record the document had in this view, expired or not, or null
         */
        public byte[] record(String id) {
            try {
                return documents.get(documentsRoot.root, id);
            } catch (RuntimeException | AssertionError e) {
                throw damagedDocument(id, e);
            }
        }

        /** @return the view's records in id order, expired ones included */
        public Iterator<Map.Entry<String, byte[]>> records() {
            try {
                return entries(documents.cursor(documentsRoot, null, null, false));
            } catch (RuntimeException | AssertionError e) {
                throw damaged("the documents", e);
            }
        }

        /**
         * @param from the first id to read, or null for the first of the view
         * @return the view's records in id order from {@code from} on, expired ones included
         */
        public Iterator<Map.Entry<String, byte[]>> records(String from) {
            try {
                return entries(documents.cursor(documentsRoot, from, null, false));
            } catch (RuntimeException | AssertionError e) {
                throw damaged("the documents", e);
            }
        }

        /**
         * Iterates the document ids in the given key ranges of the view's index, in key order (or
         * reversed).
         *
         * @param ranges the ranges, in ascending key order; not null
         * @param reverse whether to walk the ranges and keys in descending order
         * @param examined counts the keys read; may be null
         * @return the ids, with repeats when the index is multikey
         */
        public Iterator<String> scanIndex(List<KeyRange> ranges, boolean reverse,
                LongAdder examined) {
            if (indexName == null) {
                throw new IllegalStateException("The view of collection '" + name + "' holds no index");
            }
            return scanIndex(indexName, ranges, reverse, examined);
        }

        /**
         * As {@link #scanIndex(List, boolean, LongAdder)}, over one of the indexes the view holds.
         *
         * @param indexName the index
         * @param ranges the ranges, in ascending key order; not null
         * @param reverse whether to walk the ranges and keys in descending order
         * @param examined counts the keys read; may be null
         * @return the ids, with repeats when the index is multikey
         * @throws IndexDroppedException if the view holds no such index
         */
        public Iterator<String> scanIndex(String indexName, List<KeyRange> ranges, boolean reverse,
                LongAdder examined) {
            IndexRoot held = indexRoots.get(indexName);
            if (held == null) {
                throw new IndexDroppedException(name, indexName);
            }
            MVMap<byte[], byte[]> map = held.map();
            org.h2.mvstore.RootReference<byte[], byte[]> root = held.root();
            List<KeyRange> ordered = new ArrayList<>(ranges);
            if (reverse) {
                Collections.reverse(ordered);
            }
            return new Iterator<>() {
                private int range = -1;
                private Cursor<byte[], byte[]> cursor;
                private String next;

                @Override
                public boolean hasNext() {
                    try {
                        return advance();
                    } catch (RuntimeException | AssertionError e) {
                        throw damaged("index '" + map.getName() + "'", e);
                    }
                }

                private boolean advance() {
                    while (next == null) {
                        if (cursor != null && cursor.hasNext()) {
                            byte[] key = cursor.next();
                            KeyRange current = ordered.get(range);
                            if (reverse ? !current.afterStart(key) : !current.beforeEnd(key)) {
                                cursor = null;
                                continue;
                            }
                            if (examined != null) {
                                examined.increment();
                            }
                            next = IndexMap.id(cursor.getValue());
                        } else {
                            if (++range >= ordered.size()) {
                                return false;
                            }
                            KeyRange current = ordered.get(range);
                            if (current.isEmpty()) {
                                cursor = null;
                                continue;
                            }
                            if (reverse) {
                                byte[] from = current.end() == null ? null : map.lowerKey(root, current.end());
                                if (current.end() != null && from == null) {
                                    cursor = null;
                                    continue;
                                }
                                cursor = map.cursor(root, from, null, true);
                            } else {
                                cursor = map.cursor(root, current.start(), null, false);
                            }
                        }
                    }
                    return true;
                }

                @Override
                public String next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    String id = next;
                    next = null;
                    return id;
                }
            };
        }
    }

    /**
     * Counts the index keys in the given ranges without reading documents, in O(log n) per range.
     *
     * @param indexName the index
     * @param ranges the ranges, not overlapping; not null
     * @return the number of keys
     */
    public long countIndexKeys(String indexName, List<KeyRange> ranges) {
        IndexMap index = index(indexName);
        if (index == null) {
            throw new IndexDroppedException(name, indexName);
        }
        long total = 0;
        try {
            for (KeyRange range : ranges) {
                if (range.isEmpty()) {
                    continue;
                }
                long from = range.start() == null ? 0 : position(index.map, range.start());
                long to = range.end() == null ? index.map.sizeAsLong() : position(index.map, range.end());
                total += Math.max(0, to - from);
            }
        } catch (RuntimeException | AssertionError e) {
            throw damaged("index '" + indexName + "'", e);
        }
        return total;
    }

    private static long position(MVMap<byte[], byte[]> map, byte[] key) {
        long index = map.getKeyIndex(key);
        return index < 0 ? -(index + 1) : index;
    }

    /** @return the stored record, expired or not, or null */
    private byte[] record(String id) {
        try {
            return documents.get(id);
        } catch (RuntimeException | AssertionError e) {
            throw damagedDocument(id, e);
        }
    }

    /**
     * @param e a failure of a read of the collection's maps
     * @return the exception to throw: CorruptStoreException for damage
     * @throws RuntimeException or Error: {@code e} itself when it is not damage
     */
    private RuntimeException damaged(String reading, Throwable e) {
        return Damage.translate(path, reading + " of collection '" + name + "'", e);
    }

    /** As {@link #damaged(String, Throwable)}, for a read of one document. */
    private RuntimeException damagedDocument(String id, Throwable e) {
        return Damage.translate(path, name, id, e);
    }

    /** @return the definitions and multikey flags of the collection's indexes */
    public List<IndexStatus> indexInfos() {
        List<IndexStatus> infos = new ArrayList<>();
        for (IndexMap index : indexes) {
            infos.add(new IndexStatus(index.definition, index.multikey, index.map.sizeAsLong()));
        }
        return infos;
    }

    private void unindexExpiry(Mutations mutations, String id, byte[] record) {
        long expiresAt = RecordFormat.expiresAt(record);
        if (expiresAt != RecordFormat.NEVER) {
            mutations.remove(expiry, new ExpiryKey(expiresAt, id).toBytes());
        }
    }

    /**
     * Collects up to {@code max} expiry keys that are due at {@code nowMillis}, in expiry order.
     * Reads only the due part of the index.
     */
    public List<ExpiryKey> dueForExpiry(long nowMillis, int max) {
        List<ExpiryKey> due = new ArrayList<>();
        byte[] end = ExpiryKey.timePrefix(nowMillis == Long.MAX_VALUE ? nowMillis : nowMillis + 1);
        try {
            Cursor<byte[], byte[]> cursor = expiry.cursor(null, end, false);
            while (cursor.hasNext() && due.size() < max) {
                byte[] key = cursor.next();
                if (Arrays.compareUnsigned(key, end) >= 0) {
                    break;
                }
                if (key.length < ExpiryKey.TIME_BYTES) {
                    // damaged: left for verify() to report rather than failing every sweep (and the open)
                    continue;
                }
                due.add(ExpiryKey.fromBytes(key));
            }
        } catch (RuntimeException | AssertionError e) {
            throw damaged("the expiry index", e);
        }
        return due;
    }

    /**
     * Removes the document of an expiry key if it still carries that expiry time.
     *
     * @return whether a document was removed
     */
    public boolean removeExpired(Mutations mutations, ExpiryKey key) {
        byte[] record = documents.get(key.id());
        if (record != null && RecordFormat.expiresAt(record) == key.expiresAt()) {
            removeRecord(mutations, key.id());
            mutations.sweeping();
            noteRemoved(mutations, key.id(), record, true);
            return true;
        }
        // A stale index entry (should not happen, but never let it block the sweep forever).
        mutations.remove(expiry, key.toBytes());
        return false;
    }

    /**
     * @param nowMillis the current time
     * @return the number of live documents: stored minus expired-but-not-yet-swept, in O(log n)
     */
    public long count(long nowMillis) {
        try {
            long stored = documents.sizeAsLong();
            if (expiry.isEmpty()) {
                return stored;
            }
            long due = expiry.getKeyIndex(ExpiryKey.timePrefix(nowMillis + 1));
            if (due < 0) {
                due = -(due + 1);
            }
            return Math.max(0, stored - due);
        } catch (RuntimeException | AssertionError e) {
            throw damaged("the document count", e);
        }
    }

    /** @return the number of stored records, including expired ones not yet swept */
    public long storedCount() {
        try {
            return documents.sizeAsLong();
        } catch (RuntimeException | AssertionError e) {
            throw damaged("the document count", e);
        }
    }

    private Iterator<Map.Entry<String, byte[]>> entries(Cursor<String, byte[]> cursor) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return cursor.hasNext();
                } catch (RuntimeException | AssertionError e) {
                    throw damaged("the documents", e);
                }
            }

            @Override
            public Map.Entry<String, byte[]> next() {
                try {
                    String key = cursor.next();
                    return Map.entry(key, cursor.getValue());
                } catch (RuntimeException | AssertionError e) {
                    throw damaged("the documents", e);
                }
            }
        };
    }

    private static final byte[] EMPTY = new byte[0];
}
