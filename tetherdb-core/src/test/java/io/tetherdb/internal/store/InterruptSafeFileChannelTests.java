package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel under MVStore that survives interrupts: what it repeats after an interrupt closed
 * the file (and that it takes the lock again), and what it never repeats (a real I/O failure, a
 * close on purpose). Interrupts are made deterministic by closing the current channel from an
 * interrupted thread, exactly as Java does inside an operation.
 */
class InterruptSafeFileChannelTests {

    @TempDir
    Path directory;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anOperationThatAnInterruptClosedTheFileUnderIsDoneOnAReopenedChannelThatHoldsTheLockAgain() throws Exception {
        Path file = directory.resolve("reopen.db");
        try (InterruptSafeFileChannel channel = open(InterruptSafeFilePath.wrap(file.toString()))) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false);
            assertThat(lock).isNotNull();
            channel.write(bytes("first"), 0);
            FileChannel before = channel.current();
            long reopens = InterruptSafeFileChannel.reopens();

            // what Java does when a thread is interrupted inside an operation: it closes the channel
            Thread.currentThread().interrupt();
            assertThatExceptionOfType(ClosedByInterruptException.class).isThrownBy(before::size);
            assertThat(before.isOpen()).isFalse();

            // the caller is still interrupted; its write reaches the file all the same
            assertThat(channel.write(bytes("second"), 5)).isEqualTo(6);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
            channel.force(true);
            assertThat(Thread.interrupted()).isTrue();
            assertThat(InterruptSafeFileChannel.reopens()).isEqualTo(reopens + 1);
            assertThat(channel.current()).isNotSameAs(before);
            assertThat(Files.readString(file)).isEqualTo("firstsecond");

            // the lock was taken again on the new channel
            assertThat(lock.isValid()).isTrue();
            try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
                assertThatExceptionOfType(OverlappingFileLockException.class).isThrownBy(other::tryLock);
            }
            lock.release();
            assertThat(lock.isValid()).isFalse();
        }
    }

    @Test
    void anInterruptedReadRepeatsFromWhereTheBufferStood() throws Exception {
        Path file = directory.resolve("read.db");
        Files.writeString(file, "0123456789");
        try (InterruptSafeFileChannel channel = open(InterruptSafeFilePath.wrap(file.toString()))) {
            ByteBuffer buffer = ByteBuffer.allocate(6);
            buffer.put((byte) 'x');
            channel.current().close();
            assertThat(channel.read(buffer, 3)).isEqualTo(5);
            assertThat(new String(buffer.array(), StandardCharsets.US_ASCII)).isEqualTo("x34567");
        }
    }

    @Test
    void aFailedWriteOrFsyncIsThrownAndNotRepeated() throws Exception {
        Path file = directory.resolve("faulty.db");
        try (FaultyDisk disk = FaultyDisk.create();
                InterruptSafeFileChannel channel = open(InterruptSafeFilePath.wrap(disk.scheme() + ":" + file))) {
            long reopens = InterruptSafeFileChannel.reopens();
            channel.write(bytes("good"), 0);
            disk.failWrite(1);
            Thread.currentThread().interrupt();
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> channel.write(bytes("x".repeat(4096)), 4))
                    .withMessageStartingWith("Injected failure of write #2");
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
            // not repeated: the next write is the disk's third
            disk.failWrite(1);
            assertThatExceptionOfType(IOException.class)
                    .isThrownBy(() -> channel.write(bytes("y"), 4))
                    .withMessageStartingWith("Injected failure of write #3");

            disk.failForce(1);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> channel.force(true))
                    .withMessageStartingWith("Injected failure of fsync #1");
            channel.force(true);
            assertThat(InterruptSafeFileChannel.reopens()).isEqualTo(reopens);
        }
    }

    @Test
    void aChannelClosedOnPurposeStaysClosed() throws Exception {
        Path file = directory.resolve("closed.db");
        InterruptSafeFileChannel channel = open(InterruptSafeFilePath.wrap(file.toString()));
        long reopens = InterruptSafeFileChannel.reopens();
        channel.close();
        assertThatExceptionOfType(ClosedChannelException.class).isThrownBy(() -> channel.write(bytes("late"), 0));
        assertThatExceptionOfType(ClosedChannelException.class).isThrownBy(channel::size);
        assertThat(InterruptSafeFileChannel.reopens()).isEqualTo(reopens);
    }

    @Test
    void aRemovedFileIsNotCreatedAnewOnReopen() throws Exception {
        Path file = directory.resolve("removed.db");
        try (InterruptSafeFileChannel channel = open(InterruptSafeFilePath.wrap(file.toString()))) {
            channel.write(bytes("data"), 0);
            channel.current().close();
            Files.delete(file);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> channel.write(bytes("more"), 4))
                    .withMessageContaining("was removed while the store had it open");
            assertThat(file).doesNotExist();
        }
    }

    private static InterruptSafeFileChannel open(String fileName) throws IOException {
        return (InterruptSafeFileChannel) FilePath.get(fileName).open("rw");
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
