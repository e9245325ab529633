package io.tetherdb.internal.store;

import java.nio.ByteBuffer;
import java.util.Map;

import org.h2.mvstore.SFChunk;
import org.h2.mvstore.SingleFileStore;

/**
 * MVStore's single-file store with one rule added: the file is forced to the disk before the store
 * header is overwritten and before the file is truncated, so that neither can reach the disk ahead
 * of the chunks written before it.
 *
 * <p>MVStore writes each commit as a chunk, and now and then, in the same commit, rewrites the
 * header that names the newest chunk, with no sync in between. A disk keeps unsynced writes in
 * any order: after a power loss that kept a new header but not the chunk it names, MVStore 2.4.240
 * does not fall back to the newest chunk that is on the disk but takes the last chunk it finds by
 * scanning back from the end of the file, which after space reuse can be a long-dead one; the
 * store then opens, consistent, without commits that {@code flush()} had forced to the disk
 * (found by {@code PowerLossTests}). Headers are rewritten far less often than chunks, so the
 * extra syncs cost little.
 *
 * <p>Thread-safety as {@link SingleFileStore}: MVStore calls it under its own locks.
 */
final class OrderedFileStore extends SingleFileStore {

    OrderedFileStore(Map<String, Object> config) {
        super(config);
    }

    @Override
    protected void writeFully(SFChunk chunk, long pos, ByteBuffer src) {
        if (chunk == null) {
            // the store header is the one write that belongs to no chunk
            sync();
        }
        super.writeFully(chunk, pos, src);
    }

    @Override
    public void truncate(long size) {
        // a truncation that reached the disk before the header written just before it could cut off
        // the chunk the old header names
        sync();
        super.truncate(size);
    }
}
