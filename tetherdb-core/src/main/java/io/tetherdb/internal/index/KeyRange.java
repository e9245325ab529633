package io.tetherdb.internal.index;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A contiguous range of index keys, from {@code start} (inclusive) to {@code end} (exclusive),
 * compared as unsigned bytes; a null bound is open. Built from value bounds with
 * {@link #between(byte[], boolean, byte[], boolean)}, where a bound covers every key that starts
 * with its bytes.
 *
 * @param start first key in the range, or null for the start of the index
 * @param end first key after the range, or null for the end of the index
 * @since 0.1
 */
public record KeyRange(byte[] start, byte[] end) {

    /** The whole index. */
    public static final KeyRange ALL = new KeyRange(null, null);

    /**
     * @param prefix an encoded key prefix; not null
     * @return the range of every key starting with the prefix
     */
    public static KeyRange prefix(byte[] prefix) {
        return new KeyRange(prefix, IndexKeyEncoder.successor(prefix));
    }

    /**
     * @param lower keys starting with these bytes are the lower bound; null for none
     * @param lowerInclusive whether keys starting with {@code lower} are in the range
     * @param upper keys starting with these bytes are the upper bound; null for none
     * @param upperInclusive whether keys starting with {@code upper} are in the range
     * @return the range
     */
    public static KeyRange between(byte[] lower, boolean lowerInclusive, byte[] upper, boolean upperInclusive) {
        byte[] start = lower == null ? null : lowerInclusive ? lower : IndexKeyEncoder.successor(lower);
        byte[] end = upper == null ? null : upperInclusive ? IndexKeyEncoder.successor(upper) : upper;
        return new KeyRange(start, end);
    }

    /** @return whether no key can be in the range */
    public boolean isEmpty() {
        return start != null && end != null && Arrays.compareUnsigned(start, end) >= 0;
    }

    /**
     * @param key an index key; not null
     * @return whether the key lies before the end of the range
     */
    public boolean beforeEnd(byte[] key) {
        return end == null || Arrays.compareUnsigned(key, end) < 0;
    }

    /**
     * @param key an index key; not null
     * @return whether the key lies at or after the start of the range
     */
    public boolean afterStart(byte[] key) {
        return start == null || Arrays.compareUnsigned(key, start) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange other && Arrays.equals(start, other.start) && Arrays.equals(end, other.end);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + (start == null ? "MIN" : HexFormat.of().formatHex(start)) + ", "
                + (end == null ? "MAX" : HexFormat.of().formatHex(end)) + ")";
    }
}
