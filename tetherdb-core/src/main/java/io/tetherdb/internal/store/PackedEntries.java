package io.tetherdb.internal.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The index entries an {@link IndexKeySorter} holds in memory, packed so that a million of them are
 * a few dozen arrays rather than two million small objects: their bytes go one after another into
 * large blocks, and each entry has three longs in parallel arrays, its first sixteen key bytes (as
 * two unsigned big-endian numbers, zero-padded) and where its bytes start. Sorting orders those
 * arrays and compares the stored bytes only for keys whose first sixteen bytes are equal. Not
 * thread-safe: it belongs to one sorter.
 *
 * <p>Why: with an object per entry and a byte array per key, an index build over a million
 * documents kept two million objects alive until the keys were written, and every young
 * collection copied them again (G1 pauses of 0.2-0.3 s, together about as long as the build's own
 * CPU time); the sort chased two references per comparison.
 *
 * <p>An entry's bytes are the key's length and the id's length (four bytes each), then the key.
 */
final class PackedEntries {

    /** Bytes of one block; a larger entry gets a block of its own. */
    static final int BLOCK_SIZE = 1 << 18;
    /**
     * Heap an entry costs beyond its key's bytes: its two lengths (8), its three longs (24), the
     * arrays' spare capacity after growing by half (up to 12) and the sort's copy of the longs (24).
     */
    static final int ENTRY_OVERHEAD = 8 + 24 + 12 + 24;
    /** Sorts of fewer than twice this many entries run in one thread. */
    private static final int PARALLEL_RANGE = 1 << 16;
    /** Ranges this short are sorted by insertion rather than merged. */
    private static final int INSERTION_SORT_BELOW = 24;
    /** Reads and writes an entry's two lengths in its block. */
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final List<byte[]> blocks = new ArrayList<>();
    /** Bytes used in the last block; starts full so that the first entry opens a block. */
    private int blockUsed = BLOCK_SIZE;
    private final Keys keys;
    private int size;

    /**
     * @param initialCapacity entries to make room for at once (an index build expects about one a
     *        document), so that the arrays do not grow through copies that each take fresh memory
     */
    PackedEntries(int initialCapacity) {
        this.keys = new Keys(Math.max(16, initialCapacity));
    }

    /** The first sixteen bytes and the place of each entry, in parallel arrays. */
    private static final class Keys {
        long[] high;
        long[] low;
        /** The entry's block (high 32 bits) and offset in it (low 32 bits). */
        long[] where;

        Keys(int capacity) {
            high = new long[capacity];
            low = new long[capacity];
            where = new long[capacity];
        }

        Keys(Keys source, int size) {
            high = Arrays.copyOf(source.high, size);
            low = Arrays.copyOf(source.low, size);
            where = Arrays.copyOf(source.where, size);
        }

        void grow(int capacity) {
            high = Arrays.copyOf(high, capacity);
            low = Arrays.copyOf(low, capacity);
            where = Arrays.copyOf(where, capacity);
        }

        void set(int i, Keys from, int j) {
            high[i] = from.high[j];
            low[i] = from.low[j];
            where[i] = from.where[j];
        }
    }

    /** @return how many entries there are */
    int size() {
        return size;
    }

    /**
     * @param key the entry's key, ending with the document id; copied
     * @param idLength the length of that id
     */
    void add(byte[] key, int idLength) {
        int length = 8 + key.length;
        byte[] block;
        int offset;
        if (length > BLOCK_SIZE) {
            block = new byte[length];
            blocks.add(block);
            offset = 0;
            blockUsed = BLOCK_SIZE;
        } else {
            if (blockUsed + length > BLOCK_SIZE) {
                blocks.add(new byte[BLOCK_SIZE]);
                blockUsed = 0;
            }
            block = blocks.get(blocks.size() - 1);
            offset = blockUsed;
            blockUsed += length;
        }
        INT.set(block, offset, key.length);
        INT.set(block, offset + 4, idLength);
        System.arraycopy(key, 0, block, offset + 8, key.length);
        if (size == keys.where.length) {
            keys.grow(size + (size >> 1));
        }
        keys.high[size] = bigEndian(key, 0);
        keys.low[size] = bigEndian(key, 8);
        keys.where[size] = (long) (blocks.size() - 1) << 32 | offset;
        size++;
    }

    /**
     * Puts the entries in key order (unsigned byte order of the keys). With more than one core, a
     * large sort sorts one half in the common fork-join pool while the calling thread sorts the
     * other, then merges them.
     */
    void sort() {
        if (size < 2) {
            return;
        }
        Keys scratch = new Keys(keys, size);
        if (size < 2 * PARALLEL_RANGE || Runtime.getRuntime().availableProcessors() < 2) {
            mergeSort(scratch, keys, 0, size);
            return;
        }
        int middle = size >>> 1;
        // each half is sorted into scratch, with keys as the scratch space, then merged into keys
        ForkJoinTask<?> left = ForkJoinPool.commonPool().submit(() -> mergeSort(keys, scratch, 0, middle));
        mergeSort(keys, scratch, middle, size);
        left.join();
        merge(scratch, keys, 0, middle, size);
    }

    /** @return the entry at this position (after {@link #sort()}, in key order), as a new object */
    IndexKeySorter.Entry get(int index) {
        long where = keys.where[index];
        byte[] block = blocks.get((int) (where >>> 32));
        int offset = (int) where;
        int keyLength = (int) INT.get(block, offset);
        return new IndexKeySorter.Entry(Arrays.copyOfRange(block, offset + 8, offset + 8 + keyLength),
                (int) INT.get(block, offset + 4));
    }

    /**
     * Drops every entry and the blocks that held their bytes; the arrays of their first bytes are
     * kept for the next chunk of a build that spills, which would only allocate them again.
     */
    void clear() {
        blocks.clear();
        blockUsed = BLOCK_SIZE;
        size = 0;
    }

    /**
     * Sorts {@code [from, to)} into {@code target}; {@code source} holds the same entries there on
     * entry and serves as scratch space.
     */
    private void mergeSort(Keys source, Keys target, int from, int to) {
        if (to - from < INSERTION_SORT_BELOW) {
            for (int i = from + 1; i < to; i++) {
                for (int j = i; j > from && compare(target, j - 1, target, j) > 0; j--) {
                    swap(target, j - 1, j);
                }
            }
            return;
        }
        int middle = (from + to) >>> 1;
        // sort each half into source, with target as the scratch space
        mergeSort(target, source, from, middle);
        mergeSort(target, source, middle, to);
        merge(source, target, from, middle, to);
    }

    /** Merges the sorted ranges {@code [from, middle)} and {@code [middle, to)} of source into target. */
    private void merge(Keys source, Keys target, int from, int middle, int to) {
        if (compare(source, middle - 1, source, middle) <= 0) {
            // already in order (keys often arrive sorted, as when they follow the id order)
            System.arraycopy(source.high, from, target.high, from, to - from);
            System.arraycopy(source.low, from, target.low, from, to - from);
            System.arraycopy(source.where, from, target.where, from, to - from);
            return;
        }
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || left < middle && compare(source, left, source, right) <= 0) {
                target.set(i, source, left++);
            } else {
                target.set(i, source, right++);
            }
        }
    }

    private static void swap(Keys keys, int i, int j) {
        long high = keys.high[i];
        long low = keys.low[i];
        long where = keys.where[i];
        keys.set(i, keys, j);
        keys.high[j] = high;
        keys.low[j] = low;
        keys.where[j] = where;
    }

    private int compare(Keys a, int i, Keys b, int j) {
        int order = Long.compareUnsigned(a.high[i], b.high[j]);
        if (order != 0) {
            return order;
        }
        order = Long.compareUnsigned(a.low[i], b.low[j]);
        if (order != 0) {
            return order;
        }
        // the first sixteen bytes agree, or one key is shorter and the padding hides it
        long whereA = a.where[i];
        long whereB = b.where[j];
        byte[] blockA = blocks.get((int) (whereA >>> 32));
        byte[] blockB = blocks.get((int) (whereB >>> 32));
        int offsetA = (int) whereA;
        int offsetB = (int) whereB;
        return Arrays.compareUnsigned(blockA, offsetA + 8, offsetA + 8 + (int) INT.get(blockA, offsetA),
                blockB, offsetB + 8, offsetB + 8 + (int) INT.get(blockB, offsetB));
    }

    /** @return the eight bytes of {@code key} from {@code from} as an unsigned big-endian number, zero-padded */
    private static long bigEndian(byte[] key, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = value << 8 | (i < key.length ? key[i] & 0xFF : 0);
        }
        return value;
    }
}
