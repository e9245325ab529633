package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;

/**
 * A file channel that outlives interrupts of the threads that use it: MVStore reads, writes and
 * syncs the store file on its callers' threads, and Java closes a {@code FileChannel} (releasing
 * its file lock) when such a thread is interrupted inside an operation or enters one with its
 * interrupt flag set.
 * <ul>
 * <li>Each operation runs with the caller's interrupt flag cleared, and sets it again afterwards:
 *     a caller that was interrupted before it called TetherDB never reaches the channel with it,
 *     and keeps it for its own code.</li>
 * <li>An operation that fails because the channel was closed under it
 *     ({@code ClosedByInterruptException} when this thread was interrupted meanwhile,
 *     {@code AsynchronousCloseException} or {@code ClosedChannelException} when another thread's
 *     interrupt closed it) reopens the file, takes the file lock again if one was held, and repeats
 *     the operation. Every operation repeats safely: reads and truncates, and positional writes,
 *     which write the same bytes at the same place again over whatever part of them the first
 *     attempt wrote; for {@code force} see there.</li>
 * <li>Every other {@code IOException} is thrown as it is, never retried: a failed write or fsync
 *     stays fatal for the store (see {@code Committer.syncFile}).</li>
 * </ul>
 * Closing any channel of a file drops the process's lock on it (POSIX record locks), so the file
 * is unlocked from the interrupt until the reopen, which the interrupted operation does at once. If
 * another process took the lock in that moment, the reopen fails with an {@code IOException} and
 * the store fails, as it must: the file is no longer ours alone.
 *
 * <p>Thread-safe: positional operations run concurrently, as on a plain {@code FileChannel};
 * replacing the channel is serialized.
 */
final class InterruptSafeFileChannel extends FileBase {

    /** Reopens since the class was loaded, across all channels: tests check that interrupts hit the I/O. */
    private static final AtomicLong REOPENS = new AtomicLong();

    private final FilePath file;
    private final String mode;
    /** Serializes replacing {@link #channel} and the lock held through it. */
    private final Object reopenLock = new Object();
    /** The open channel of the file; replaced under {@link #reopenLock} after an interrupt closed it. */
    private volatile FileChannel channel;
    /** The lock taken through this channel and not released, or null; guarded by {@link #reopenLock}. */
    private HeldLock heldLock;
    /** Position of the relative reads and writes, which MVStore does not use; guarded by this. */
    private long position;

    private InterruptSafeFileChannel(FilePath file, String mode, FileChannel channel) {
        this.file = file;
        this.mode = mode;
        this.channel = channel;
    }

    static InterruptSafeFileChannel open(FilePath file, String mode) throws IOException {
        return new InterruptSafeFileChannel(file, mode, file.open(mode));
    }

    /** @return how often any channel of this class was reopened after an interrupt closed it */
    static long reopens() {
        return REOPENS.get();
    }

    /** @return the channel operations go to now; for tests, which close it as an interrupt would */
    FileChannel current() {
        return channel;
    }

    /** One attempt of an operation on the current channel. */
    @FunctionalInterface
    private interface Operation<T> {
        T apply(FileChannel channel) throws IOException;
    }

    private <T> T run(Operation<T> operation) throws IOException {
        // with its interrupt flag set, a thread closes the channel as it enters the operation
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                FileChannel current = channel;
                try {
                    return operation.apply(current);
                } catch (ClosedChannelException e) {
                    // an interrupt of this thread (ClosedByInterruptException) or of another one
                    // (AsynchronousCloseException, ClosedChannelException) closed it, unless we were closed
                    interrupted |= Thread.interrupted();
                    interrupted |= reopen(current, e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Replaces the failed channel with a new one on the same file, unless another thread did already.
     *
     * @return whether this thread was interrupted while it reopened
     * @throws ClosedChannelException the cause, if this channel was closed on purpose
     * @throws IOException if the file cannot be reopened or locked again
     */
    private boolean reopen(FileChannel failed, ClosedChannelException cause) throws IOException {
        boolean interrupted = false;
        synchronized (reopenLock) {
            while (true) {
                if (!isOpen()) {
                    throw cause;
                }
                if (channel != failed) {
                    return interrupted;
                }
                closeQuietly(failed);
                FileChannel reopened = null;
                try {
                    // opening for writing would create a removed file anew, and the store's chunks
                    // would then be written into an empty file
                    if (!file.exists()) {
                        throw new IOException(file + " was removed while the store had it open", cause);
                    }
                    reopened = file.open(mode);
                    if (heldLock != null) {
                        heldLock.takeAgain(reopened, cause);
                    }
                    channel = reopened;
                    REOPENS.incrementAndGet();
                    return interrupted;
                } catch (ClosedChannelException e) {
                    // interrupted again while taking the lock on the new channel: try once more
                    closeQuietly(reopened);
                    interrupted |= Thread.interrupted();
                } catch (IOException | RuntimeException e) {
                    closeQuietly(reopened);
                    throw e;
                }
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // a channel that an interrupt closed has nothing left to close
            }
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        int start = dst.position();
        return run(c -> {
            dst.position(start);
            return c.read(dst, position);
        });
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int start = src.position();
        // an interrupted attempt may have written part of the bytes: the next one writes them all
        // again at the same place, which leaves the file as one whole write would
        return run(c -> {
            src.position(start);
            return c.write(src, position);
        });
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int read = read(dst, position);
        if (read > 0) {
            position += read;
        }
        return read;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        int written = write(src, position);
        position += written;
        return written;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return run(FileChannel::size);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        run(c -> c.truncate(size));
        synchronized (this) {
            position = Math.min(position, size);
        }
        return this;
    }

    /**
     * Forces the file to the disk. When an interrupt closed the channel before or during the
     * fsync, it is repeated on the reopened channel, and that covers everything written before:
     * {@code FileChannel} writes go straight to the operating system (there is no buffer in the
     * JVM), so every byte written through the old channel is in the kernel's page cache of the
     * file, not of the channel, and an fsync writes back all of a file's dirty pages, whichever
     * descriptor it is called on (POSIX {@code fsync}; Linux's {@code fsync(2)} on an inode).
     * An fsync that failed with an {@code IOException} of its own is not repeated: after a write
     * error the kernel may have marked the lost pages clean, so a second fsync would succeed over
     * lost data. The one case this cannot see is an fsync error in the very call an interrupt
     * closed, since Java then throws {@code ClosedByInterruptException} instead of the error.
     */
    @Override
    public void force(boolean metaData) throws IOException {
        run(c -> {
            c.force(metaData);
            return null;
        });
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        synchronized (reopenLock) {
            if (heldLock != null) {
                throw new OverlappingFileLockException();
            }
            FileLock lock = run(c -> c.tryLock(position, size, shared));
            if (lock == null) {
                return null;
            }
            heldLock = new HeldLock(lock);
            return heldLock;
        }
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        synchronized (reopenLock) {
            if (heldLock != null) {
                throw new OverlappingFileLockException();
            }
            heldLock = new HeldLock(run(c -> c.lock(position, size, shared)));
            return heldLock;
        }
    }

    @Override
    protected void implCloseChannel() throws IOException {
        synchronized (reopenLock) {
            heldLock = null;
            channel.close();
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }

    /**
     * The lock MVStore holds on the file, kept across reopens: the lock of the current channel
     * stands behind it. Thread-safe under {@link #reopenLock}.
     */
    private final class HeldLock extends FileLock {

        private FileLock current;

        HeldLock(FileLock current) {
            super(InterruptSafeFileChannel.this, current.position(), current.size(), current.isShared());
            this.current = current;
        }

        void takeAgain(FileChannel reopened, ClosedChannelException cause) throws IOException {
            FileLock lock;
            try {
                lock = reopened.tryLock(position(), size(), isShared());
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("The lock on " + file + " was released when an interrupt closed the file,"
                        + " and another process has locked the file since", cause);
            }
            current = lock;
        }

        @Override
        public boolean isValid() {
            synchronized (reopenLock) {
                return heldLock == this && InterruptSafeFileChannel.this.isOpen();
            }
        }

        @Override
        public void release() throws IOException {
            synchronized (reopenLock) {
                if (heldLock != this) {
                    return;
                }
                heldLock = null;
                try {
                    current.release();
                } catch (ClosedChannelException e) {
                    // an interrupt closed its channel, and with it released the lock
                }
            }
        }
    }
}
