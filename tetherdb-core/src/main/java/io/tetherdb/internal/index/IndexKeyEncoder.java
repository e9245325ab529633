package io.tetherdb.internal.index;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

import io.tetherdb.query.ValueOrder;

/**
 * Encodes index key values into bytes whose unsigned order is MongoDB's cross-type order as
 * {@link ValueOrder} defines it, so that an index map with byte-array keys iterates in query order.
 *
 * <p>A value's encoding is its type rank (one byte) followed by a payload: numbers as a sortable
 * double and the exact decimal difference of the value from it (so {@code 1 == 1L == 1.0 == 1.00}
 * encode alike and every long and decimal orders exactly), strings as escaped UTF-8 with a
 * terminator, binary data length-prefixed, booleans and dates in fixed width, and objects and arrays as their entries
 * followed by an end marker. Every encoding is prefix-free, so encodings can be concatenated for
 * compound keys and inverted byte by byte for descending fields; the keys that share a prefix
 * form one contiguous range, from the prefix to its {@linkplain #successor(byte[]) successor}.
 *
 * <p>Thread-safe and stateless.
 */
public final class IndexKeyEncoder {

    /**
     * Version of the key encoding, recorded with each index: 2 since decimals, whose numbers carry
     * an exact decimal difference from their nearest double; version 1 carried an 8-byte integer
     * offset, and indexes built with it are rebuilt when their store opens.
     */
    public static final int KEY_FORMAT = 2;

    private static final double TWO_POW_63 = 0x1p63;

    // class bytes of an exact difference, in order
    private static final int NEGATIVE_INFINITY = 0x00;
    private static final int NEGATIVE = 0x40;
    private static final int ZERO = 0x80;
    private static final int POSITIVE = 0xC0;
    private static final int POSITIVE_INFINITY = 0xFF;

    private IndexKeyEncoder() {
    }

    /**
     * @param value a document value; may be null
     * @return the value's encoding
     */
    public static byte[] encode(Object value) {
        KeyBuffer out = new KeyBuffer();
        write(out, value);
        return out.toByteArray();
    }

    /**
     * @param value a document value; may be null
     * @param descending whether the index field is descending (the bytes are inverted)
     * @return the value's encoding for an index field of that direction
     */
    public static byte[] encode(Object value, boolean descending) {
        byte[] bytes = encode(value);
        return descending ? invert(bytes) : bytes;
    }

    /**
     * @param typeRank a {@link ValueOrder} type rank
     * @return the one-byte prefix shared by the encodings of every value of that type
     */
    public static byte[] typePrefix(int typeRank) {
        return new byte[] {(byte) typeRank};
    }

    /**
     * @param prefix a non-empty byte string that is not all {@code 0xFF}
     * @return the smallest byte string greater than every byte string that starts with the prefix
     */
    public static byte[] successor(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xFF) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("A prefix of only 0xFF bytes has no successor");
        }
        byte[] next = Arrays.copyOf(prefix, end);
        next[end - 1]++;
        return next;
    }

    /**
     * @param bytes an encoding; not modified
     * @return a copy with every byte inverted, reversing the order
     */
    public static byte[] invert(byte[] bytes) {
        byte[] inverted = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            inverted[i] = (byte) ~bytes[i];
        }
        return inverted;
    }

    private static void write(KeyBuffer out, Object value) {
        int rank = ValueOrder.typeRank(value);
        out.write(rank);
        writePayload(out, rank, value);
    }

    private static void writePayload(KeyBuffer out, int rank, Object value) {
        switch (rank) {
            case ValueOrder.NULL:
                return;
            case ValueOrder.NUMBER:
                writeNumber(out, (Number) value);
                return;
            case ValueOrder.STRING:
                writeString(out, (String) value);
                return;
            case ValueOrder.OBJECT:
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    int entryRank = ValueOrder.typeRank(entry.getValue());
                    out.write(entryRank);
                    writeString(out, String.valueOf(entry.getKey()));
                    writePayload(out, entryRank, entry.getValue());
                }
                out.write(0);
                return;
            case ValueOrder.ARRAY:
                for (Object element : (Collection<?>) value) {
                    write(out, element);
                }
                out.write(0);
                return;
            case ValueOrder.BINARY: {
                byte[] bytes = (byte[]) value;
                writeLong(out, bytes.length, 4);
                out.writeBytes(bytes);
                return;
            }
            case ValueOrder.BOOLEAN:
                out.write((Boolean) value ? 1 : 0);
                return;
            case ValueOrder.DATE: {
                Instant instant = value instanceof Date d ? d.toInstant() : (Instant) value;
                writeLong(out, instant.getEpochSecond() ^ Long.MIN_VALUE, 8);
                writeLong(out, instant.getNano(), 4);
                return;
            }
            default:
                throw new IllegalArgumentException("Values of type " + value.getClass().getName()
                        + " cannot be indexed");
        }
    }

    /**
     * Numbers: a marker (0 for NaN, which sorts below every number, else 1), then the nearest
     * double D in sortable form, then the exact difference between the value and D as a
     * {@linkplain #writeExact sortable decimal}. Rounding to the nearest double is monotonic, so D
     * orders values that round apart, and the difference orders those that round alike; equal
     * values have the same D and difference whatever their types ({@code 12 == 12.0 == 12.00}),
     * and an int, a double or a long within 2<sup>53</sup> has difference 0. A decimal beyond the
     * range of a double has D = &plusmn;infinity and the value itself in place of the difference,
     * below the infinity itself (written as a difference of &plusmn;infinity).
     */
    private static void writeNumber(KeyBuffer out, Number number) {
        if (number instanceof BigDecimal || number instanceof BigInteger) {
            BigDecimal value = number instanceof BigInteger i ? new BigDecimal(i) : (BigDecimal) number;
            double d = value.doubleValue();
            out.write(1);
            writeDouble(out, d);
            writeExact(out, Double.isInfinite(d) ? value : value.subtract(new BigDecimal(d)));
            return;
        }
        boolean integral = number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte;
        double d = number.doubleValue();
        if (Double.isNaN(d)) {
            out.write(0);
            return;
        }
        out.write(1);
        writeDouble(out, d);
        if (integral) {
            long l = number.longValue();
            long offset = d >= TWO_POW_63 ? l - Long.MAX_VALUE - 1 : l - (long) d;
            writeExact(out, offset == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(offset));
        } else if (Double.isInfinite(d)) {
            out.write(d > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY);
        } else {
            out.write(ZERO);
        }
    }

    private static void writeDouble(KeyBuffer out, double d) {
        long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
        writeLong(out, bits < 0 ? ~bits : bits ^ Long.MIN_VALUE, 8);
    }

    /**
     * A decimal, exactly and prefix-free, in an order-preserving form: a class byte (negative,
     * zero, positive), then for a non-zero value its adjusted exponent (the power of ten of its
     * first digit) as a biased 4-byte integer and its significant digits without trailing zeros,
     * two to a byte (1 + 10 &times; first + second, a last odd digit paired with 0) and a 0
     * terminator; a negative value has those bytes inverted. Trailing zeros are dropped so that
     * equal values of different scales encode alike.
     */
    private static void writeExact(KeyBuffer out, BigDecimal value) {
        int signum = value.signum();
        if (signum == 0) {
            out.write(ZERO);
            return;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        // within Decimal128's exponents, and a double's binary digits, this fits an int with room
        int exponent = (int) (digits.length() - 1L - stripped.scale());
        byte[] body = new byte[4 + (digits.length() + 1) / 2 + 1];
        int biased = exponent ^ Integer.MIN_VALUE;
        for (int i = 0; i < 4; i++) {
            body[i] = (byte) (biased >>> (24 - 8 * i));
        }
        for (int i = 0; i < digits.length(); i += 2) {
            int first = digits.charAt(i) - '0';
            int second = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0;
            body[4 + i / 2] = (byte) (1 + 10 * first + second);
        }
        if (signum < 0) {
            out.write(NEGATIVE);
            out.writeBytes(invert(body));
        } else {
            out.write(POSITIVE);
            out.writeBytes(body);
        }
    }

    /**
     * UTF-8 with 0x00 escaped as 0x00 0xFE, terminated by 0x00 0x01. Documents cannot hold lone
     * surrogates, but filter operands can, and their keys must neither collide with other strings
     * (as {@link String#getBytes} would make them, replacing each by '?') nor order differently
     * than {@link ValueOrder#compareStrings}, which treats a lone surrogate as a UTF-16 unit: a
     * lone high surrogate sorts just below the 1024 code points it would begin, written as the
     * first three bytes of the first of them and 0x01 (below any continuation byte); a lone low
     * surrogate sorts above every code point, written as 0xF5 (never a UTF-8 byte) and two bytes
     * of its offset.
     */
    private static void writeString(KeyBuffer out, String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                out.write(0);
                out.write(0xFE);
            } else if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int first = 0x10000 + ((c - Character.MIN_HIGH_SURROGATE) << 10);
                out.write(0xF0 | (first >> 18));
                out.write(0x80 | ((first >> 12) & 0x3F));
                out.write(0x80 | ((first >> 6) & 0x3F));
                out.write(0x01);
            } else {
                int offset = c - Character.MIN_LOW_SURROGATE;
                out.write(0xF5);
                out.write(0x80 | (offset >> 6));
                out.write(0x80 | (offset & 0x3F));
            }
        }
        out.write(0);
        out.write(1);
    }

    private static void writeLong(KeyBuffer out, long v, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    /**
     * The bytes of one encoding as they are written: a growable array without the per-call lock of
     * {@code ByteArrayOutputStream}, whose synchronized {@code write} was most of the cost of
     * encoding a number (one call per byte). Not thread-safe: each encoding has its own.
     */
    private static final class KeyBuffer {
        private byte[] bytes = new byte[16];
        private int length;

        void write(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, length * 2);
            }
            bytes[length++] = (byte) b;
        }

        void writeBytes(byte[] more) {
            if (length + more.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length * 2, length + more.length));
            }
            System.arraycopy(more, 0, bytes, length, more.length);
            length += more.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }
    }
}
