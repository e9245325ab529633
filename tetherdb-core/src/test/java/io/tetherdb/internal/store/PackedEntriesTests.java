package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.tetherdb.internal.index.IndexKeyEncoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackedEntriesTests {

    private static List<byte[]> sortedThroughPackedEntries(List<byte[]> keys, int idLength) {
        PackedEntries entries = new PackedEntries(0);
        for (byte[] key : keys) {
            entries.add(key, idLength);
        }
        entries.sort();
        List<byte[]> sorted = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            IndexKeySorter.Entry entry = entries.get(i);
            assertThat(entry.idLength()).isEqualTo(idLength);
            sorted.add(entry.key());
        }
        return sorted;
    }

    private static void assertSortsAsUnsignedBytes(List<byte[]> keys, int idLength) {
        List<byte[]> expected = new ArrayList<>(keys);
        expected.sort(Arrays::compareUnsigned);
        List<byte[]> sorted = sortedThroughPackedEntries(keys, idLength);
        assertThat(sorted).hasSameSizeAs(expected);
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).as("entry %d", i).isEqualTo(expected.get(i));
        }
    }

    /** Keys of 0 to 40 bytes over a small alphabet (0, 1, 0xFF, 0x80), so that prefixes and padding collide. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 23, 24, 25, 1_000, 20_000})
    void sortsKeysOfEveryLengthAsTheirUnsignedBytesOrder(int count) {
        Random random = new Random(count);
        byte[] alphabet = {0, 1, (byte) 0xFF, (byte) 0x80};
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[random.nextInt(41)];
            for (int k = 0; k < key.length; k++) {
                key[k] = alphabet[random.nextInt(alphabet.length)];
            }
            keys.add(key);
        }
        assertSortsAsUnsignedBytes(keys, 0);
    }

    /** Enough entries for the halves to be sorted in parallel (from 131,072), with the harness's key shape. */
    @Test
    void aSortLargeEnoughToRunInParallelStillOrdersEveryEntry() {
        Random random = new Random(5);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            byte[] id = String.format("%09d", random.nextInt(1_000_000)).getBytes();
            keys.add(IndexMap.entryKey(IndexKeyEncoder.encode(random.nextInt(80)), id));
        }
        assertSortsAsUnsignedBytes(keys, 9);
    }

    @Test
    void aKeyOrdersBeforeItsExtensionsEvenWhenTheyAddOnlyZeros() {
        List<byte[]> keys = List.of(new byte[] {5, 0, 0}, new byte[] {5}, new byte[] {5, 0}, new byte[0],
                new byte[17], new byte[16], new byte[] {4, (byte) 0xFF});
        assertSortsAsUnsignedBytes(keys, 0);
    }

    @Test
    void keysThatAgreeInTheirFirstSixteenBytesAreOrderedByTheRest() {
        Random random = new Random(3);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] key = new byte[16 + random.nextInt(8)];
            Arrays.fill(key, 0, 16, (byte) 0x7F);
            for (int k = 16; k < key.length; k++) {
                key[k] = (byte) random.nextInt(256);
            }
            keys.add(key);
        }
        assertSortsAsUnsignedBytes(keys, 4);
    }

    @Test
    void sortedReversedAndEqualRunsAllComeOutInOrder() {
        List<byte[]> ascending = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ascending.add(String.format("key-%06d", i).getBytes());
        }
        assertSortsAsUnsignedBytes(ascending, 6);
        List<byte[]> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        assertSortsAsUnsignedBytes(descending, 6);
        assertSortsAsUnsignedBytes(Collections.nCopies(3_000, "same".getBytes()), 2);
    }

    @Test
    void keysLargerThanABlockGetBlocksOfTheirOwn() {
        Random random = new Random(11);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] key = new byte[i % 4 == 0 ? PackedEntries.BLOCK_SIZE + random.nextInt(1_000) : 100_000];
            random.nextBytes(key);
            keys.add(key);
        }
        assertSortsAsUnsignedBytes(keys, 9);
    }

    @Test
    void clearDropsEveryEntry() {
        PackedEntries entries = new PackedEntries(0);
        entries.add(new byte[] {1, 2, 3}, 1);
        entries.clear();
        assertThat(entries.size()).isZero();
        entries.add(new byte[] {9}, 1);
        entries.sort();
        assertThat(entries.get(0).key()).containsExactly(9);
    }
}
