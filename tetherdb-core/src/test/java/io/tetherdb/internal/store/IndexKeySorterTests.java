package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.junit.jupiter.api.Test;

/**
 * The sorter of an index build hands back every entry in unsigned key order, from memory when
 * they fit the budget and merged from sorted runs in scratch maps when they do not, and removes
 * the scratch maps afterwards, also when the receiver fails.
 */
class IndexKeySorterTests {

    private final MVStore store = MVStore.open(null);
    private final List<String> opened = new ArrayList<>();
    private int written;

    private final IndexKeySorter.RunMaps runMaps = new IndexKeySorter.RunMaps() {
        @Override
        public MVMap<byte[], byte[]> open(int run) {
            opened.add("run" + run);
            return store.openMap("run" + run, new MVMap.Builder<byte[], byte[]>()
                    .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        }

        @Override
        public void entryWritten() {
            written++;
        }

        @Override
        public void discard(MVMap<byte[], byte[]> run) {
            store.removeMap(run);
        }
    };

    @Test
    void entriesComeBackInKeyOrderFromMemoryOrFromSortedRuns() {
        for (long budget : new long[] {1 << 30, 4_000}) {
            opened.clear();
            IndexKeySorter sorter = new IndexKeySorter(budget, runMaps);
            Random random = new Random(7);
            List<byte[]> expected = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                byte[] prefix = {(byte) random.nextInt(256), (byte) random.nextInt(3)};
                byte[] id = ("doc" + i).getBytes(StandardCharsets.UTF_8);
                byte[] key = IndexMap.entryKey(prefix, id);
                expected.add(key);
                sorter.add(key, id.length);
            }
            expected.sort(Arrays::compareUnsigned);
            List<byte[]> keys = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            sorter.drainTo(entry -> {
                keys.add(entry.key());
                ids.add(IndexMap.id(entry.id()));
            });

            assertThat(keys).as("budget %d", budget).hasSize(2_000);
            for (int i = 0; i < keys.size(); i++) {
                assertThat(keys.get(i)).isEqualTo(expected.get(i));
                assertThat(new String(keys.get(i), StandardCharsets.UTF_8)).endsWith(ids.get(i));
            }
            if (budget > 1_000_000) {
                assertThat(opened).as("runs").isEmpty();
            } else {
                assertThat(opened).as("runs").hasSizeGreaterThan(10);
            }
            assertThat(store.getMapNames()).noneMatch(name -> name.startsWith("run"));
        }
        assertThat(written).as("entries written to runs").isEqualTo(2_000);
    }

    @Test
    void theScratchMapsAreRemovedWhenTheReceiverFails() {
        IndexKeySorter sorter = new IndexKeySorter(1_000, runMaps);
        for (int i = 0; i < 100; i++) {
            sorter.add(new byte[] {(byte) i, 'x'}, 1);
        }

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> sorter.drainTo(entry -> {
                    throw new IllegalStateException("refused");
                })).withMessage("refused");
        assertThat(opened).isNotEmpty();
        assertThat(store.getMapNames()).noneMatch(name -> name.startsWith("run"));
    }

    @Test
    void theBudgetIsAnEighthOfTheHeapWithinBounds() {
        assertThat(IndexKeySorter.budgetFor(64L << 20)).isEqualTo(8L << 20);
        assertThat(IndexKeySorter.budgetFor(16L << 20)).isEqualTo(4L << 20);
        assertThat(IndexKeySorter.budgetFor(64L << 30)).isEqualTo(256L << 20);
    }
}
