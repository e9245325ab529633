package io.tetherdb.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MongoDB's total order over document values, across types: null &lt; numbers &lt; strings &lt;
 * objects &lt; arrays &lt; binary &lt; booleans &lt; dates &lt; regular expressions. Numbers
 * compare by exact value whatever their Java type (so {@code 1 == 1L == 1.0 == 1.00} and a long
 * beyond 2<sup>53</sup> compares correctly with a double); a {@link BigDecimal} compares with a
 * double by the double's exact binary value, so decimal {@code 0.1} is not equal to the double
 * {@code 0.1} (as in MongoDB), while decimal {@code 12.5} equals the double {@code 12.5}. NaN is
 * equal to NaN and below every other number, the infinities above and below every decimal.
 * Strings compare by Unicode code point (the order of their UTF-8 bytes), objects field by field
 * (type of the value, then name, then value), arrays element by element, binary data by length
 * and then unsigned bytes. Used by filters, sorting and index keys.
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.1
 */
public final class ValueOrder implements Comparator<Object> {

    /** Canonical type rank of {@code null}. */
    public static final int NULL = 1;
    /** Canonical type rank of numbers ({@link Integer}, {@link Long}, {@link Double}, {@link BigDecimal}). */
    public static final int NUMBER = 2;
    /** Canonical type rank of strings. */
    public static final int STRING = 3;
    /** Canonical type rank of objects ({@link Map}). */
    public static final int OBJECT = 4;
    /** Canonical type rank of arrays ({@link Collection}). */
    public static final int ARRAY = 5;
    /** Canonical type rank of binary data ({@code byte[]}). */
    public static final int BINARY = 6;
    /** Canonical type rank of booleans. */
    public static final int BOOLEAN = 7;
    /** Canonical type rank of dates ({@link Instant}). */
    public static final int DATE = 8;
    /** Canonical type rank of regular expressions ({@link Pattern}). */
    public static final int REGEX = 9;

    private static final ValueOrder INSTANCE = new ValueOrder();

    private static final double TWO_POW_63 = 0x1p63;

    private ValueOrder() {
    }

    /** @return the shared instance */
    public static ValueOrder natural() {
        return INSTANCE;
    }

    /**
     * @param value a document value; may be null
     * @return the canonical type rank of the value: one of the constants of this class; all
     *         numbers share one rank
     * @throws IllegalArgumentException if the value is of a type documents cannot hold
     */
    public static int typeRank(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Map) {
            return OBJECT;
        }
        if (value instanceof Collection) {
            return ARRAY;
        }
        if (value instanceof byte[]) {
            return BINARY;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Instant || value instanceof Date) {
            return DATE;
        }
        if (value instanceof Pattern) {
            return REGEX;
        }
        throw new IllegalArgumentException("Unsupported value type " + value.getClass().getName());
    }

    /**
     * Whether two values are equal as MongoDB's {@code $eq} sees them: of the same canonical type
     * and comparing as equal (so {@code 1} equals {@code 1.0}, and objects must have the same
     * fields in the same order).
     *
     * @param a a value; may be null
     * @param b a value; may be null
     * @return whether they are equal
     */
    public static boolean equivalent(Object a, Object b) {
        return INSTANCE.compare(a, b) == 0;
    }

    /**
     * Compares two values in MongoDB's cross-type order.
     *
     * @param a a value; may be null
     * @param b a value; may be null
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     * @throws IllegalArgumentException if a value is of a type documents cannot hold
     */
    @Override
    public int compare(Object a, Object b) {
        int ra = typeRank(a);
        int rb = typeRank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case NULL:
                return 0;
            case NUMBER:
                return compareNumbers((Number) a, (Number) b);
            case STRING:
                return compareStrings((String) a, (String) b);
            case OBJECT:
                return compareObjects((Map<?, ?>) a, (Map<?, ?>) b);
            case ARRAY:
                return compareArrays((Collection<?>) a, (Collection<?>) b);
            case BINARY:
                return compareBinary((byte[]) a, (byte[]) b);
            case BOOLEAN:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case DATE:
                return toInstant(a).compareTo(toInstant(b));
            default:
                return compareRegex((Pattern) a, (Pattern) b);
        }
    }

    /**
     * Compares two numbers by exact value, whatever their Java types. NaN equals NaN and sorts
     * below every other number; {@code -0.0} equals {@code 0.0}; decimals compare by value, not
     * scale ({@code 12.5 == 12.50}), and with doubles by the double's exact binary value.
     *
     * @param a a number; not null
     * @param b a number; not null
     * @return negative, zero or positive as {@code a} is below, equal to or above {@code b}
     */
    public static int compareNumbers(Number a, Number b) {
        if (isDecimal(a) || isDecimal(b)) {
            return compareExactly(a, b);
        }
        boolean aIntegral = isIntegral(a);
        boolean bIntegral = isIntegral(b);
        if (aIntegral && bIntegral) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (aIntegral) {
            return compareLongDouble(a.longValue(), b.doubleValue());
        }
        if (bIntegral) {
            return -compareLongDouble(b.longValue(), a.doubleValue());
        }
        return compareDoubles(a.doubleValue(), b.doubleValue());
    }

    static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static boolean isDecimal(Number n) {
        return n instanceof BigDecimal || n instanceof BigInteger;
    }

    /** Compares when one side is a decimal: NaN and the infinities first, then exact values. */
    private static int compareExactly(Number a, Number b) {
        int aSpecial = special(a);
        int bSpecial = special(b);
        if (aSpecial != 0 || bSpecial != 0) {
            return Integer.compare(aSpecial, bSpecial);
        }
        if (a instanceof BigDecimal x && (b instanceof Double || b instanceof Float)) {
            return compareDecimalDouble(x, b.doubleValue());
        }
        if (b instanceof BigDecimal y && (a instanceof Double || a instanceof Float)) {
            return -compareDecimalDouble(y, a.doubleValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    /** @return -2 for NaN, -1 for negative infinity, 1 for positive infinity, 0 for any finite number */
    private static int special(Number n) {
        if (!(n instanceof Double || n instanceof Float)) {
            return 0;
        }
        double d = n.doubleValue();
        return Double.isNaN(d) ? -2 : (Double.isInfinite(d) ? (d > 0 ? 1 : -1) : 0);
    }

    private static int compareDecimalDouble(BigDecimal decimal, double d) {
        // the conversion to the nearest double is monotonic, so where it already differs from d it
        // orders the two; only on a tie is the exact binary value of d needed
        int byNearest = Double.compare(decimal.doubleValue(), d == 0.0 ? 0.0 : d);
        return byNearest != 0 ? byNearest : decimal.compareTo(new BigDecimal(d));
    }

    /**
     * @param n a finite number of any of the types documents and filters hold
     * @return its exact value as a decimal
     */
    static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(n.doubleValue());
    }

    private static int compareDoubles(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : -1) : 1;
        }
        return x < y ? -1 : (x > y ? 1 : 0);
    }

    private static int compareLongDouble(long l, double d) {
        if (Double.isNaN(d)) {
            return 1;
        }
        if (d >= TWO_POW_63) {
            return -1;
        }
        if (d < -TWO_POW_63) {
            return 1;
        }
        // |d| < 2^63 here, so truncation is exact and the fractional part decides ties.
        long whole = (long) d;
        if (l != whole) {
            return Long.compare(l, whole);
        }
        double fraction = d - whole;
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0);
    }

    /**
     * Compares strings by Unicode code point, which is the order of their UTF-8 encodings and
     * MongoDB's order without a collation ({@link String#compareTo} differs for characters outside
     * the Basic Multilingual Plane).
     *
     * @param a a string; not null
     * @param b a string; not null
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
                    return Integer.compare(codePointRank(x), codePointRank(y));
                }
                return Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    // Surrogates encode code points above U+FFFF, so they must sort after U+E000..U+FFFF.
    private static int codePointRank(char c) {
        if (c <= Character.MAX_SURROGATE) {
            return c + 0x2000;
        }
        return c - 0x800;
    }

    private int compareObjects(Map<?, ?> a, Map<?, ?> b) {
        Iterator<? extends Map.Entry<?, ?>> ia = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<?, ?> ea = ia.next();
            Map.Entry<?, ?> eb = ib.next();
            int byType = Integer.compare(typeRank(ea.getValue()), typeRank(eb.getValue()));
            if (byType != 0) {
                return byType;
            }
            int byName = compareStrings(String.valueOf(ea.getKey()), String.valueOf(eb.getKey()));
            if (byName != 0) {
                return byName;
            }
            int byValue = compare(ea.getValue(), eb.getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private int compareArrays(Collection<?> a, Collection<?> b) {
        Iterator<?> ia = a.iterator();
        Iterator<?> ib = b.iterator();
        while (ia.hasNext() && ib.hasNext()) {
            int c = compare(ia.next(), ib.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private static int compareBinary(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return java.util.Arrays.compareUnsigned(a, b);
    }

    private static int compareRegex(Pattern a, Pattern b) {
        int c = compareStrings(a.pattern(), b.pattern());
        return c != 0 ? c : Integer.compare(a.flags(), b.flags());
    }

    private static Instant toInstant(Object date) {
        return date instanceof Date d ? d.toInstant() : (Instant) date;
    }

    @Override
    public String toString() {
        return "ValueOrder";
    }
}
