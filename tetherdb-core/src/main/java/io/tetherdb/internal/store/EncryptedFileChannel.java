package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBaseDefault;

/**
 * An encrypted store file as MVStore sees it: a plain channel of the bytes after the
 * {@link EncryptionHeader}, each 4096-byte sector of which is stored XTS-AES encrypted. A write
 * that covers part of a sector re-encrypts the whole sector (MVStore writes whole blocks, so this
 * is rare). The visible size is the stored size less the header, in whole sectors.
 *
 * <p>Thread-safe as a {@link FileChannel}: positional reads and writes may run concurrently;
 * MVStore never writes the same sector from two threads at once.
 */
final class EncryptedFileChannel extends FileBaseDefault {

    private static final int SECTOR = XtsCipher.SECTOR;
    private static final int HEADER = EncryptionHeader.LENGTH;

    private final FileChannel base;
    private final XtsCipher cipher;
    private final String name;

    EncryptedFileChannel(String name, FileChannel base, XtsCipher cipher) {
        this.name = name;
        this.base = base;
        this.cipher = cipher;
    }

    /** @return the visible size of a file of {@code stored} bytes */
    static long visibleSize(long stored) {
        long size = stored - HEADER;
        // a sector cut off by a crash holds nothing that can be decrypted
        return size <= 0 ? 0 : size - size % SECTOR;
    }

    @Override
    public long size() throws IOException {
        return visibleSize(base.size());
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
        byte[] sectors = new byte[roundUp(skip + length)];
        EncryptionHeader.readFully(base, HEADER + first, ByteBuffer.wrap(sectors));
        cipher.decrypt(first / SECTOR, sectors, 0, sectors.length);
        dst.put(sectors, skip, length);
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
            readSector(first, sectors, 0);
        }
        int lastOffset = sectors.length - SECTOR;
        if ((skip + length) % SECTOR != 0 && first + lastOffset < size && (lastOffset > 0 || skip == 0)) {
            readSector(first + lastOffset, sectors, lastOffset);
        }
        src.get(sectors, skip, length);
        cipher.encrypt(first / SECTOR, sectors, 0, sectors.length);
        ByteBuffer out = ByteBuffer.wrap(sectors);
        long pos = HEADER + first;
        while (out.hasRemaining()) {
            pos += base.write(out, pos);
        }
        return length;
    }

    private void readSector(long position, byte[] into, int offset) throws IOException {
        EncryptionHeader.readFully(base, HEADER + position, ByteBuffer.wrap(into, offset, SECTOR));
        cipher.decrypt(position / SECTOR, into, offset, SECTOR);
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
            base.truncate(HEADER + (newSize + SECTOR - 1) / SECTOR * SECTOR);
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
