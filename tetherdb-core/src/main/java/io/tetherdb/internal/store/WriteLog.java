package io.tetherdb.internal.store;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory log that lets a transaction's commit find write-write conflicts: for each document
 * written while a transaction was open, the write sequence number of the last operation that wrote
 * it, and for each dropped collection the sequence number of the drop. It records only while at
 * least one transaction is open or starting, forgets what no open transaction can conflict with
 * when the oldest one ends, and is empty when none is open. Removals of expired documents by the
 * sweep are not recorded. Thread-safe: every method holds the log's monitor; writes record under
 * the store's write lock, so a commit that checks under that lock sees every earlier write.
 */
final class WriteLog {

    /** Start points of the open transactions, with how many began at each. */
    private final TreeMap<Long, Integer> openStarts = new TreeMap<>();
    /**
     * Transactions that reserved a place but have not recorded their start point yet, by the write
     * sequence number when they reserved it: their start point will be at least that.
     */
    private final TreeMap<Long, Integer> startingFloors = new TreeMap<>();
    private volatile boolean recording;
    private final Map<String, Map<String, Long>> lastWrites = new HashMap<>();
    /**
     * The entries of {@link #lastWrites} in the order they were recorded (so by sequence number), for
     * forgetting the old ones in time proportional to their number rather than to the log's size.
     */
    private final ArrayDeque<Entry> recorded = new ArrayDeque<>();
    private final Map<String, Long> drops = new HashMap<>();

    /** @return whether writes must note the documents they touch */
    boolean recording() {
        return recording;
    }

    /**
     * Before a transaction captures its snapshot: from now on every write is recorded, and none
     * after {@code floor} is forgotten until the transaction has recorded its start point.
     *
     * @param floor the write sequence number now, at most the start point the capture will find
     */
    synchronized void reserve(long floor) {
        startingFloors.merge(floor, 1, Integer::sum);
        recording = true;
    }

    /**
     * After the capture: the transaction is open from {@code start} on.
     *
     * @param floor what it reserved with
     * @param start the write sequence number its snapshot reflects
     */
    synchronized void opened(long floor, long start) {
        decrement(startingFloors, floor);
        openStarts.merge(start, 1, Integer::sum);
    }

    /** A reservation whose capture failed. */
    synchronized void cancel(long floor) {
        decrement(startingFloors, floor);
        forget();
    }

    private static void decrement(TreeMap<Long, Integer> counts, long key) {
        Integer count = counts.get(key);
        if (count == null) {
            return;
        }
        if (count == 1) {
            counts.remove(key);
        } else {
            counts.put(key, count - 1);
        }
    }

    /**
     * A transaction ended (committed, rolled back or expired): forgets the writes that no open
     * transaction can conflict with, being at or before the oldest open start.
     *
     * @param start its start point
     */
    synchronized void closed(long start) {
        if (!openStarts.containsKey(start)) {
            return;
        }
        decrement(openStarts, start);
        forget();
    }

    private void forget() {
        if (openStarts.isEmpty() && startingFloors.isEmpty()) {
            lastWrites.clear();
            recorded.clear();
            drops.clear();
            recording = false;
            return;
        }
        // a transaction still starting may have captured its snapshot already: it needs every write
        // after its floor, which is at most its start point
        long oldest = Math.min(openStarts.isEmpty() ? Long.MAX_VALUE : openStarts.firstKey(),
                startingFloors.isEmpty() ? Long.MAX_VALUE : startingFloors.firstKey());
        while (!recorded.isEmpty() && recorded.peekFirst().sequence() <= oldest) {
            Entry entry = recorded.pollFirst();
            Map<String, Long> ids = lastWrites.get(entry.collection());
            // a later write of the same document replaced the entry's sequence number: keep that one
            if (ids != null && ids.remove(entry.id(), entry.sequence()) && ids.isEmpty()) {
                lastWrites.remove(entry.collection());
            }
        }
        if (!drops.isEmpty()) {
            drops.values().removeIf(sequence -> sequence <= oldest);
        }
    }

    /** Under the write lock, after an operation completed: records what it wrote. */
    synchronized void record(Mutations mutations, long sequence) {
        var pairs = mutations.touchedPairs();
        for (int i = 0; i < pairs.size(); i += 2) {
            lastWrites.computeIfAbsent(pairs.get(i), c -> new HashMap<>()).put(pairs.get(i + 1), sequence);
            recorded.addLast(new Entry(pairs.get(i), pairs.get(i + 1), sequence));
        }
        for (String collection : mutations.droppedCollections()) {
            drops.put(collection, sequence);
        }
    }

    /**
     * Under the write lock: whether a document, or its collection, was written after a start point.
     *
     * @return the sequence number of that write, or 0 if there was none
     */
    synchronized long writtenAfter(String collection, String id, long start) {
        Long dropped = drops.get(collection);
        if (dropped != null && dropped > start) {
            return dropped;
        }
        Map<String, Long> ids = lastWrites.get(collection);
        Long written = ids == null ? null : ids.get(id);
        return written != null && written > start ? written : 0;
    }

    /** A recorded write. */
    private record Entry(String collection, String id, long sequence) {
    }

    /** @return how many open transactions the log serves, for tests and statistics */
    synchronized int openTransactions() {
        return openStarts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
