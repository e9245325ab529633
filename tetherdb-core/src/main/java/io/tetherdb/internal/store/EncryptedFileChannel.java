package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBaseDefault;

/**
 * An encrypted store file as MVStore sees it: a plain channel of the bytes after the
 * {@link EncryptionHeader}, each 4096-byte sector of which is stored XTS-AES encrypted, with its
 * integrity tag after it in files of the tagged format (see {@link SectorCipher}). A write that
 * covers part of a sector re-encrypts the whole sector (MVStore writes whole blocks, so this is
 * rare). The visible size is the plaintext of the stored whole sectors.
 *
 * <p>Thread-safe as a {@link FileChannel}: positional reads and writes may run concurrently;
 * MVStore never writes the same sector from two threads at once.
 */
final class EncryptedFileChannel extends FileBaseDefault {

    private static final int SECTOR = XtsCipher.SECTOR;
    private static final int HEADER = EncryptionHeader.LENGTH;

    private final FileChannel base;
    private final SectorCipher cipher;
    /** Bytes a sector takes in the file, its tag included. */
    private final int stored;
    private final String name;

    EncryptedFileChannel(String name, FileChannel base, SectorCipher cipher) {
        this.name = name;
        this.base = base;
        this.cipher = cipher;
        this.stored = cipher.storedSectorBytes();
    }

    /** @return the visible size of a file of {@code stored} bytes whose sectors are (or are not) tagged */
    static long visibleSize(long stored, boolean tagged) {
        return SectorCipher.visibleSize(stored - HEADER, tagged);
    }

    @Override
    public long size() throws IOException {
        return visibleSize(base.size(), cipher.tagged());
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position);
        }
        long size = size();
        if (position >= size) {
            return -1;
        }
        int length = (int) Math.min(dst.remaining(), size - position);
        if (length == 0) {
            return 0;
        }
        long first = position - position % SECTOR;
        int skip = (int) (position - first);
        byte[] plain = readSectors(first / SECTOR, roundUp(skip + length) / SECTOR);
        dst.put(plain, skip, length);
        return length;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position);
        }
        int length = src.remaining();
        if (length == 0) {
            return 0;
        }
        long first = position - position % SECTOR;
        int skip = (int) (position - first);
        byte[] sectors = new byte[roundUp(skip + length)];
        long size = size();
        if (skip != 0 && first < size) {
            System.arraycopy(readSectors(first / SECTOR, 1), 0, sectors, 0, SECTOR);
        }
        int lastOffset = sectors.length - SECTOR;
        if ((skip + length) % SECTOR != 0 && first + lastOffset < size && (lastOffset > 0 || skip == 0)) {
            System.arraycopy(readSectors((first + lastOffset) / SECTOR, 1), 0, sectors, lastOffset, SECTOR);
        }
        src.get(sectors, skip, length);
        ByteBuffer out = ByteBuffer.wrap(cipher.seal(first / SECTOR, sectors));
        long pos = HEADER + first / SECTOR * stored;
        while (out.hasRemaining()) {
            pos += base.write(out, pos);
        }
        return length;
    }

    /** @return the plaintext of {@code count} whole sectors from sector {@code firstSector} on */
    private byte[] readSectors(long firstSector, int count) throws IOException {
        byte[] bytes = new byte[count * stored];
        EncryptionHeader.readFully(base, HEADER + firstSector * stored, ByteBuffer.wrap(bytes));
        return cipher.open(firstSector, bytes, name);
    }

    private static int roundUp(int bytes) {
        return (bytes + SECTOR - 1) / SECTOR * SECTOR;
    }

    @Override
    protected void implTruncate(long newSize) throws IOException {
        if (newSize < 0) {
            throw new IllegalArgumentException("size " + newSize);
        }
        if (newSize < size()) {
            base.truncate(HEADER + (newSize + SECTOR - 1) / SECTOR * stored);
        }
    }

    @Override
    public void force(boolean metaData) throws IOException {
        base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return base.tryLock(position, size, shared);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return base.lock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        base.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
