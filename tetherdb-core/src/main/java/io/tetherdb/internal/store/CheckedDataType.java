package io.tetherdb.internal.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The key and value types of the maps of a format-2 store: strings or byte arrays, written per
 * page as one checksummed block, so that damage to the file shows up as an error instead of data
 * that reads back different from what was written.
 *
 * <p>MVStore 2.4.240 checks only a page's header (chunk id, offset and length), not what the page
 * holds: a flipped byte inside a stored key or value reads back silently changed. MVStore hands a
 * type all the keys, and then all the values, of a page at once, so each of those two runs is
 * written as a block: a 4-byte length, the elements, and a CRC32C of both (CRC32C is an intrinsic
 * on current JVMs, a few GB/s). Reading checks the length against the page and the checksum
 * before it decodes a single element, so damaged bytes are never decoded, and no length read from
 * the file can make it allocate more than the page's own size. The cost falls on page writes
 * (commits) and page reads from the file, not on reads served from MVStore's page cache.
 *
 * <p>What this does not cover: the parts of a page MVStore writes itself (its header, child page
 * positions and descendant counts of inner pages), checked only by MVStore's header check value,
 * and MVStore's own chunk metadata.
 *
 * <p>Thread-safe: stateless apart from a per-thread checksum.
 */
final class CheckedDataType<T> extends BasicDataType<T> {

    /** String keys and values (document ids, metadata). */
    static final CheckedDataType<String> STRING = new CheckedDataType<>(StringDataType.INSTANCE, true);

    /** Byte array keys and values (records, index and expiry entries). */
    static final CheckedDataType<byte[]> BYTES = new CheckedDataType<>(ByteArrayDataType.INSTANCE, false);

    /**
     * Most entries a page may claim to hold. MVStore splits a page at 48 keys by default, so this
     * only bounds the array MVStore allocates from a damaged key count before the block is read.
     */
    private static final int MAX_ENTRIES_PER_PAGE = 1 << 16;

    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    private final BasicDataType<T> plain;
    private final boolean strings;

    private CheckedDataType(BasicDataType<T> plain, boolean strings) {
        this.plain = plain;
        this.strings = strings;
    }

    @Override
    public T[] createStorage(int size) {
        if (size < 0 || size > MAX_ENTRIES_PER_PAGE) {
            throw new IllegalStateException("Page claims to hold " + size + " entries");
        }
        return plain.createStorage(size);
    }

    @Override
    public int compare(T a, T b) {
        return plain.compare(a, b);
    }

    @Override
    public int binarySearch(T key, Object storage, int size, int initialGuess) {
        return plain.binarySearch(key, storage, size, initialGuess);
    }

    @Override
    public int getMemory(T obj) {
        return plain.getMemory(obj);
    }

    @Override
    public boolean isMemoryEstimationAllowed() {
        return plain.isMemoryEstimationAllowed();
    }

    /** Not used by MVStore for map pages, which go through {@link #write(WriteBuffer, Object, int)}. */
    @Override
    public void write(WriteBuffer buff, T obj) {
        throw new UnsupportedOperationException("Checked types write whole pages");
    }

    /** Not used by MVStore for map pages, which go through {@link #read(ByteBuffer, Object, int)}. */
    @Override
    public T read(ByteBuffer buff) {
        throw new UnsupportedOperationException("Checked types read whole pages");
    }

    @Override
    public void write(WriteBuffer buff, Object storage, int len) {
        int start = buff.position();
        buff.putInt(0);
        T[] elements = cast(storage);
        for (int i = 0; i < len; i++) {
            plain.write(buff, elements[i]);
        }
        int end = buff.position();
        buff.putInt(start, end - start - 4);
        // the buffer may have grown while writing: take it only now
        ByteBuffer written = buff.getBuffer().duplicate();
        written.limit(end).position(start);
        buff.putInt(checksum(written));
    }

    @Override
    public void read(ByteBuffer buff, Object storage, int len) {
        int start = buff.position();
        if (buff.remaining() < 8) {
            throw new IllegalStateException("Page block truncated: " + buff.remaining() + " bytes left");
        }
        int length = buff.getInt();
        if (length < 0 || length > buff.remaining() - 4) {
            throw new IllegalStateException("Page block length " + length + " exceeds the page ("
                    + (buff.remaining() - 4) + " bytes left)");
        }
        int end = start + 4 + length;
        ByteBuffer covered = buff.duplicate();
        covered.limit(end).position(start);
        int expected = checksum(covered);
        int stored = buff.getInt(end);
        if (expected != stored) {
            throw new IllegalStateException("Page block checksum mismatch: stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString(expected));
        }
        // the block is intact, so a mismatch from here on is a bug or a page header damaged in a
        // way MVStore's check value missed (its key count)
        ByteBuffer block = buff.duplicate();
        block.limit(end);
        T[] elements = cast(storage);
        for (int i = 0; i < len; i++) {
            elements[i] = readElement(block);
        }
        if (block.position() != end) {
            throw new IllegalStateException("Page block holds more than the " + len + " entries its page header says");
        }
        buff.position(end + 4);
    }

    @SuppressWarnings("unchecked")
    private T readElement(ByteBuffer block) {
        int size = DataUtils.readVarInt(block);
        // a string needs at least one byte per character, a byte array one byte per byte
        if (size < 0 || size > block.remaining()) {
            throw new IllegalStateException("Page entry of length " + size + " exceeds its block ("
                    + block.remaining() + " bytes left)");
        }
        if (strings) {
            return (T) DataUtils.readString(block, size);
        }
        byte[] bytes = new byte[size];
        block.get(bytes);
        return (T) bytes;
    }

    private static int checksum(ByteBuffer bytes) {
        CRC32C crc = CRC.get();
        crc.reset();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
