package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.h2.store.fs.FilePath;

/**
 * A simulated disk under one store file, for power-loss and I/O-fault tests. MVStore reaches the
 * file through {@link FaultyFilePath} (an H2 {@code FilePathWrapper} registered under this disk's
 * own scheme while the disk is open), so every write, truncate and fsync of the real
 * {@code SingleFileStore} passes through here. The disk
 * <ul>
 * <li>records them in a journal, and from it rebuilds the file as a disk could hold it after a
 *     power loss at any moment ({@link #imageAt}): everything before the last successful fsync
 *     kept, each later write kept, dropped or torn (in 512-byte sectors) as a {@link Loss} says;</li>
 * <li>fails the n-th write, fsync or open from now with an {@link IOException}
 *     ({@link #failWrite}, {@link #failForce}, {@link #failOpen}); a failed write leaves the first
 *     half of its 512-byte sectors in the file, as a device that gave up part-way would.</li>
 * </ul>
 * The real file always holds every write that succeeded, as the operating system's cache would:
 * reopening it without the disk models a process crash; an image from {@link #imageAt} models a
 * power loss. Fsyncs are recorded but not passed on, since the journal, not the device, decides
 * what survives.
 *
 * <p>Its methods use no H2 type, so tests in any package may use it. Thread-safe: the store's
 * maintenance thread writes through it too.
 */
public final class FaultyDisk implements AutoCloseable {

    /** Size of the unit a disk writes atomically, at best. */
    public static final int SECTOR = 512;

    private static final AtomicInteger SCHEMES = new AtomicInteger();

    /** What a power loss does to the writes made since the last successful fsync. */
    public enum Loss {
        /** Every write reached the disk: what a process crash (kill -9) leaves. */
        KEEP_ALL,
        /** No write since the last fsync reached the disk. */
        DROP_UNSYNCED,
        /** The writes since the last fsync reached the disk in order, up to a random one. */
        KEEP_PREFIX,
        /**
         * A random subset of the writes since the last fsync reached the disk, in any order; the file
         * may have grown over a dropped write, which then reads as zeros.
         */
        RANDOM_SUBSET,
        /**
         * A random prefix of the writes since the last fsync reached the disk, and the write after it
         * only in part: its first few 512-byte sectors (a random number of them, maybe none).
         */
        TEAR_LAST,
        /**
         * Like {@link #TEAR_LAST}, but the torn write keeps a random subset of its sectors, not
         * necessarily the first ones: a device that reorders the sectors of one request. MVStore
         * 2.4.240 checksums a chunk's header and footer but not its pages, so it may take such a
         * chunk for whole if its first and last sectors arrived.
         */
        TEAR_SCATTERED
    }

    private sealed interface Op permits Write, Truncate, Force {
        /** @return the index of the file the operation went to (0: the first opened, the store file) */
        int file();
    }

    private record Write(int file, long position, byte[] data) implements Op {
    }

    private record Truncate(int file, long size) implements Op {
    }

    private record Force(int file) implements Op {
    }

    private final String scheme = "fault" + SCHEMES.incrementAndGet();
    private final FaultyFilePath provider = FaultyFilePath.provider(this);
    private final List<Op> journal = new ArrayList<>();
    /** The files opened through the disk, the store file first (then its write-ahead log). */
    private final List<String> files = new ArrayList<>();
    /** Each file's content when it was first opened. */
    private final List<byte[]> initials = new ArrayList<>();
    /** The file each open channel writes, by its underlying channel. */
    private final Map<FileChannel, Integer> channels = new IdentityHashMap<>();
    private int writes;
    private int forces;
    private int opens;
    private int failWriteAt;
    private int failForceAt;
    private int failOpenAt;
    private boolean faultHit;
    private boolean reportsNotWritable;
    private Runnable beforeNextForce;

    private FaultyDisk() {
        FilePath.register(provider);
    }

    /** @return a new disk; close it to unregister its scheme from H2 */
    public static FaultyDisk create() {
        return new FaultyDisk();
    }

    /** @return opens a store engine whose file goes through this disk, for {@code TetherDB.open(options, opener)} */
    public Function<StoreSettings, StoreEngine> opener() {
        return options -> StoreEngine.open(options, path -> scheme + ":" + path);
    }

    String scheme() {
        return scheme;
    }

    // ---- faults

    /** @param n fail the n-th write from now (1 = the next one) */
    public synchronized void failWrite(int n) {
        failWriteAt = writes + checkPositive(n);
        faultHit = false;
    }

    /** @param n fail the n-th fsync from now (1 = the next one) */
    public synchronized void failForce(int n) {
        failForceAt = forces + checkPositive(n);
        faultHit = false;
    }

    /** @param n fail the n-th open of the file from now (1 = the next one) */
    public synchronized void failOpen(int n) {
        failOpenAt = opens + checkPositive(n);
        faultHit = false;
    }

    /**
     * Makes the file layer report the file as not writable, as a read-only mount, an access control
     * list or missing permission bits do for a process that is not root. MVStore asks the file layer
     * this ({@code FilePath.canWrite()}) before it opens an existing file, and opens it read-only,
     * without telling its caller, when the answer is no.
     */
    public synchronized void reportNotWritable() {
        reportsNotWritable = true;
    }

    synchronized boolean reportsNotWritable() {
        return reportsNotWritable;
    }

    /** Cancels every fault not yet hit. */
    public synchronized void disarm() {
        failWriteAt = 0;
        failForceAt = 0;
        failOpenAt = 0;
    }

    /** @return whether a fault armed since the last {@code failXxx} call was hit */
    public synchronized boolean faultHit() {
        return faultHit;
    }

    /** @param action runs (once, outside the disk's lock) when the next fsync starts, before it succeeds or fails */
    public synchronized void beforeNextForce(Runnable action) {
        beforeNextForce = action;
    }

    /** @return writes made through the disk so far, failed ones included */
    public synchronized int writes() {
        return writes;
    }

    /** @return fsyncs made through the disk so far, failed ones included */
    public synchronized int forces() {
        return forces;
    }

    private static int checkPositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1 but was " + n);
        }
        return n;
    }

    // ---- the journal and power loss

    /** @return the current moment: the number of writes, truncates and successful fsyncs so far */
    public synchronized int moment() {
        return journal.size();
    }

    /** @return the moments at which the file was forced to the disk (the index of each successful fsync) */
    public synchronized List<Integer> forceMoments() {
        List<Integer> moments = new ArrayList<>();
        for (int i = 0; i < journal.size(); i++) {
            if (journal.get(i) instanceof Force force && force.file() == 0) {
                moments.add(i);
            }
        }
        return moments;
    }

    /**
     * Rebuilds the file as the disk could hold it after a power loss at a moment: every operation
     * before the last successful fsync before that moment, and the later writes and truncates
     * before the moment as the loss says.
     *
     * @param moment a value of {@link #moment()}: the operations before it were issued, none after
     * @param loss what happened to the writes since the last fsync
     * @param random chooses which writes survive, for the random losses
     * @return the file's bytes
     */
    public synchronized byte[] imageAt(int moment, Loss loss, Random random) {
        return imageAt(moment, loss, random, 0);
    }

    /**
     * Rebuilds every file the disk served as a power loss at a moment could leave them (each as
     * {@link #imageAt(int, Loss, Random)} does for the store file, with its own fsyncs) and writes
     * them: the first to {@code target}, each other one beside it under its suffix after the first
     * file's name (the write-ahead log to {@code target + ".wal"}).
     *
     * @return the images' bytes, in the order of the files, for telling identical outcomes apart
     */
    public synchronized List<byte[]> writeImages(int moment, Loss loss, Random random, Path target) throws IOException {
        List<byte[]> images = new ArrayList<>();
        for (int f = 0; f < Math.max(1, files.size()); f++) {
            byte[] image = imageAt(moment, loss, random, f);
            images.add(image);
            Path out = f == 0 ? target : Path.of(target + files.get(f).substring(files.get(0).length()));
            Files.write(out, image);
        }
        return images;
    }

    private byte[] imageAt(int moment, Loss loss, Random random, int file) {
        if (moment < 0 || moment > journal.size()) {
            throw new IllegalArgumentException("moment " + moment + " is not in [0, " + journal.size() + "]");
        }
        Image image = new Image(file < initials.size() ? initials.get(file) : new byte[0]);
        List<Op> ops = new ArrayList<>();
        int synced = 0;
        for (int i = 0; i < moment; i++) {
            Op op = journal.get(i);
            if (op.file() == file) {
                ops.add(op);
                if (op instanceof Force) {
                    synced = ops.size();
                }
            }
        }
        for (int i = 0; i < synced; i++) {
            image.apply(ops.get(i));
        }
        List<Op> pending = ops.subList(synced, ops.size());
        switch (loss) {
            case KEEP_ALL -> pending.forEach(image::apply);
            case DROP_UNSYNCED -> {
                // nothing after the last fsync
            }
            case KEEP_PREFIX -> pending.subList(0, random.nextInt(pending.size() + 1)).forEach(image::apply);
            case RANDOM_SUBSET -> {
                for (Op op : pending) {
                    if (random.nextBoolean()) {
                        image.apply(op);
                    } else if (op instanceof Write write && random.nextBoolean()) {
                        image.grow(write.position() + write.data().length);
                    }
                }
            }
            case TEAR_LAST, TEAR_SCATTERED -> {
                int kept = random.nextInt(pending.size() + 1);
                pending.subList(0, kept).forEach(image::apply);
                if (kept < pending.size() && pending.get(kept) instanceof Write write) {
                    image.tear(write, loss == Loss.TEAR_LAST, random);
                }
            }
        }
        return image.bytes();
    }

    /**
     * @param position a file position
     * @return the moments of the writes that started at that position (the store header's is 0)
     */
    public synchronized List<Integer> writeMomentsAt(long position) {
        List<Integer> moments = new ArrayList<>();
        for (int i = 0; i < journal.size(); i++) {
            if (journal.get(i) instanceof Write write && write.file() == 0 && write.position() == position) {
                moments.add(i);
            }
        }
        return moments;
    }

    /** @return the moments of the truncates */
    public synchronized List<Integer> truncateMoments() {
        List<Integer> moments = new ArrayList<>();
        for (int i = 0; i < journal.size(); i++) {
            if (journal.get(i) instanceof Truncate truncate && truncate.file() == 0) {
                moments.add(i);
            }
        }
        return moments;
    }

    /**
     * @param from the first moment
     * @param to the moment after the last
     * @return the operations issued between two moments, one a line, for failure messages
     */
    public synchronized String describe(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = Math.max(0, from); i < Math.min(to, journal.size()); i++) {
            Op op = journal.get(i);
            text.append("\n  #").append(i).append(' ').append(op.file() == 0 ? "" : "(file " + op.file() + ") ");
            if (op instanceof Write write) {
                text.append("write ").append(write.data().length).append(" bytes at ").append(write.position());
            } else if (op instanceof Truncate truncate) {
                text.append("truncate to ").append(truncate.size());
            } else {
                text.append("fsync");
            }
        }
        return text.toString();
    }

    // ---- called by the channel

    synchronized FileChannel open(FilePath base, String mode) throws IOException {
        String name = base.toString();
        int index = files.indexOf(name);
        if (index < 0) {
            if (!files.isEmpty() && !name.startsWith(files.get(0))) {
                throw new IllegalStateException("A FaultyDisk serves one store's files, " + files + ", not " + base);
            }
            index = files.size();
            files.add(name);
            Path path = Path.of(name);
            initials.add(Files.exists(path) ? Files.readAllBytes(path) : new byte[0]);
        }
        opens++;
        if (opens == failOpenAt) {
            failOpenAt = 0;
            faultHit = true;
            throw new IOException("Injected failure of open #" + opens + " of " + base);
        }
        FileChannel channel = base.open(mode);
        channels.put(channel, index);
        return new FaultyFileChannel(this, channel);
    }

    synchronized int write(FileChannel file, ByteBuffer src, long position) throws IOException {
        writes++;
        byte[] data = new byte[src.remaining()];
        src.get(data);
        if (writes == failWriteAt) {
            failWriteAt = 0;
            faultHit = true;
            // a device that fails part-way has written some sectors already
            byte[] part = Arrays.copyOf(data, (data.length / SECTOR / 2) * SECTOR);
            writeFully(file, part, position);
            throw new IOException("Injected failure of write #" + writes + " (" + data.length + " bytes at "
                    + position + ", " + part.length + " written)");
        }
        writeFully(file, data, position);
        return data.length;
    }

    private void writeFully(FileChannel file, byte[] data, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
            file.write(buffer, position + buffer.position());
        }
        if (data.length > 0) {
            journal.add(new Write(channels.get(file), position, data));
        }
    }

    synchronized void truncate(FileChannel file, long size) throws IOException {
        file.truncate(size);
        journal.add(new Truncate(channels.get(file), size));
    }

    void force(FileChannel file, boolean metaData) throws IOException {
        Runnable action;
        synchronized (this) {
            action = beforeNextForce;
            beforeNextForce = null;
        }
        if (action != null) {
            action.run();
        }
        synchronized (this) {
            forces++;
            if (forces == failForceAt) {
                failForceAt = 0;
                faultHit = true;
                throw new IOException("Injected failure of fsync #" + forces);
            }
            journal.add(new Force(channels.get(file)));
        }
    }

    /** Unregisters the disk's scheme from H2. */
    @Override
    public void close() {
        FilePath.unregister(provider);
    }

    @Override
    public String toString() {
        return "FaultyDisk[" + scheme + ", " + files + ", " + journal.size() + " operations]";
    }

    /** A file's bytes being rebuilt. Not thread-safe. */
    private static final class Image {

        private byte[] bytes;
        private int length;

        Image(byte[] initial) {
            bytes = initial.clone();
            length = initial.length;
        }

        void apply(Op op) {
            if (op instanceof Write write) {
                write(write.position(), write.data(), 0, write.data().length);
            } else if (op instanceof Truncate truncate) {
                length = (int) Math.min(length, truncate.size());
            }
        }

        void write(long position, byte[] data, int from, int to) {
            grow(position + to);
            System.arraycopy(data, from, bytes, (int) position + from, to - from);
        }

        /** Extends the file to a length; new bytes are zeros. */
        void grow(long newLength) {
            if (newLength > length) {
                if (newLength > bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.max(newLength, bytes.length * 2L));
                }
                Arrays.fill(bytes, length, (int) newLength, (byte) 0);
                length = (int) newLength;
            }
        }

        /** Applies some of a write's sectors, never all: a random prefix, or a random subset. */
        void tear(Write write, boolean prefix, Random random) {
            byte[] data = write.data();
            int sectors = (data.length + SECTOR - 1) / SECTOR;
            int keep = random.nextInt(sectors);
            for (int s = 0; s < sectors; s++) {
                boolean kept = prefix ? s < keep : random.nextBoolean();
                if (kept) {
                    write(write.position(), data, s * SECTOR, Math.min(data.length, (s + 1) * SECTOR));
                }
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }
    }
}
