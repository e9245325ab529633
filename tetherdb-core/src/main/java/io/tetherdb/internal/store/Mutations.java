package io.tetherdb.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;

/**
 * The map changes made by one write operation, recorded so that the operation can be undone as a
 * whole if it fails part-way: a rejected operation leaves the maps exactly as they were. Used
 * only under the store's write lock; not thread-safe.
 */
public final class Mutations {

    private final ArrayList<Undo<?, ?>> undo = new ArrayList<>();
    /** Changes to in-memory state that mirrors the maps, undone with them. */
    private ArrayList<Runnable> undoInMemory;
    private int documentWrites;
    /**
     * The documents this operation wrote, as collection and id pairs, while transactions are open
     * (null otherwise): the write log records them so that a transaction's commit can tell whether
     * a document it writes changed since it began.
     */
    private final ArrayList<String> touched;
    /** The collections this operation dropped, under the same rule as {@link #touched}. */
    private ArrayList<String> dropped;

    /** The changes the operation made, in order, for change events; null until the first. */
    private ArrayList<ChangeRecord> changes;
    /** The store clock's time when the operation began, by which expired records are told. */
    private final long nowMillis;
    /** What the next put describes when it replaces a live document: an update, or null for a replacement. */
    private ChangeRecord.UpdatePaths nextUpdate;
    /** Records a transaction's commit removed before writing them again, by collection and id. */
    private Map<String, byte[]> stashed;
    /** Whether removals of expired documents are the expiry sweep's. */
    private boolean sweeping;
    /** Whether anything (a history, a subscriber) reads the changes' descriptions; see {@link #changesObserved}. */
    private final boolean changesObserved;
    /** Whether the operation must be committed at once; see {@link #requireCheckpoint}. */
    private boolean checkpointRequired;

    Mutations(boolean trackTouched, long nowMillis) {
        this(trackTouched, nowMillis, true);
    }

    /**
     * @param changesObserved whether the change log keeps or hands on this operation's changes; it
     *        cannot start to while the operation holds the write lock
     */
    Mutations(boolean trackTouched, long nowMillis, boolean changesObserved) {
        this.touched = trackTouched ? new ArrayList<>() : null;
        this.nowMillis = nowMillis;
        this.changesObserved = changesObserved;
    }

    /**
     * @return whether this operation's change events are kept or delivered: when not, a write need
     *         not work out how to describe them ({@link #describeNextUpdate}), since only their count is kept
     */
    public boolean changesObserved() {
        return changesObserved;
    }

    /** @return the store clock's time when the operation began */
    long nowMillis() {
        return nowMillis;
    }

    /**
     * Says that the next put of a document that replaces a live version is an update with these
     * paths, not a replacement: its change event is an update.
     *
     * @param paths the paths the update set and removed; not null
     */
    public void describeNextUpdate(ChangeRecord.UpdatePaths paths) {
        this.nextUpdate = paths;
    }

    /** @return the description given for this put, or null; consumed */
    ChangeRecord.UpdatePaths takeUpdate() {
        ChangeRecord.UpdatePaths paths = nextUpdate;
        nextUpdate = null;
        return paths;
    }

    /** Marks this operation as the expiry sweep's, for the kind of its expiry events. */
    void sweeping() {
        this.sweeping = true;
    }

    boolean isSweeping() {
        return sweeping;
    }

    /**
     * Keeps a record that a transaction's commit removed only to write the document again, so that
     * its change event has the record before the transaction, not nothing.
     */
    void stash(String collection, String id, byte[] record) {
        if (stashed == null) {
            stashed = new HashMap<>();
        }
        stashed.put(collection + '\0' + id, record);
    }

    /** @return the stashed record of a document, or null; removed from the stash */
    byte[] takeStashed(String collection, String id) {
        return stashed == null ? null : stashed.remove(collection + '\0' + id);
    }

    /** Notes a change for change events; undone with the operation. */
    void changed(ChangeRecord.Kind kind, String collection, String id, byte[] before, byte[] after,
            ChangeRecord.UpdatePaths update) {
        if (changes == null) {
            changes = new ArrayList<>();
        }
        changes.add(new ChangeRecord(0, kind, collection, id, nowMillis, before, after, update));
    }

    /** @return the changes the operation made, in order; empty if none */
    List<ChangeRecord> changes() {
        return changes == null ? List.of() : changes;
    }

    /** Notes that the operation wrote or removed a document, when the write log wants to know. */
    void touched(String collection, String id) {
        if (touched != null) {
            touched.add(collection);
            touched.add(id);
        }
    }

    /** Notes that the operation dropped a collection, when the write log wants to know. */
    void droppedCollection(String collection) {
        if (touched != null) {
            if (dropped == null) {
                dropped = new ArrayList<>();
            }
            dropped.add(collection);
        }
    }

    /** @return the collection and id pairs the operation wrote, flattened; empty when not tracked */
    List<String> touchedPairs() {
        return touched == null ? List.of() : touched;
    }

    /** @return the collections the operation dropped; empty when not tracked */
    List<String> droppedCollections() {
        return dropped == null ? List.of() : dropped;
    }

    <K, V> V put(MVMap<K, V> map, K key, V value) {
        V previous = map.put(key, value);
        undo.add(new Undo<>(map, key, previous, value));
        return previous;
    }

    /**
     * Stores a record over the one a key has only if that is still {@code expected} (the same
     * array, or equal bytes), finding the key once for both the check and the write.
     *
     * @return the record replaced, or null when the key held something else and nothing was written
     */
    <K> byte[] replaceIfSame(MVMap<K, byte[]> map, K key, byte[] expected, byte[] value) {
        SameRecord decision = new SameRecord(expected);
        byte[] previous = map.operate(key, value, decision);
        if (!decision.put) {
            return null;
        }
        undo.add(new Undo<>(map, key, previous, value));
        return previous;
    }

    /**
     * Replaces the record a key has by one computed from it, finding the key once for both.
     *
     * @param change gives the record to store in place of the one the key has, or null to store
     *        nothing; called only when the key has a record, maybe more than once
     * @return the record replaced, or null when nothing was written
     */
    <K, V> V change(MVMap<K, V> map, K key, java.util.function.UnaryOperator<V> change) {
        Computed<V> decision = new Computed<>(change);
        V previous = map.operate(key, null, decision);
        if (decision.value == null) {
            return null;
        }
        undo.add(new Undo<>(map, key, previous, decision.value));
        return previous;
    }

    /** Puts the value computed from the existing one, if there is one. */
    private static final class Computed<V> extends MVMap.DecisionMaker<V> {
        private final java.util.function.UnaryOperator<V> change;
        V value;

        Computed(java.util.function.UnaryOperator<V> change) {
            this.change = change;
        }

        @Override
        public MVMap.Decision decide(V existing, V provided) {
            value = existing == null ? null : change.apply(existing);
            return value == null ? MVMap.Decision.ABORT : MVMap.Decision.PUT;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends V> T selectValue(T existing, T provided) {
            return (T) value;
        }

        @Override
        public void reset() {
            value = null;
        }
    }

    /** Puts only over the expected record; remembers whether it did. */
    private static final class SameRecord extends MVMap.DecisionMaker<byte[]> {
        private final byte[] expected;
        boolean put;

        SameRecord(byte[] expected) {
            this.expected = expected;
        }

        @Override
        public MVMap.Decision decide(byte[] existing, byte[] provided) {
            // the same array unless the page was read again from the file since the caller read it
            put = existing != null && (existing == expected || Arrays.equals(existing, expected));
            return put ? MVMap.Decision.PUT : MVMap.Decision.ABORT;
        }

        @Override
        public void reset() {
            put = false;
        }
    }

    <K, V> V remove(MVMap<K, V> map, K key) {
        V previous = map.remove(key);
        if (previous != null) {
            undo.add(new Undo<>(map, key, previous, null));
        }
        return previous;
    }

    /**
     * Registers how to undo a change to in-memory state that mirrors a map change of this
     * operation (such as an index's multikey flag), so that a rollback leaves memory and maps in
     * agreement.
     */
    void onRollback(Runnable undoInMemoryChange) {
        if (undoInMemory == null) {
            undoInMemory = new ArrayList<>();
        }
        undoInMemory.add(undoInMemoryChange);
    }

    /** Counts written or removed documents, for the flush policy. */
    void countDocumentWrites(int n) {
        documentWrites += n;
    }

    int documentWrites() {
        return documentWrites;
    }

    /**
     * @return whether the operation changed nothing: no undoable map change and no counted write
     *         (dropping a map is counted, since it cannot be undone but must still be committed)
     */
    boolean isEmpty() {
        return undo.isEmpty() && documentWrites == 0;
    }

    void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).restore();
        }
        undo.clear();
        if (undoInMemory != null) {
            for (int i = undoInMemory.size() - 1; i >= 0; i--) {
                undoInMemory.get(i).run();
            }
            undoInMemory = null;
        }
        documentWrites = 0;
        changes = null;
        nextUpdate = null;
        stashed = null;
        if (touched != null) {
            touched.clear();
        }
        dropped = null;
    }

    /** Receives the map changes of an operation, in order. */
    interface ChangeVisitor {
        /** @param value the value put, or null for a removal */
        void change(MVMap<?, ?> map, Object key, Object value);
    }

    /** Hands every map change the operation made to {@code visitor}, in the order made. */
    void forEachChange(ChangeVisitor visitor) {
        for (Undo<?, ?> entry : undo) {
            visitor.change(entry.map, entry.key, entry.value);
        }
    }

    /**
     * Says that the operation changed the maps in a way the write-ahead log does not record (it
     * dropped a map): the store commits it at once, as a checkpoint.
     */
    void requireCheckpoint() {
        this.checkpointRequired = true;
    }

    /** @return whether the operation must be committed at once; see {@link #requireCheckpoint} */
    boolean checkpointRequired() {
        return checkpointRequired;
    }

    private record Undo<K, V>(MVMap<K, V> map, K key, V previous, V value) {
        void restore() {
            if (previous == null) {
                map.remove(key);
            } else {
                map.put(key, previous);
            }
        }
    }
}
