package io.tetherdb.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key of the expiry index: the expiry time (8 bytes, big-endian, sign bit flipped so that
 * unsigned byte order is time order) followed by the document id in UTF-8. Iterating the index in
 * key order visits documents by expiry time, so a sweep reads only what has expired.
 *
 * @param expiresAt expiry time in epoch milliseconds
 * @param id the document id; not null
 * @since 0.1
 */
public record ExpiryKey(long expiresAt, String id) {

    /** Length of the time part that starts every key. */
    public static final int TIME_BYTES = 8;

    /** @return the key's bytes, ordered by expiry time then id */
    public byte[] toBytes() {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(timePrefix(expiresAt), 8 + idBytes.length);
        System.arraycopy(idBytes, 0, key, 8, idBytes.length);
        return key;
    }

    /**
     * @param millis a time in epoch milliseconds
     * @return the smallest key with that expiry time; every key of an earlier time sorts before it
     */
    public static byte[] timePrefix(long millis) {
        long v = millis ^ Long.MIN_VALUE;
        byte[] key = new byte[8];
        for (int i = 7; i >= 0; i--) {
            key[i] = (byte) v;
            v >>>= 8;
        }
        return key;
    }

    /**
     * @param key bytes produced by {@link #toBytes()}; not null
     * @return the key
     * @throws IllegalArgumentException if the key is shorter than its time part
     */
    public static ExpiryKey fromBytes(byte[] key) {
        if (key.length < TIME_BYTES) {
            throw new IllegalArgumentException("An expiry key has at least " + TIME_BYTES + " bytes, this one "
                    + key.length);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return new ExpiryKey(v ^ Long.MIN_VALUE, new String(key, 8, key.length - 8, StandardCharsets.UTF_8));
    }
}
