package io.tetherdb.document;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@link DocumentCodec}'s encoding from a byte array, checking bounds: every length read is
 * checked against the bytes that remain before anything is allocated for it, so damaged input
 * fails with {@link MalformedDocumentException} instead of allocating what a damaged length claims.
 * Not thread-safe.
 */
final class ByteReader {

    private final byte[] bytes;
    private final int limit;
    private int position;

    ByteReader(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    byte[] bytes() {
        return bytes;
    }

    /** @return the bytes left before the limit */
    int remaining() {
        return limit - position;
    }

    private void require(int n) {
        // compared as a difference: position + n could overflow for a damaged length
        if (n < 0 || n > limit - position) {
            throw new MalformedDocumentException("Truncated document: needs " + n + " bytes at byte " + position
                    + ", has " + (limit - position));
        }
    }

    byte readByte() {
        require(1);
        return bytes[position++];
    }

    long readLong() {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    int readVarint() {
        long v = readVarlong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new MalformedDocumentException("Length out of range at byte " + position);
        }
        return (int) v;
    }

    long readVarlong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new MalformedDocumentException("Malformed varint at byte " + position);
    }

    long readZigZag() {
        long v = readVarlong();
        return (v >>> 1) ^ -(v & 1);
    }

    String readString() {
        int length = readVarint();
        require(length);
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    byte[] readBytes(int length) {
        require(length);
        byte[] result = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return result;
    }

    void skip(int n) {
        require(n);
        position += n;
    }
}
