package io.tetherdb.internal.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.StoreLockedException;
import org.h2.store.fs.FilePath;

/**
 * The plain first sector of an encrypted store file: a magic string, the file's format, the
 * cipher, the key derivation's algorithm, version and cost, its random salt, and a key check, with
 * a CRC over them. Everything after it is ciphertext. Keeping it in the file rather than beside it
 * means a copy of the one file is a complete store, and its cost parameters travel with the file,
 * so a re-key can raise them. Immutable and thread-safe.
 *
 * @param format {@link #FORMAT_UNTAGGED} or {@link #FORMAT_TAGGED}: whether each sector carries an
 *        integrity tag (see {@link SectorCipher})
 * @param memoryKiB Argon2id memory in KiB
 * @param iterations Argon2id passes
 * @param parallelism Argon2id lanes
 * @param argon2Version Argon2 version (0x13)
 * @param salt the file's random salt
 * @param keyCheck bytes of the derived output that are not key: a wrong password gives others
 */
record EncryptionHeader(int format, int memoryKiB, int iterations, int parallelism, int argon2Version, byte[] salt,
        byte[] keyCheck) {

    /** Bytes of the header region; a whole sector, so that the sectors after it stay aligned. */
    static final int LENGTH = XtsCipher.SECTOR;
    static final int SALT_BYTES = 16;
    static final int CHECK_BYTES = 32;
    static final int ARGON2_VERSION = 0x13;
    /** Largest Argon2id memory a header may ask for: 4 GiB. A crafted file must not exhaust the heap. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    static final int MAX_ITERATIONS = 1_000;
    static final int MAX_PARALLELISM = 64;
    private static final byte[] MAGIC = "TetherDB encrypted\n\0".getBytes(StandardCharsets.US_ASCII);
    /** How MVStore's file header begins: "H:2," (format 2 and 3 files alike). */
    private static final byte[] PLAIN_MAGIC = "H:2,".getBytes(StandardCharsets.US_ASCII);
    /** The first format: sectors without integrity tags. Read and written; no longer created. */
    static final int FORMAT_UNTAGGED = 1;
    /** Each sector followed by its integrity tag: the format of every file created, copied or re-keyed. */
    static final int FORMAT_TAGGED = 2;
    private static final int CIPHER_XTS_AES_256 = 1;
    private static final int KDF_ARGON2ID = 1;
    private static final int CRC_AT = MAGIC.length + 7 * 4 + SALT_BYTES + CHECK_BYTES;

    /** @return whether a file begins with the header's magic string */
    static boolean isEncrypted(FilePath file) throws IOException {
        if (!file.exists() || file.size() < MAGIC.length) {
            return false;
        }
        byte[] start = new byte[MAGIC.length];
        try (FileChannel channel = file.open("r")) {
            readFully(channel, 0, ByteBuffer.wrap(start));
        }
        return Arrays.equals(start, MAGIC);
    }

    /** @return whether a file begins as MVStore begins a plain file, with its text header */
    static boolean startsAsPlainStore(FilePath file) throws IOException {
        byte[] start = new byte[PLAIN_MAGIC.length];
        if (file.size() < start.length) {
            return false;
        }
        try (FileChannel channel = file.open("r")) {
            readFully(channel, 0, ByteBuffer.wrap(start));
        }
        return Arrays.equals(start, PLAIN_MAGIC);
    }

    /** Reads the header of a file that {@linkplain #isEncrypted is encrypted}. */
    static EncryptionHeader read(Path path, FilePath file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        try (FileChannel channel = file.open("r")) {
            readFully(channel, 0, buffer);
        } catch (EOFException e) {
            throw new CorruptStoreException(path, "its encryption header is cut off", e);
        }
        buffer.flip().position(MAGIC.length);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, CRC_AT);
        if ((int) crc.getValue() != buffer.getInt(CRC_AT)) {
            throw new CorruptStoreException(path, "its encryption header is damaged (CRC mismatch)", null);
        }
        int format = buffer.getInt();
        int cipher = buffer.getInt();
        int kdf = buffer.getInt();
        if (format != FORMAT_UNTAGGED && format != FORMAT_TAGGED || cipher != CIPHER_XTS_AES_256
                || kdf != KDF_ARGON2ID) {
            throw new CorruptStoreException(path, "its encryption header (format " + format + ", cipher " + cipher
                    + ", key derivation " + kdf + ") was written by a newer TetherDB", null);
        }
        int version = buffer.getInt();
        int memory = buffer.getInt();
        int iterations = buffer.getInt();
        int parallelism = buffer.getInt();
        if (version != ARGON2_VERSION || parallelism < 1 || parallelism > MAX_PARALLELISM
                || memory < 8 * parallelism || memory > MAX_MEMORY_KIB || iterations < 1
                || iterations > MAX_ITERATIONS) {
            throw new CorruptStoreException(path, "its encryption header asks for Argon2 version " + version + " m="
                    + memory + " KiB t=" + iterations + " p=" + parallelism + ", outside what TetherDB accepts", null);
        }
        byte[] salt = new byte[SALT_BYTES];
        buffer.get(salt);
        byte[] check = new byte[CHECK_BYTES];
        buffer.get(check);
        return new EncryptionHeader(format, memory, iterations, parallelism, version, salt, check);
    }

    /** @return the header sector as written to the start of the file */
    byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(MAGIC).putInt(format).putInt(CIPHER_XTS_AES_256).putInt(KDF_ARGON2ID)
                .putInt(argon2Version).putInt(memoryKiB).putInt(iterations).putInt(parallelism)
                .put(salt).put(keyCheck);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, CRC_AT);
        buffer.putInt(CRC_AT, (int) crc.getValue());
        return buffer.array();
    }

    /** @return whether each sector of the file carries an integrity tag */
    boolean tagged() {
        return format == FORMAT_TAGGED;
    }

    /** @return this header in the format of new files: same key derivation, salt and key check */
    EncryptionHeader inCurrentFormat() {
        return tagged() ? this : new EncryptionHeader(FORMAT_TAGGED, memoryKiB, iterations, parallelism,
                argon2Version, salt, keyCheck);
    }

    /**
     * Writes the header into a file that is still empty, under the file's lock, so that two
     * processes creating the same store cannot both write one (the second would replace the salt
     * the first one's data is encrypted under).
     *
     * @return whether the header was written; false if the file is no longer empty
     * @throws StoreLockedException if another process holds the file's lock
     */
    boolean writeIfEmpty(Path path, FilePath file) throws IOException {
        try (FileChannel channel = file.open("rw")) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreLockedException(path, null);
            }
            try {
                if (channel.size() != 0) {
                    return false;
                }
                ByteBuffer src = ByteBuffer.wrap(toBytes());
                long pos = 0;
                while (src.hasRemaining()) {
                    pos += channel.write(src, pos);
                }
                channel.force(true);
                return true;
            } finally {
                lock.release();
            }
        }
    }

    /** Writes the header at the start of an empty file and forces it to the disk. */
    void writeTo(FilePath file) throws IOException {
        try (FileChannel channel = file.open("rw")) {
            ByteBuffer src = ByteBuffer.wrap(toBytes());
            long pos = 0;
            while (src.hasRemaining()) {
                pos += channel.write(src, pos);
            }
            channel.force(true);
        }
    }

    static void readFully(FileChannel channel, long position, ByteBuffer dst) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int read = channel.read(dst, pos);
            if (read < 0) {
                throw new EOFException("end of file at " + pos);
            }
            pos += read;
        }
    }

    @Override
    public String toString() {
        return "format " + format + ", argon2id v" + Integer.toHexString(argon2Version) + " m=" + memoryKiB
                + " KiB t=" + iterations + " p=" + parallelism;
    }
}
