package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's view of a {@link FaultyDisk}: a {@link FilePathWrapper} registered under the disk's own
 * scheme ({@code fault<n>:}), so MVStore opens {@code fault<n>:/path/to/file} through it, and its
 * channels pass every write, truncate and force through the disk. H2 creates instances by
 * reflection (hence public, with a public no-argument constructor); each one carries the disk of
 * the instance that created it, so no static state ties a path to its disk.
 *
 * <p>Thread-safe as far as H2 needs: instances are not changed after creation.
 */
public final class FaultyFilePath extends FilePathWrapper {

    private FaultyDisk disk;

    /** For H2's reflective creation; the disk is set by the creating instance. */
    public FaultyFilePath() {
    }

    static FaultyFilePath provider(FaultyDisk disk) {
        FaultyFilePath provider = new FaultyFilePath();
        provider.disk = disk;
        return provider;
    }

    @Override
    public String getScheme() {
        return disk.scheme();
    }

    @Override
    public FilePathWrapper getPath(String path) {
        FaultyFilePath created = (FaultyFilePath) super.getPath(path);
        created.disk = disk;
        return created;
    }

    @Override
    public FilePathWrapper wrap(FilePath base) {
        FaultyFilePath created = (FaultyFilePath) super.wrap(base);
        if (created != null) {
            created.disk = disk;
        }
        return created;
    }

    @Override
    public boolean canWrite() {
        return !disk.reportsNotWritable() && super.canWrite();
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return disk.open(getBase(), mode);
    }
}
