package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBase;

/**
 * A channel on the real file whose writes, truncates and forces go through a {@link FaultyDisk},
 * which records them and may fail them; reads and locks go straight to the file. Thread-safe as
 * far as the underlying channel is: positional operations do not share state.
 */
final class FaultyFileChannel extends FileBase {

    private final FaultyDisk disk;
    private final FileChannel file;

    FaultyFileChannel(FaultyDisk disk, FileChannel file) {
        this.disk = disk;
        this.file = file;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return disk.write(file, src, position);
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        long position = file.position();
        int written = disk.write(file, src, position);
        file.position(position + written);
        return written;
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        disk.truncate(file, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        disk.force(file, metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return disk.scheme() + ":" + file;
    }
}
