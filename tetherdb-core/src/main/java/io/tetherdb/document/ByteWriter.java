package io.tetherdb.document;

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

    /** @return the buffer written so far, its first {@link #size()} bytes; not a copy */
    byte[] buffer() {
        return buffer;
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

    /**
     * Writes a string as a varint byte length and its UTF-8 bytes.
     *
     * @param s the string; not null
     * @return the index of a lone surrogate in {@code s}, which UTF-8 cannot encode (nothing
     *         usable is written then: the caller must give up the encoding), or -1 once written
     */
    int writeString(String s) {
        int length = s.length();
        if (length < 128) {
            // short ASCII strings, the common case, are copied without a second pass
            ensure(length + 1);
            int start = size + 1;
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    return writeUtf8(s);
                }
                buffer[start + i] = (byte) c;
            }
            buffer[size] = (byte) length;
            size = start + length;
            return -1;
        }
        return writeUtf8(s);
    }

    /**
     * Encodes by hand rather than with {@link String#getBytes}, which would silently replace a
     * lone surrogate by '?' and so store different text than the caller gave.
     */
    private int writeUtf8(String s) {
        int length = s.length();
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                return i;
            }
        }
        if (bytes > Integer.MAX_VALUE - 32) {
            throw new InvalidDocumentException("Encoded document exceeds 2 GB");
        }
        writeVarint(bytes);
        ensure((int) bytes);
        byte[] b = buffer;
        int p = size;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        size = p;
        return -1;
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
