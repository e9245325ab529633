package io.tetherdb.document;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with varint helpers, used by {@link DocumentCodec}. Not thread-safe. */
final class ByteWriter {

    private byte[] buffer;
    private int size;

    ByteWriter(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new InvalidDocumentException("Encoded document exceeds 2 GB");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }

    void writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (v >>> shift);
        }
    }

    void writeVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
    }

    void writeZigZag(long v) {
        writeVarint((v << 1) ^ (v >> 63));
    }

    void writeString(String s) {
        int length = s.length();
        if (length < 128) {
            // short ASCII strings, the common case, are copied without an intermediate array
            ensure(length + 1);
            int start = size + 1;
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    writeUtf8(s);
                    return;
                }
                buffer[start + i] = (byte) c;
            }
            buffer[size] = (byte) length;
            size = start + length;
            return;
        }
        writeUtf8(s);
    }

    private void writeUtf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(bytes.length);
        writeBytes(bytes, 0, bytes.length);
    }

    /**
     * Marks where the length of a nested value goes; its bytes follow, and
     * {@link #fillLength(int, int)} inserts the length once it is known.
     *
     * @return the position of the length
     */
    int reserveLength() {
        return size;
    }

    /** Inserts the varint length of the bytes written since {@code at}, shifting them right. */
    void fillLength(int at, int length) {
        int varintSize = varintSize(length);
        ensure(varintSize);
        System.arraycopy(buffer, at, buffer, at + varintSize, size - at);
        long v = length;
        int p = at;
        while ((v & ~0x7FL) != 0) {
            buffer[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[p] = (byte) v;
        size += varintSize;
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
