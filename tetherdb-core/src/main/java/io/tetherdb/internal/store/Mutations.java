package io.tetherdb.internal.store;

import java.util.ArrayList;
import java.util.List;

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

    Mutations(boolean trackTouched) {
        this.touched = trackTouched ? new ArrayList<>() : null;
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
        undo.add(new Undo<>(map, key, previous));
        return previous;
    }

    <K, V> V remove(MVMap<K, V> map, K key) {
        V previous = map.remove(key);
        if (previous != null) {
            undo.add(new Undo<>(map, key, previous));
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
        if (touched != null) {
            touched.clear();
        }
        dropped = null;
    }

    private record Undo<K, V>(MVMap<K, V> map, K key, V previous) {
        void restore() {
            if (previous == null) {
                map.remove(key);
            } else {
                map.put(key, previous);
            }
        }
    }
}
