package io.tetherdb.store;

import java.util.ArrayList;

import org.h2.mvstore.MVMap;

/**
 * The map changes made by one write operation, recorded so that the operation can be undone as a
 * whole if it fails part-way: a rejected operation leaves the maps exactly as they were. Used
 * only under the store's write lock; not thread-safe.
 */
public final class Mutations {

    private final ArrayList<Undo<?, ?>> undo = new ArrayList<>();
    private int documentWrites;

    Mutations() {
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
        documentWrites = 0;
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
