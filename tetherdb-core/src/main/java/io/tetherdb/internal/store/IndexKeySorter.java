package io.tetherdb.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * Collects the entries of an index build and writes them into the index in key order, so that the
 * B-tree grows at its right edge and each commit writes only new pages, where inserting in document
 * order would touch leaves all over the tree and make every commit rewrite most of them. Entries are
 * held in memory up to a budget; beyond it each full chunk is sorted and written to a scratch map
 * (a sorted run), and the runs are merged at the end. Not thread-safe: it belongs to one build,
 * under the write lock.
 */
final class IndexKeySorter {

    /**
     * Heap an entry costs beyond its key bytes: the entry object, the key array's header and the
     * list slot, rounded up.
     */
    private static final int ENTRY_OVERHEAD = 64;

    /** An index entry: its key, which ends with the document id, and the length of that id. */
    record Entry(byte[] key, int idLength) {

        byte[] id() {
            return Arrays.copyOfRange(key, key.length - idLength, key.length);
        }

        /** @return whether both keys have the same field values (they may differ in the id) */
        boolean samePrefix(Entry other) {
            int length = key.length - idLength;
            return length == other.key.length - other.idLength
                    && Arrays.equals(key, 0, length, other.key, 0, length);
        }
    }

    /** Receives the entries in key order. */
    interface Sink {
        void accept(Entry entry);
    }

    private static final Comparator<Entry> ORDER = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

    private final long budgetBytes;
    private final RunMaps runMaps;
    private final List<Entry> chunk = new ArrayList<>();
    private final List<MVMap<byte[], byte[]>> runs = new ArrayList<>();
    private long chunkBytes;

    /** Opens, commits and removes the scratch maps of the sorted runs. */
    interface RunMaps {
        MVMap<byte[], byte[]> open(int run);

        /** Called after each entry written to a run, so that the caller can commit now and then. */
        void entryWritten();

        void discard(MVMap<byte[], byte[]> run);
    }

    /**
     * @param budgetBytes heap the entries held in memory may take
     * @param runMaps the scratch maps for sorted runs
     */
    IndexKeySorter(long budgetBytes, RunMaps runMaps) {
        this.budgetBytes = budgetBytes;
        this.runMaps = runMaps;
    }

    /**
     * @param maxHeap the JVM's maximum heap
     * @return an eighth of it, at least 4 MB and at most 256 MB
     */
    static long budgetFor(long maxHeap) {
        return Math.max(4L << 20, Math.min(256L << 20, maxHeap / 8));
    }

    void add(byte[] key, int idLength) {
        chunk.add(new Entry(key, idLength));
        chunkBytes += key.length + ENTRY_OVERHEAD;
        if (chunkBytes >= budgetBytes) {
            spill();
        }
    }

    private void spill() {
        chunk.sort(ORDER);
        MVMap<byte[], byte[]> run = runMaps.open(runs.size());
        runs.add(run);
        for (Entry entry : chunk) {
            run.put(entry.key, intBytes(entry.idLength));
            runMaps.entryWritten();
        }
        chunk.clear();
        chunkBytes = 0;
    }

    /**
     * Passes every entry added to the sink in key order, then removes the scratch maps (also when
     * the sink throws).
     */
    void drainTo(Sink sink) {
        try {
            if (runs.isEmpty()) {
                chunk.sort(ORDER);
                for (Entry entry : chunk) {
                    sink.accept(entry);
                }
                chunk.clear();
                return;
            }
            if (!chunk.isEmpty()) {
                spill();
            }
            merge(sink);
        } finally {
            chunk.clear();
            for (MVMap<byte[], byte[]> run : runs) {
                runMaps.discard(run);
            }
            runs.clear();
        }
    }

    private record Head(Entry entry, Cursor<byte[], byte[]> cursor) {
    }

    private void merge(Sink sink) {
        PriorityQueue<Head> heads = new PriorityQueue<>(runs.size(), (a, b) -> ORDER.compare(a.entry, b.entry));
        for (MVMap<byte[], byte[]> run : runs) {
            Cursor<byte[], byte[]> cursor = run.cursor(null);
            if (cursor.hasNext()) {
                heads.add(new Head(next(cursor), cursor));
            }
        }
        while (!heads.isEmpty()) {
            Head head = heads.poll();
            sink.accept(head.entry);
            if (head.cursor.hasNext()) {
                heads.add(new Head(next(head.cursor), head.cursor));
            }
        }
    }

    private static Entry next(Cursor<byte[], byte[]> cursor) {
        byte[] key = cursor.next();
        byte[] idLength = cursor.getValue();
        return new Entry(key, (idLength[0] & 0xff) << 24 | (idLength[1] & 0xff) << 16 | (idLength[2] & 0xff) << 8
                | idLength[3] & 0xff);
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
