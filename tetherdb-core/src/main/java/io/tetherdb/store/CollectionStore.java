package io.tetherdb.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.ttl.ExpiryKey;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The maps of one collection: documents by id, and the expiry index ordered by expiry time.
 * Reads are lock-free; every method that takes {@link Mutations} must run inside
 * {@link StoreEngine#write}. Thread-safe under that rule.
 */
public final class CollectionStore {

    private final String name;
    private final MVMap<String, byte[]> documents;
    private final MVMap<byte[], byte[]> expiry;
    private volatile boolean dropped;

    CollectionStore(String name, MVMap<String, byte[]> documents, MVMap<byte[], byte[]> expiry) {
        this.name = name;
        this.documents = documents;
        this.expiry = expiry;
    }

    /** @return the collection's name */
    public String name() {
        return name;
    }

    boolean isDropped() {
        return dropped;
    }

    void markDropped() {
        dropped = true;
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
        byte[] record = documents.get(id);
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
     * Stores a record under an id, replacing any previous one and keeping the expiry index in step.
     *
     * @return the previous record, or null
     */
    public byte[] put(Mutations mutations, String id, byte[] record) {
        byte[] previous = mutations.put(documents, id, record);
        if (previous != null) {
            unindexExpiry(mutations, id, previous);
        }
        long expiresAt = RecordFormat.expiresAt(record);
        if (expiresAt != RecordFormat.NEVER) {
            mutations.put(expiry, new ExpiryKey(expiresAt, id).toBytes(), EMPTY);
        }
        mutations.countDocumentWrites(1);
        return previous;
    }

    /**
     * Removes a document.
     *
     * @return the removed record, or null if there was none
     */
    public byte[] remove(Mutations mutations, String id) {
        byte[] previous = mutations.remove(documents, id);
        if (previous != null) {
            unindexExpiry(mutations, id, previous);
            mutations.countDocumentWrites(1);
        }
        return previous;
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
        Cursor<byte[], byte[]> cursor = expiry.cursor(null, end, false);
        while (cursor.hasNext() && due.size() < max) {
            byte[] key = cursor.next();
            if (java.util.Arrays.compareUnsigned(key, end) >= 0) {
                break;
            }
            due.add(ExpiryKey.fromBytes(key));
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
            remove(mutations, key.id());
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
        long stored = documents.sizeAsLong();
        if (expiry.isEmpty()) {
            return stored;
        }
        long due = expiry.getKeyIndex(ExpiryKey.timePrefix(nowMillis + 1));
        if (due < 0) {
            due = -(due + 1);
        }
        return Math.max(0, stored - due);
    }

    /** @return the number of stored records, including expired ones not yet swept */
    public long storedCount() {
        return documents.sizeAsLong();
    }

    /**
     * @param fromId first id to visit (inclusive), or null to start at the beginning
     * @return an iterator over a snapshot of the stored records in id order, expired ones included
     */
    public java.util.Iterator<Map.Entry<String, byte[]>> snapshotIterator(String fromId) {
        Cursor<String, byte[]> cursor = documents.cursor(fromId);
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Map.Entry<String, byte[]> next() {
                String key = cursor.next();
                return Map.entry(key, cursor.getValue());
            }
        };
    }

    private static final byte[] EMPTY = new byte[0];
}
