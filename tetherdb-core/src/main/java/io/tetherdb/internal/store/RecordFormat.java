package io.tetherdb.internal.store;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.document.MalformedDocumentException;

/**
 * The layout of a stored document record: one flags byte, the expiry time when the document has
 * one (8 bytes, epoch milliseconds), then the encoded document, compressed with Deflate when
 * compression is on, the document is at least the minimum size, and compressing saves space.
 * Reading the expiry does not touch the document bytes.
 *
 * <p>Records carry no checksum of their own: in a store of format 2 and up the pages that hold
 * them do ({@link CheckedDataType}), which covers the ids and index entries too and costs nothing
 * on reads served from the page cache. Decoding still checks everything it reads, so that a
 * damaged record from an older file fails with {@link MalformedDocumentException}, and no length
 * in it makes the decoder allocate more than the record can hold. Thread-safe: compressors are per
 * thread.
 */
public final class RecordFormat {

    /** Expiry time of a document that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    /**
     * The expiry time a write gives a document, the one rule puts and updates share: a fixed time
     * wins over a time to live; an {@link java.time.Instant} beyond a long of millis saturates (far
     * past: long's minimum, far future: just before {@link #NEVER}); a time to live of zero or less
     * means expired now, and one reaching past the long range saturates too.
     *
     * @param expireAt the fixed expiry time, or null
     * @param ttl the time to live from {@code nowMillis}, or null
     * @param nowMillis the time of the write
     * @param otherwise the expiry when neither is set ({@link #NEVER}, or the document's current one)
     * @return the expiry in epoch millis
     */
    public static long expiryMillis(java.time.Instant expireAt, java.time.Duration ttl, long nowMillis,
            long otherwise) {
        if (expireAt != null) {
            try {
                return Math.min(expireAt.toEpochMilli(), NEVER - 1);
            } catch (ArithmeticException ex) {
                return expireAt.isBefore(java.time.Instant.EPOCH) ? Long.MIN_VALUE : NEVER - 1;
            }
        }
        if (ttl != null) {
            long millis;
            try {
                millis = ttl.toMillis();
            } catch (ArithmeticException ex) {
                millis = ttl.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            if (millis <= 0) {
                // already expired: how far in the past does not matter, and subtracting could underflow
                return nowMillis;
            }
            return millis > NEVER - 1 - nowMillis ? NEVER - 1 : nowMillis + millis;
        }
        return otherwise;
    }

    private static final int COMPRESSED = 1;
    private static final int EXPIRES = 2;
    private static final int KNOWN_FLAGS = COMPRESSED | EXPIRES;
    /** Deflate's greatest possible expansion ratio. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private static final ThreadLocal<Deflater> DEFLATER =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private final boolean compression;
    private final int compressMinSize;

    /**
     * @param compression whether to compress large documents
     * @param compressMinSize encoded size from which to try compression
     */
    public RecordFormat(boolean compression, int compressMinSize) {
        this.compression = compression;
        this.compressMinSize = compressMinSize;
    }

    /**
     * @param document the encoded document; not null
     * @param expiresAt epoch millis of expiry, or {@link #NEVER}
     * @return the record to store
     */
    public byte[] pack(byte[] document, long expiresAt) {
        byte[] payload = document;
        int flags = 0;
        if (compression && document.length >= compressMinSize) {
            byte[] compressed = deflate(document);
            if (compressed.length < document.length) {
                payload = compressed;
                flags |= COMPRESSED;
            }
        }
        int header = expiresAt == NEVER ? 1 : 9;
        if (expiresAt != NEVER) {
            flags |= EXPIRES;
        }
        byte[] record = new byte[header + payload.length];
        record[0] = (byte) flags;
        if (expiresAt != NEVER) {
            writeLong(record, 1, expiresAt);
        }
        System.arraycopy(payload, 0, record, header, payload.length);
        return record;
    }

    /**
     * @param record a stored record; not null
     * @return its expiry time in epoch millis, or {@link #NEVER}
     */
    public static long expiresAt(byte[] record) {
        return (flags(record) & EXPIRES) != 0 ? readLong(record, 1) : NEVER;
    }

    /**
     * @param record a stored record; not null
     * @param nowMillis the current time
     * @return whether the record has expired at that time
     */
    public static boolean isExpired(byte[] record, long nowMillis) {
        return (flags(record) & EXPIRES) != 0 && readLong(record, 1) <= nowMillis;
    }

    /**
     * @param record a stored record; not null
     * @return a lazily decoded view of its document, read in place when it is not compressed
     * @throws MalformedDocumentException if the record is damaged
     */
    public static Map<String, Object> lazyDocument(byte[] record) {
        int header = headerLength(record);
        return (record[0] & COMPRESSED) == 0 ? DocumentCodec.lazy(record, header)
                : DocumentCodec.lazy(inflate(record, header));
    }

    /**
     * @param record a stored record; not null
     * @return its document, decoded whole, read in place when it is not compressed
     * @throws MalformedDocumentException if the record is damaged
     */
    public static Document decode(byte[] record) {
        int header = headerLength(record);
        return (record[0] & COMPRESSED) == 0 ? DocumentCodec.decode(record, header)
                : DocumentCodec.decode(inflate(record, header));
    }

    /**
     * @param record a stored record; not null
     * @param names the top-level fields to decode; not null
     * @return a document of just those fields, the others skipped undecoded
     * @throws MalformedDocumentException if the record is damaged
     */
    public static Document decodeFields(byte[] record, String[] names) {
        int header = headerLength(record);
        return (record[0] & COMPRESSED) == 0 ? DocumentCodec.decodeFields(record, header, names)
                : DocumentCodec.decodeFields(inflate(record, header), 0, names);
    }

    /**
     * Encodes a record's document with some top-level fields changed, without decoding the others;
     * see {@link DocumentCodec#replaceFields}.
     *
     * @param record a stored record; not null
     * @param fields the names of the fields to change or remove; not null
     * @param values the new values of those that remain; not null
     * @return the new encoding of the document (not a record: pack it)
     * @throws MalformedDocumentException if the record is damaged
     */
    public static byte[] replaceFields(byte[] record, java.util.Set<String> fields, Map<String, ?> values) {
        int header = headerLength(record);
        return (record[0] & COMPRESSED) == 0 ? DocumentCodec.replaceFields(record, header, fields, values)
                : DocumentCodec.replaceFields(inflate(record, header), 0, fields, values);
    }

    /** @return where the (possibly compressed) document starts in a record */
    private static int headerLength(byte[] record) {
        return (flags(record) & EXPIRES) != 0 ? 9 : 1;
    }

    /** @return the record's flags, checked, with the header they announce present */
    private static int flags(byte[] record) {
        if (record.length == 0) {
            throw new MalformedDocumentException("Stored record is empty");
        }
        int flags = record[0];
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new MalformedDocumentException("Stored record has unknown flags " + flags);
        }
        if ((flags & EXPIRES) != 0 && record.length < 9) {
            throw new MalformedDocumentException("Stored record of " + record.length
                    + " bytes is too short for its expiry time");
        }
        return flags;
    }

    private static byte[] deflate(byte[] input) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 16);
        writeVarint(out, input.length);
        byte[] buffer = new byte[Math.min(64 * 1024, input.length + 64)];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
            if (out.size() > input.length) {
                return input;
            }
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] record, int offset) {
        long length = 0;
        int shift = 0;
        int p = offset;
        byte b;
        do {
            if (p >= record.length) {
                throw new MalformedDocumentException("Compressed record is truncated in its length");
            }
            b = record[p++];
            length |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0 && shift < 35);
        // Deflate expands at most 1032:1; a larger claim is damage and must not size the buffer
        long compressed = record.length - p;
        if (b < 0 || length > Math.min(Integer.MAX_VALUE - 8, compressed * MAX_DEFLATE_RATIO + 64)) {
            throw new MalformedDocumentException("Compressed record claims " + length + " bytes from "
                    + compressed + " compressed bytes");
        }
        byte[] out = new byte[(int) length];
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(record, p, record.length - p);
        try {
            int n = 0;
            while (n < length) {
                int read = inflater.inflate(out, n, (int) length - n);
                if (read == 0) {
                    // finished early, out of input, or waiting for a dictionary: none will change
                    break;
                }
                n += read;
            }
            if (n != length) {
                throw new MalformedDocumentException("Compressed record is truncated: " + n + " of " + length + " bytes");
            }
        } catch (DataFormatException e) {
            throw new MalformedDocumentException("Compressed record is damaged: " + e.getMessage(), e);
        }
        return out;
    }

    private static void writeVarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    static void writeLong(byte[] target, int offset, long v) {
        for (int i = 7; i >= 0; i--) {
            target[offset + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long readLong(byte[] source, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (source[offset + i] & 0xFF);
        }
        return v;
    }
}
