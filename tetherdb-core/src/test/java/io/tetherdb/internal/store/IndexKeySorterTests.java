package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sorter of an index build hands back every entry in unsigned key order, from memory when
 * they fit the budget and merged from sorted run files when they do not (in passes when there are
 * many), encrypts the runs of an encrypted store, and deletes the files afterwards, also when the
 * receiver fails or the build gives up before the merge.
 */
class IndexKeySorterTests {

    @TempDir
    Path directory;

    private IndexKeySorter.RunFiles runFiles(boolean encrypted) {
        return IndexKeySorter.RunFiles.beside(directory.resolve("store.db"), encrypted);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    /** Adds {@code count} entries with random prefixes and ids "doc0".."docN"; returns their keys sorted. */
    private static List<byte[]> addRandom(IndexKeySorter sorter, int count, int prefixLength) {
        Random random = new Random(7);
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] prefix = new byte[prefixLength];
            random.nextBytes(prefix);
            prefix[0] = (byte) random.nextInt(3);
            byte[] id = ("doc" + i).getBytes(StandardCharsets.UTF_8);
            byte[] key = IndexMap.entryKey(prefix, id);
            expected.add(key);
            sorter.add(key, id.length);
        }
        expected.sort(Arrays::compareUnsigned);
        return expected;
    }

    private static void assertDrainsInOrder(IndexKeySorter sorter, List<byte[]> expected) {
        List<byte[]> keys = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        sorter.drainTo(entry -> {
            keys.add(entry.key());
            ids.add(IndexMap.id(entry.id()));
        });
        assertThat(keys).hasSameSizeAs(expected);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(keys.get(i)).isEqualTo(expected.get(i));
            assertThat(new String(keys.get(i), StandardCharsets.UTF_8)).endsWith(ids.get(i));
        }
    }

    @Test
    void entriesComeBackInKeyOrderFromMemoryOrFromSortedRuns() throws IOException {
        for (boolean encrypted : new boolean[] {false, true}) {
            for (long budget : new long[] {1 << 30, 4_000}) {
                IndexKeySorter sorter = new IndexKeySorter(budget, runFiles(encrypted));
                List<byte[]> expected = addRandom(sorter, 2_000, 2);

                assertDrainsInOrder(sorter, expected);

                if (budget > 1_000_000) {
                    assertThat(sorter.runsWritten()).as("runs").isZero();
                } else {
                    assertThat(sorter.runsWritten()).as("runs").isGreaterThan(10);
                }
                assertThat(files()).as("files left").isEmpty();
            }
        }
    }

    @Test
    void manyRunsAreMergedInPasses() throws IOException {
        IndexKeySorter sorter = new IndexKeySorter(600, runFiles(true));
        // keys longer than a file buffer cross buffer boundaries when written and read back
        List<byte[]> expected = addRandom(sorter, 2_000, 5);
        byte[] longKey = IndexMap.entryKey(new byte[100_000], "long".getBytes(StandardCharsets.UTF_8));
        sorter.add(longKey, 4);
        expected.add(0, longKey);
        expected.sort(Arrays::compareUnsigned);
        int spilled = sorter.runsWritten();
        assertThat(spilled).isGreaterThan(IndexKeySorter.MAX_MERGE_WIDTH * 2);

        assertDrainsInOrder(sorter, expected);

        assertThat(sorter.runsWritten()).as("runs with the merge passes' own").isGreaterThan(spilled);
        assertThat(files()).isEmpty();
    }

    @Test
    void theRunFilesAreDeletedWhenTheReceiverFails() throws IOException {
        IndexKeySorter sorter = new IndexKeySorter(1_000, runFiles(false));
        for (int i = 0; i < 100; i++) {
            sorter.add(new byte[] {(byte) i, 'x'}, 1);
        }
        assertThat(files()).isNotEmpty().allMatch(name -> name.startsWith("store.db.index-build-")
                && name.endsWith(".tmp"));

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> sorter.drainTo(entry -> {
                    throw new IllegalStateException("refused");
                })).withMessage("refused");
        assertThat(files()).isEmpty();
    }

    @Test
    void closingBeforeTheMergeDeletesTheRunFiles() throws IOException {
        try (IndexKeySorter sorter = new IndexKeySorter(1_000, runFiles(true))) {
            addRandom(sorter, 200, 3);
            assertThat(files()).isNotEmpty();
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void theRunsOfAnEncryptedStoreHoldNoKeyInPlainText() throws IOException {
        byte[] secret = "secret-value-".getBytes(StandardCharsets.UTF_8);
        for (boolean encrypted : new boolean[] {false, true}) {
            IndexKeySorter sorter = new IndexKeySorter(2_000, runFiles(encrypted));
            for (int i = 0; i < 200; i++) {
                byte[] id = ("doc" + i).getBytes(StandardCharsets.UTF_8);
                sorter.add(IndexMap.entryKey(secret, id), id.length);
            }
            List<Boolean> plainText = new ArrayList<>();
            sorter.drainTo(entry -> {
                if (plainText.isEmpty()) {
                    plainText.add(runsContain(secret));
                }
            });
            assertThat(plainText).as("encrypted %s", encrypted).containsExactly(!encrypted);
        }
    }

    private boolean runsContain(byte[] text) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> runs = files.toList();
            assertThat(runs).isNotEmpty();
            for (Path run : runs) {
                String content = new String(Files.readAllBytes(run), StandardCharsets.ISO_8859_1);
                if (content.contains(new String(text, StandardCharsets.ISO_8859_1))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void leftoverRunsOfTheStoreAreRemovedAndOtherFilesKept() throws IOException {
        Files.writeString(directory.resolve("store.db.index-build-123.tmp"), "left over");
        Files.writeString(directory.resolve("store.db.index-build-456.tmp"), "left over");
        Files.writeString(directory.resolve("other.db.index-build-789.tmp"), "another store's");
        Files.writeString(directory.resolve("store.db"), "the store");

        assertThat(IndexKeySorter.removeLeftoverRuns(directory.resolve("store.db"))).isEqualTo(2);

        assertThat(files()).containsExactlyInAnyOrder("other.db.index-build-789.tmp", "store.db");
    }

    @Test
    void theBudgetIsAnEighthOfTheHeapWithinBoundsAndCountsKeysByTheirLength() {
        assertThat(IndexKeySorter.budgetFor(64L << 20)).isEqualTo(8L << 20);
        assertThat(IndexKeySorter.budgetFor(16L << 20)).isEqualTo(4L << 20);
        assertThat(IndexKeySorter.budgetFor(64L << 30)).isEqualTo(256L << 20);
        assertThat(IndexKeySorter.entryCost(9) - IndexKeySorter.entryCost(8)).isEqualTo(1);
        assertThat(IndexKeySorter.entryCost(0)).isEqualTo(PackedEntries.ENTRY_OVERHEAD);
    }
}
