package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import io.tetherdb.internal.store.FaultyDisk.Loss;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated disk itself: what its power-loss images hold, and which calls its faults fail. */
class FaultyDiskTests {

    @TempDir
    Path directory;

    @Test
    void imagesKeepEverythingBeforeTheLastFsyncAndChooseAmongTheWritesAfterIt() throws IOException {
        Path file = directory.resolve("disk.bin");
        try (FaultyDisk disk = FaultyDisk.create();
                FileChannel channel = FilePath.get(disk.scheme() + ":" + file).open("rw")) {
            write(channel, 0, 1024, 1);
            channel.force(true);
            int afterFirstForce = disk.moment();
            write(channel, 512, 1024, 2);
            write(channel, 4096, 512, 3);
            channel.truncate(4096 + 512);
            int end = disk.moment();

            byte[] a = filled(1024, 1);
            byte[] ab = Arrays.copyOf(a, 1536);
            Arrays.fill(ab, 512, 1536, (byte) 2);
            byte[] abc = Arrays.copyOf(ab, 4608);
            Arrays.fill(abc, 4096, 4608, (byte) 3);

            Random random = new Random(1);
            assertThat(disk.imageAt(end, Loss.KEEP_ALL, random)).isEqualTo(Files.readAllBytes(file)).isEqualTo(abc);
            assertThat(disk.imageAt(end, Loss.DROP_UNSYNCED, random)).isEqualTo(a);
            assertThat(disk.imageAt(0, Loss.KEEP_ALL, random)).as("before the first write").isEmpty();
            assertThat(disk.imageAt(afterFirstForce - 1, Loss.DROP_UNSYNCED, random))
                    .as("a write not yet forced").isEmpty();
            assertThat(disk.imageAt(afterFirstForce - 1, Loss.KEEP_ALL, random)).isEqualTo(a);
            assertThat(disk.imageAt(afterFirstForce, Loss.DROP_UNSYNCED, random)).isEqualTo(a);

            Set<String> prefixes = new HashSet<>();
            Set<String> subsets = new HashSet<>();
            Set<String> torn = new HashSet<>();
            Set<String> scattered = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                prefixes.add(key(disk.imageAt(end, Loss.KEEP_PREFIX, random)));
                subsets.add(key(disk.imageAt(end, Loss.RANDOM_SUBSET, random)));
                torn.add(key(disk.imageAt(end, Loss.TEAR_LAST, random)));
                scattered.add(key(disk.imageAt(end, Loss.TEAR_SCATTERED, random)));
            }
            // the truncate at the end changes nothing here
            assertThat(prefixes).containsExactlyInAnyOrder(key(a), key(ab), key(abc));
            assertThat(subsets).as("subsets, some with the file grown over a dropped write")
                    .contains(key(a), key(ab), key(abc)).hasSizeGreaterThan(4);
            byte[] abHalf = a.clone();
            Arrays.fill(abHalf, 512, 1024, (byte) 2);
            byte[] abOtherHalf = ab.clone();
            Arrays.fill(abOtherHalf, 512, 1024, (byte) 1);
            assertThat(torn).as("a torn write keeps its first sectors: none or the first of B; C has one sector")
                    .containsExactlyInAnyOrder(key(a), key(abHalf), key(ab), key(abc));
            assertThat(scattered).as("a scattered tear may keep B's second sector without its first")
                    .contains(key(a), key(abHalf), key(abOtherHalf), key(ab), key(abc));
        }
    }

    @Test
    void failsTheNthWriteFsyncAndOpenOnce() throws IOException {
        Path file = directory.resolve("faults.bin");
        try (FaultyDisk disk = FaultyDisk.create()) {
            FilePath path = FilePath.get(disk.scheme() + ":" + file);
            disk.failOpen(2);
            try (FileChannel channel = path.open("rw")) {
                assertThat(disk.faultHit()).isFalse();
                assertThatExceptionOfType(IOException.class).isThrownBy(() -> path.open("rw"))
                        .withMessageContaining("Injected failure of open #2");
                assertThat(disk.faultHit()).isTrue();

                disk.failWrite(2);
                write(channel, 0, 512, 1);
                assertThatExceptionOfType(IOException.class).isThrownBy(() -> write(channel, 512, 2048, 2))
                        .withMessageContaining("Injected failure of write #2 (2048 bytes at 512, 1024 written)");
                assertThat(Files.size(file)).as("half of the failed write's sectors reached the file").isEqualTo(1536);
                write(channel, 0, 512, 3);

                disk.failForce(1);
                assertThatExceptionOfType(IOException.class).isThrownBy(() -> channel.force(true))
                        .withMessageContaining("Injected failure of fsync #1");
                channel.force(true);
                assertThat(disk.forceMoments()).hasSize(1);
                assertThat(disk.writes()).isEqualTo(3);
                assertThat(disk.forces()).isEqualTo(2);
            }
        }
    }

    @Test
    void mvStoreWritesThroughTheDiskAndReportsItsFaults() {
        Path file = directory.resolve("mv.db");
        try (FaultyDisk disk = FaultyDisk.create()) {
            MVStore store = new MVStore.Builder().fileName(disk.scheme() + ":" + file).autoCommitDisabled().open();
            try {
                MVMap<Integer, String> map = store.openMap("m");
                map.put(1, "one");
                store.commit();
                assertThat(disk.writes()).isPositive();
                disk.failForce(1);
                assertThatExceptionOfType(MVStoreException.class).isThrownBy(store::sync)
                        .withMessageContaining("Could not sync file").withRootCauseInstanceOf(IOException.class);
                disk.failWrite(1);
                map.put(2, "two");
                assertThatExceptionOfType(MVStoreException.class).isThrownBy(store::commit)
                        .withRootCauseInstanceOf(IOException.class);
                assertThat(store.isClosed()).as("MVStore closes itself after a failed chunk write").isTrue();
            } finally {
                store.closeImmediately();
            }
        }
    }

    private static void write(FileChannel channel, long position, int length, int value) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(filled(length, value));
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
    }

    private static String key(byte[] image) {
        return image.length + " bytes, hash " + Arrays.hashCode(image);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
