package io.tetherdb.internal.store;

import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.MVMap;

/**
 * Puts entries that arrive in ascending key order into a map in an order that leaves its B-tree
 * leaves full, where putting them in key order leaves every leaf half full. Not thread-safe: it
 * belongs to one index build, under the write lock.
 *
 * <p>MVMap splits a leaf that overflows {@code keysPerPage} ({@code k}) keys in the middle, and in
 * key order nothing ever lands left of a split again. So the entries go in groups of {@code k}
 * (the leaves to be): the even-numbered entries of each group first, and the odd-numbered ones of
 * the group before the previous one after them. The evens of two groups fill the rightmost leaf;
 * the next group's first even splits it between those two groups, and the odds of the left one then
 * fill the left leaf to {@code k} keys, beside the rightmost leaf: writes still touch only the right
 * edge of the tree. (MVMap.append fills leaves too, but only on a single-writer map, whose pages pin
 * their chunks against compaction for good.) A leaf also splits when its keys outgrow the page
 * size; such leaves are then as full as the page size allows. Only the fill depends on the order,
 * never the map's content.
 */
final class FullLeafWriter {

    private final MVMap<byte[], byte[]> map;
    private final int groupSize;
    /** Called after each entry put, so that the build can commit now and then. */
    private final Runnable written;
    private List<IndexKeySorter.Entry> current = new ArrayList<>();
    private List<IndexKeySorter.Entry> previous;
    private List<IndexKeySorter.Entry> beforePrevious;

    FullLeafWriter(MVMap<byte[], byte[]> map, Runnable written) {
        this.map = map;
        this.groupSize = Math.max(2, map.getStore().getKeysPerPage());
        this.written = written;
    }

    /** @param entry the next entry, above every entry before it */
    void put(IndexKeySorter.Entry entry) {
        current.add(entry);
        if (current.size() == groupSize) {
            putEvery(current, 0);
            if (beforePrevious != null) {
                putEvery(beforePrevious, 1);
            }
            beforePrevious = previous;
            previous = current;
            current = new ArrayList<>(groupSize);
        }
    }

    /** Puts the entries held back. */
    void finish() {
        putEvery(current, 0);
        if (beforePrevious != null) {
            putEvery(beforePrevious, 1);
        }
        if (previous != null) {
            putEvery(previous, 1);
        }
        putEvery(current, 1);
        current = new ArrayList<>();
        previous = null;
        beforePrevious = null;
    }

    private void putEvery(List<IndexKeySorter.Entry> group, int first) {
        for (int i = first; i < group.size(); i += 2) {
            IndexKeySorter.Entry entry = group.get(i);
            map.put(entry.key(), entry.id());
            written.run();
        }
    }
}
