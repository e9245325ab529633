package io.tetherdb.internal.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.h2.mvstore.MVMap;
import org.h2.store.fs.FilePath;

/**
 * The store's write-ahead log, {@code FILE.wal} beside the store file: every write operation's map
 * changes, appended when the operation completes, so that MVStore needs to commit (and rewrite the
 * pages it touched) only now and then, at a checkpoint, while each write is kept by a short append.
 * <p>
 * The file is one <em>generation</em>: a header naming it (a random number that the checkpoint
 * which began it recorded in the store's metadata) followed by records. A record is one operation:
 * {@code int length, check, body}; the body holds the generation again, the record's number in
 * it (1, 2, ...), the change sequence after the operation, and the operation's changes to the maps
 * in order, each a put of a key to a value or a removal of a key. Replaying the records of the
 * generation the file's metadata names, in order, onto the maps of that checkpoint gives the maps
 * as the last record left them; replaying them onto maps that already hold some of them (an
 * MVStore commit between checkpoints) gives the same, since every change sets a key to a value or
 * removes it. Recovery stops at the first record that is cut short, fails its checksum, belongs to
 * another generation or does not follow the one before: what follows was never acknowledged as
 * durable (see {@link Committer}).
 * <p>
 * The file is allocated ahead with zeros in {@value #ALLOCATION_STEP}-byte steps and reused from
 * the start by the next generation (cut back only when it grew past 64 MiB), so that appending and
 * forcing a record changes no file size; recovery stops at the zeros, or at a record of the
 * generation before.
 * <p>
 * A record's check is the CRC32C of its body in a plain store's log. An encrypted store's log is
 * encrypted with AES-256/CTR under a key derived from the store's key, with a random IV per
 * generation in the header (the header itself, magic, generation and IV, is plain), and a record's
 * check is HMAC-SHA256 of its body, cut to 16 bytes, under a key derived from the log's: CTR lets
 * whoever can write the file flip chosen bits of the plaintext, and a CRC can be recomputed, so
 * without a keyed check an altered record would be replayed into the store.
 * <p>
 * Not thread-safe: every method but {@link #force} runs under the store's write lock; {@link #force}
 * may run outside it, concurrently with appends.
 */
final class RedoLog implements AutoCloseable {

    /** Suffix of the log file's name after the store file's. */
    static final String SUFFIX = ".wal";
    /** Metadata key of the generation the log's records continue from the committed maps. */
    static final String GENERATION_KEY = "wal.generation";

    private static final long MAGIC = 0x5444_4257_414c_0001L;
    private static final int HEADER_BYTES = 32;
    /**
     * The file is allocated ahead of the records in steps of this size, with zeros, and kept at its
     * size when a new generation begins, so that forcing an append to the disk updates no file
     * size (an fdatasync then writes the data alone).
     */
    static final int ALLOCATION_STEP = 1 << 20;
    /** A file allocated beyond this is cut back when a new generation begins. */
    private static final long MAX_KEPT_ALLOCATION = 64L << 20;
    private static final byte[] ZEROS = new byte[64 * 1024];
    private static final int MAX_RECORD_BYTES = Integer.MAX_VALUE - 64;
    private static final byte DEFINE = 1;
    private static final byte PUT = 2;
    private static final byte REMOVE = 3;
    private static final byte STRING = 0;
    private static final byte BYTES = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The log file, for messages. */
    private final Path file;
    private final FileChannel channel;
    /** The AES key of an encrypted store's log, or null. */
    private final SecretKeySpec key;
    private Cipher cipher;
    private long generation;
    private long recordNumber;
    /** The numbers the maps have in this generation's records. */
    private final Map<MVMap<?, ?>, Integer> mapIds = new IdentityHashMap<>();
    /** Records appended and not yet written to the file. */
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    /** Bytes of records written to the file in this generation. */
    private long written;
    /** Bytes after the header that the file holds (records, zeros, an older generation's records). */
    private long allocated;
    /** Writes to the file so far; incremented under the write lock. */
    private volatile long writes;
    /** The value of {@link #writes} before the last successful force: every write up to it is on the disk. */
    private final java.util.concurrent.atomic.AtomicLong forcedWrites = new java.util.concurrent.atomic.AtomicLong();
    /** System.nanoTime() of a write made when every earlier one was forced; meaningful while some are not. */
    private volatile long unforcedSince;
    private final RecordCheck check;

    private RedoLog(Path file, FileChannel channel, SecretKeySpec key) {
        this.file = file;
        this.channel = channel;
        this.key = key;
        this.check = new RecordCheck(key);
    }

    /** @return the log file of a store file */
    static Path fileOf(Path storeFile) {
        return Path.of(storeFile + SUFFIX);
    }

    /**
     * Opens (creating) the log of a store and begins a generation in it, discarding what the file
     * held; call only once the store's metadata names {@code generation} in a commit on the disk.
     *
     * @param fileName the log's H2 file name (through the interrupt-safe wrapper, and a test's
     *        fault-injecting scheme)
     * @param key the AES key of an encrypted store's log, or null
     */
    static RedoLog create(Path storeFile, String fileName, SecretKeySpec key, long generation) {
        Path file = fileOf(storeFile);
        try {
            FileChannel channel = FilePath.get(fileName).open("rw");
            RedoLog log = new RedoLog(file, channel, key);
            try {
                log.begin(generation);
            } catch (RuntimeException e) {
                log.closeQuietly();
                throw e;
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the write-ahead log " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return a new random generation number, never 0 */
    static long newGeneration() {
        long generation;
        do {
            generation = RANDOM.nextLong();
        } while (generation == 0);
        return generation;
    }

    /**
     * Under the write lock, after a checkpoint that recorded {@code next} and is on the disk:
     * empties the file and begins the generation.
     */
    void begin(long next) {
        try {
            allocated = Math.max(0, channel.size() - HEADER_BYTES);
            if (allocated > MAX_KEPT_ALLOCATION) {
                channel.truncate(HEADER_BYTES);
                allocated = 0;
            }
            // records of the generation before stay after the header until overwritten: recovery
            // tells them by their generation (or, encrypted, by their checksum under the new IV)
            this.generation = next;
            this.recordNumber = 0;
            this.written = 0;
            mapIds.clear();
            pending.clear();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.putLong(MAGIC).putLong(next);
            byte[] iv = new byte[16];
            if (key != null) {
                RANDOM.nextBytes(iv);
                cipher = AesCtr.cipher(Cipher.ENCRYPT_MODE, key, iv, "the write-ahead log");
            }
            header.put(iv).flip();
            while (header.hasRemaining()) {
                channel.write(header, HEADER_BYTES - header.remaining());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot begin the write-ahead log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Under the write lock, once an operation completed: appends its map changes to the records
     * waiting to be written.
     *
     * @param changeSequence the change sequence after the operation
     * @param timeMillis the store clock's time of the operation
     */
    void append(Mutations mutations, long changeSequence, long timeMillis) {
        int start = pending.position();
        int body = start + 4 + check.bytes;
        int definedBefore = mapIds.size();
        int length;
        try {
            ensure(4 + check.bytes + 32);
            pending.putInt(0).position(body);
            pending.putLong(generation).putLong(recordNumber + 1).putLong(changeSequence)
                    .putLong(timeMillis);
            mutations.forEachChange(this::appendChange);
            length = pending.position() - body;
            if (length > MAX_RECORD_BYTES) {
                throw new IllegalStateException("one operation's changes exceed the write-ahead log's record size");
            }
        } catch (RuntimeException | Error e) {
            // the operation is undone: no part of its record, nor the maps it defined, may stay
            pending.position(start);
            mapIds.values().removeIf(id -> id >= definedBefore);
            throw e;
        }
        recordNumber++;
        pending.putInt(start, length);
        check.compute(pending.array(), body, length, pending.array(), start + 4);
    }

    private void appendChange(MVMap<?, ?> map, Object key, Object value) {
        Integer id = mapIds.get(map);
        if (id == null) {
            id = mapIds.size();
            mapIds.put(map, id);
            byte[] name = map.getName().getBytes(StandardCharsets.UTF_8);
            ensure(1 + 5 + 5 + name.length);
            pending.put(DEFINE);
            putVarint(id);
            putVarint(name.length);
            pending.put(name);
        }
        ensure(1 + 5);
        pending.put(value == null ? REMOVE : PUT);
        putVarint(id);
        putValue(key);
        if (value != null) {
            putValue(value);
        }
    }

    private void putValue(Object value) {
        byte[] bytes;
        byte tag;
        if (value instanceof byte[] array) {
            bytes = array;
            tag = BYTES;
        } else if (value instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            tag = STRING;
        } else {
            throw new IllegalStateException("a map change the write-ahead log cannot hold: " + value.getClass());
        }
        ensure(1 + 5 + bytes.length);
        pending.put(tag);
        putVarint(bytes.length);
        pending.put(bytes);
    }

    private void putVarint(int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            pending.put((byte) (v & 0x7f | 0x80));
            v >>>= 7;
        }
        pending.put((byte) v);
    }

    private void ensure(int extra) {
        if (pending.remaining() >= extra) {
            return;
        }
        long needed = (long) pending.position() + extra;
        long capacity = Math.max(needed, Math.min((long) pending.capacity() * 2, Integer.MAX_VALUE - 8));
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the write-ahead log's buffer cannot grow past 2 GiB");
        }
        ByteBuffer grown = ByteBuffer.allocate((int) capacity);
        pending.flip();
        grown.put(pending);
        pending = grown;
    }

    /** @return bytes of records in this generation, written or waiting */
    long size() {
        return written + pending.position();
    }

    /** @return the size of the log file: its header and the space allocated after it */
    long fileSize() {
        return HEADER_BYTES + Math.max(allocated, written);
    }

    /** @return whether records were written to the file (so a checkpoint must sync before emptying it) */
    boolean hasWritten() {
        return written > 0;
    }

    /**
     * Under the write lock: writes the waiting records to the file (to the operating system, which
     * keeps them if the process dies; {@link #force} puts them on the disk).
     */
    void writePending() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        try {
            ByteBuffer out = pending;
            if (cipher != null) {
                // CTR is a stream mode: the output continues the keystream where the last write ended
                out = ByteBuffer.wrap(cipher.update(pending.array(), 0, pending.limit()));
            }
            long position = HEADER_BYTES + written;
            int length = out.remaining();
            allocate(written + length);
            while (out.hasRemaining()) {
                position += channel.write(out, position);
            }
            written += length;
            if (forcedWrites.get() == writes) {
                unforcedSince = System.nanoTime();
            }
            writes++;
        } finally {
            pending.clear();
            if (pending.capacity() > 4 * 1024 * 1024) {
                pending = ByteBuffer.allocate(64 * 1024);
            }
        }
    }

    /**
     * Extends the file with zeros in whole steps until it holds {@code needed} bytes after the
     * header; a large write (a batch) is not worth the zeros: it extends the file itself.
     */
    private void allocate(long needed) throws IOException {
        if (needed <= allocated) {
            return;
        }
        if (needed - written >= ALLOCATION_STEP / 4) {
            allocated = needed;
            return;
        }
        long target = (needed + ALLOCATION_STEP - 1) / ALLOCATION_STEP * ALLOCATION_STEP;
        long position = HEADER_BYTES + allocated;
        long end = HEADER_BYTES + target;
        while (position < end) {
            ByteBuffer zeros = ByteBuffer.wrap(ZEROS, 0, (int) Math.min(ZEROS.length, end - position));
            position += channel.write(zeros, position);
        }
        allocated = target;
    }

    /**
     * @return System.nanoTime() when the oldest write not yet forced to the disk was made (or an
     *         earlier time), or 0 when every write was forced
     */
    long unsyncedSince() {
        return forcedWrites.get() == writes ? 0 : unforcedSince;
    }

    /** Forces what was written to the disk; may run outside the write lock. */
    void force() throws IOException {
        long before = writes;
        channel.force(false);
        forcedWrites.accumulateAndGet(before, Math::max);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Closes the file, ignoring failures (the store is failing or closing without writing). */
    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the store is closing without writing; nothing more can be done for the log
        }
    }

    /** After a clean close that committed every record to the store file: closes and deletes the log. */
    void closeAndDelete() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    /** @return the log's H2 file name for a store's: beside it, through the same schemes */
    static String fileName(String storeFileName) {
        return storeFileName + SUFFIX;
    }

    // recovery

    /** Receives the changes recovery replays. */
    interface Replay {
        /**
         * @param mapName the map
         * @param key a String or byte[]
         * @param value a String or byte[], or null for a removal
         */
        void change(String mapName, Object key, Object value);
    }

    /**
     * What a store's log holds beyond its last checkpoint.
     *
     * @param records the records replayed
     * @param changeSequence the change sequence after the last of them, 0 when none
     * @param timeMillis the store clock's time of the last of them, 0 when none
     */
    record Recovered(long records, long changeSequence, long timeMillis) {
    }

    /**
     * Reads a store's log and hands every change of the records of {@code generation} to
     * {@code replay}, in order.
     *
     * @param key the AES key of an encrypted store's log, or null
     * @param generation the generation the store's metadata names; 0 when it names none (nothing is replayed)
     * @return what was found; zero records when there is no log or it holds another generation
     */
    static Recovered read(String fileName, SecretKeySpec key, long generation, Replay replay) throws IOException {
        FilePath file = FilePath.get(fileName);
        if (generation == 0 || !file.exists()) {
            return new Recovered(0, 0, 0);
        }
        long size = file.size();
        if (size < HEADER_BYTES) {
            return new Recovered(0, 0, 0);
        }
        try (FileChannel channel = file.open("r"); InputStream raw = Channels.newInputStream(channel)) {
            DataInputStream header = new DataInputStream(raw);
            if (header.readLong() != MAGIC || header.readLong() != generation) {
                // another generation's (a checkpoint emptied it after its commit) or not a log of ours
                return new Recovered(0, 0, 0);
            }
            byte[] iv = new byte[16];
            header.readFully(iv);
            InputStream body = new BufferedInputStream(raw, 64 * 1024);
            if (key != null) {
                body = new CipherInputStream(body, AesCtr.cipher(Cipher.DECRYPT_MODE, key, iv, "the write-ahead log"));
            }
            DataInputStream in = new DataInputStream(body);
            RecordCheck check = new RecordCheck(key);
            byte[] expected = new byte[check.bytes];
            long records = 0;
            long changeSequence = 0;
            long timeMillis = 0;
            long consumed = HEADER_BYTES;
            List<String> names = new ArrayList<>();
            while (true) {
                int length;
                byte[] record;
                try {
                    length = in.readInt();
                    in.readFully(expected);
                    if (length < 32 || length > size - consumed - 4 - check.bytes) {
                        break;
                    }
                    record = new byte[length];
                    in.readFully(record);
                } catch (EOFException e) {
                    break;
                }
                if (!check.matches(record, length, expected)) {
                    break;
                }
                ByteBuffer buffer = ByteBuffer.wrap(record);
                if (buffer.getLong() != generation || buffer.getLong() != records + 1) {
                    break;
                }
                changeSequence = buffer.getLong();
                timeMillis = buffer.getLong();
                replayChanges(buffer, names, replay);
                records++;
                consumed += 4 + check.bytes + length;
            }
            return new Recovered(records, changeSequence, timeMillis);
        }
    }

    private static void replayChanges(ByteBuffer buffer, List<String> names, Replay replay) {
        while (buffer.hasRemaining()) {
            byte kind = buffer.get();
            int id = getVarint(buffer);
            switch (kind) {
                case DEFINE -> {
                    byte[] name = new byte[getVarint(buffer)];
                    buffer.get(name);
                    if (id != names.size()) {
                        throw new IllegalStateException("map number " + id + " defined out of order");
                    }
                    names.add(new String(name, StandardCharsets.UTF_8));
                }
                case PUT, REMOVE -> {
                    Object key = getValue(buffer);
                    Object value = kind == PUT ? getValue(buffer) : null;
                    replay.change(names.get(id), key, value);
                }
                default -> throw new IllegalStateException("unknown change kind " + kind);
            }
        }
    }

    private static Object getValue(ByteBuffer buffer) {
        byte tag = buffer.get();
        byte[] bytes = new byte[getVarint(buffer)];
        buffer.get(bytes);
        return tag == STRING ? new String(bytes, StandardCharsets.UTF_8) : bytes;
    }

    private static int getVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException("a varint longer than five bytes");
    }

    /**
     * The check of a record's body: CRC32C in a plain log, HMAC-SHA256 cut to 16 bytes in an
     * encrypted one. Not thread-safe.
     */
    private static final class RecordCheck {

        /** Bytes of the check in a record. */
        final int bytes;
        private final CRC32C crc;
        private final Mac mac;
        private final byte[] digest = new byte[32];

        /** @param key the AES key of an encrypted store's log, or null */
        RecordCheck(SecretKeySpec key) {
            if (key == null) {
                bytes = 4;
                crc = new CRC32C();
                mac = null;
                return;
            }
            bytes = 16;
            crc = null;
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update("TetherDB write-ahead log record checks".getBytes(StandardCharsets.UTF_8));
                sha.update(key.getEncoded());
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(sha.digest(), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                // every JDK must provide SHA-256 and HmacSHA256
                throw new IllegalStateException("HmacSHA256 is not available to check the write-ahead log: " + e, e);
            }
        }

        /** Writes the check of {@code data[offset, offset + length)} at {@code target[at]}. */
        void compute(byte[] data, int offset, int length, byte[] target, int at) {
            if (mac == null) {
                crc.reset();
                crc.update(data, offset, length);
                int value = (int) crc.getValue();
                for (int i = 0; i < 4; i++) {
                    target[at + i] = (byte) (value >>> 24 - 8 * i);
                }
                return;
            }
            mac.update(data, offset, length);
            try {
                mac.doFinal(digest, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 failed with room for its output: " + e, e);
            }
            System.arraycopy(digest, 0, target, at, bytes);
        }

        /** @return whether {@code expected} is the check of {@code data[0, length)}; constant time */
        boolean matches(byte[] data, int length, byte[] expected) {
            byte[] actual = new byte[bytes];
            compute(data, 0, length, actual, 0);
            return MessageDigest.isEqual(actual, expected);
        }
    }
}
