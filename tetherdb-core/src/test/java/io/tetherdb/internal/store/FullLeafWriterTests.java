package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.h2.mvstore.type.ByteArrayDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order in which an index build puts its sorted entries gives the map exactly those entries,
 * for any count, in leaves that are full where putting them in key order leaves them half full.
 */
class FullLeafWriterTests {

    @TempDir
    Path directory;

    private static List<IndexKeySorter.Entry> entries(int count, int padding) {
        List<IndexKeySorter.Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] id = String.format("d%07d", i).getBytes(StandardCharsets.UTF_8);
            entries.add(new IndexKeySorter.Entry(IndexMap.entryKey(new byte[padding], id), id.length));
        }
        return entries;
    }

    private MVMap<byte[], byte[]> write(MVStore store, String name, List<IndexKeySorter.Entry> entries,
            boolean fullLeaves) {
        MVMap<byte[], byte[]> map = store.openMap(name, new MVMap.Builder<byte[], byte[]>()
                .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        int[] written = {0};
        FullLeafWriter writer = new FullLeafWriter(map, () -> {
            if (++written[0] % 1_000 == 0) {
                store.commit();
            }
        });
        for (IndexKeySorter.Entry entry : entries) {
            if (fullLeaves) {
                writer.put(entry);
            } else {
                map.put(entry.key(), entry.id());
            }
        }
        writer.finish();
        store.commit();
        assertThat(written[0]).isEqualTo(fullLeaves ? entries.size() : 0);
        return map;
    }

    private static long[] leavesAndKeys(Page<byte[], byte[]> page) {
        if (page.isLeaf()) {
            return new long[] {1, page.getKeyCount()};
        }
        long[] total = {0, 0};
        for (int i = 0; i < page.getRawChildPageCount(); i++) {
            long[] child = leavesAndKeys(page.getChildPage(i));
            total[0] += child[0];
            total[1] += child[1];
        }
        return total;
    }

    @Test
    void everyEntryArrivesForAnyCount() {
        try (MVStore store = MVStore.open(directory.resolve("counts.mv").toString())) {
            for (int count : new int[] {0, 1, 2, 47, 48, 49, 95, 96, 97, 143, 144, 145, 1_000, 4_801}) {
                List<IndexKeySorter.Entry> entries = entries(count, 3);
                MVMap<byte[], byte[]> map = write(store, "map" + count, entries, true);

                assertThat(map.sizeAsLong()).as("count %d", count).isEqualTo(count);
                List<byte[]> keys = new ArrayList<>();
                for (Map.Entry<byte[], byte[]> entry : map.entrySet()) {
                    keys.add(entry.getKey());
                }
                for (int i = 0; i < count; i++) {
                    assertThat(keys.get(i)).isEqualTo(entries.get(i).key());
                    assertThat(map.get(entries.get(i).key())).isEqualTo(entries.get(i).id());
                }
            }
        }
    }

    @Test
    void leavesAreFullWherePutsInKeyOrderLeaveThemHalfFull() {
        try (MVStore store = MVStore.open(directory.resolve("fill.mv").toString())) {
            int keysPerPage = store.getKeysPerPage();
            List<IndexKeySorter.Entry> entries = entries(100_000, 8);

            long[] inOrder = leavesAndKeys(write(store, "inOrder", entries, false).getRootPage());
            long[] filled = leavesAndKeys(write(store, "filled", entries, true).getRootPage());

            assertThat(inOrder[1]).isEqualTo(filled[1]).isEqualTo(100_000);
            assertThat((double) inOrder[1] / inOrder[0]).isLessThan(keysPerPage * 0.6);
            assertThat((double) filled[1] / filled[0]).isGreaterThan(keysPerPage * 0.95);
        }
    }

    @Test
    void leavesThatOutgrowThePageSizeStillHoldEveryEntry() {
        // 1,000-byte keys: a page of 4 KB splits by size long before keysPerPage
        try (MVStore store = new MVStore.Builder().fileName(directory.resolve("large.mv").toString())
                .pageSplitSize(4 * 1024).open()) {
            List<IndexKeySorter.Entry> entries = entries(5_000, 1_000);

            MVMap<byte[], byte[]> map = write(store, "large", entries, true);

            assertThat(map.sizeAsLong()).isEqualTo(5_000);
            assertThat(map.firstKey()).isEqualTo(entries.get(0).key());
            assertThat(map.lastKey()).isEqualTo(entries.get(4_999).key());
            assertThat(map.keySet()).hasSize(5_000);
        }
    }
}
