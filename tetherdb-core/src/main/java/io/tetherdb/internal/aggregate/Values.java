package io.tetherdb.internal.aggregate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tetherdb.document.Decimals;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.ValueOrder;

/**
 * What the aggregation language does with single values: the "missing" value a path to nowhere
 * gives, truthiness, type names, MongoDB's comparison order extended by "missing", and numeric
 * arithmetic with its type promotion (int, long, double, decimal). Stateless and thread-safe.
 */
public final class Values {

    /**
     * The value of an expression that names no field: unlike null it is left out of the documents
     * a stage writes, and it sorts before null, as in MongoDB.
     */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "missing";
        }
    };

    static final MathContext DECIMAL = new MathContext(Decimals.MAX_DIGITS, RoundingMode.HALF_EVEN);

    private Values() {
    }

    static boolean isMissing(Object value) {
        return value == MISSING;
    }

    static boolean isNullish(Object value) {
        return value == null || value == MISSING;
    }

    /** MongoDB's truthiness: false, null, missing and every zero are false; all else is true. */
    static boolean truthy(Object value) {
        if (isNullish(value) || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof BigDecimal d) {
            return d.signum() != 0;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0 || Double.isNaN(n.doubleValue());
        }
        return true;
    }

    /** @return the value's BSON type name, as {@code $type} reports it */
    static String typeName(Object value) {
        if (value == MISSING) {
            return "missing";
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return "int";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Double || value instanceof Float) {
            return "double";
        }
        if (value instanceof BigDecimal) {
            return "decimal";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof Collection || value instanceof Object[]) {
            return "array";
        }
        if (value instanceof byte[]) {
            return "binData";
        }
        if (value instanceof Instant || value instanceof Date) {
            return "date";
        }
        if (value instanceof Pattern) {
            return "regex";
        }
        return value.getClass().getSimpleName();
    }

    /** Compares in MongoDB's order, missing before every other value. */
    static int compare(Object a, Object b) {
        if (a == MISSING || b == MISSING) {
            return Boolean.compare(a != MISSING, b != MISSING);
        }
        return ValueOrder.natural().compare(a, b);
    }

    static boolean isNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof BigDecimal;
    }

    static BigDecimal toDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new InvalidQueryException("Cannot use " + d + " in decimal arithmetic");
            }
            return new BigDecimal(Double.toString(d));
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** The numeric kind of a result: 0 int, 1 long, 2 double, 3 decimal. */
    static int kind(Number n) {
        return n instanceof Integer ? 0 : n instanceof Long ? 1 : n instanceof BigDecimal ? 3 : 2;
    }

    /** An integral result in the narrowest of int and long that holds it, and a double beyond. */
    static Number integral(long value, int kind) {
        if (kind == 0 && value == (int) value) {
            return (int) value;
        }
        return value;
    }

    static Number add(Number a, Number b) {
        int kind = Math.max(kind(a), kind(b));
        switch (kind) {
            case 0, 1: {
                long x = a.longValue();
                long y = b.longValue();
                long r = x + y;
                if (((x ^ r) & (y ^ r)) < 0) {
                    return (double) x + (double) y;
                }
                return integral(r, kind);
            }
            case 2:
                return a.doubleValue() + b.doubleValue();
            default:
                return toDecimal(a).add(toDecimal(b), DECIMAL);
        }
    }

    static Number subtract(Number a, Number b) {
        int kind = Math.max(kind(a), kind(b));
        switch (kind) {
            case 0, 1: {
                long x = a.longValue();
                long y = b.longValue();
                long r = x - y;
                if (((x ^ y) & (x ^ r)) < 0) {
                    return (double) x - (double) y;
                }
                return integral(r, kind);
            }
            case 2:
                return a.doubleValue() - b.doubleValue();
            default:
                return toDecimal(a).subtract(toDecimal(b), DECIMAL);
        }
    }

    static Number multiply(Number a, Number b) {
        int kind = Math.max(kind(a), kind(b));
        switch (kind) {
            case 0, 1: {
                long x = a.longValue();
                long y = b.longValue();
                long hi = Math.multiplyHigh(x, y);
                long r = x * y;
                if ((hi != 0 || r < 0) && (hi != -1 || r >= 0)) {
                    return (double) x * (double) y;
                }
                return integral(r, kind);
            }
            case 2:
                return a.doubleValue() * b.doubleValue();
            default:
                return toDecimal(a).multiply(toDecimal(b), DECIMAL);
        }
    }

    static Number divide(Number a, Number b, String where) {
        if (kind(a) == 3 || kind(b) == 3) {
            BigDecimal divisor = toDecimal(b);
            if (divisor.signum() == 0) {
                throw new InvalidQueryException("can't " + where + " by zero");
            }
            return toDecimal(a).divide(divisor, DECIMAL);
        }
        if (b.doubleValue() == 0) {
            throw new InvalidQueryException("can't " + where + " by zero");
        }
        return a.doubleValue() / b.doubleValue();
    }

    static Number mod(Number a, Number b) {
        int kind = Math.max(kind(a), kind(b));
        if (kind <= 1) {
            if (b.longValue() == 0) {
                throw new InvalidQueryException("$mod by zero");
            }
            return integral(a.longValue() % b.longValue(), kind);
        }
        if (kind == 2) {
            if (b.doubleValue() == 0) {
                throw new InvalidQueryException("$mod by zero");
            }
            return a.doubleValue() % b.doubleValue();
        }
        BigDecimal divisor = toDecimal(b);
        if (divisor.signum() == 0) {
            throw new InvalidQueryException("$mod by zero");
        }
        return toDecimal(a).remainder(divisor, DECIMAL);
    }

    static Number negate(Number n) {
        return subtract(0, n);
    }

    static boolean isArray(Object value) {
        return value instanceof List;
    }

    /** A key whose equality and hash follow {@link ValueOrder#equivalent}, for grouping. */
    static final class Key {
        final Object value;
        private final int hash;

        Key(Object value) {
            this.value = value;
            this.hash = hash(value);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || hash != k.hash) {
                return false;
            }
            // the common group key, text, needs no trip through the cross-type order
            if (value instanceof String a && k.value instanceof String b) {
                return a.equals(b);
            }
            return compare(value, k.value) == 0;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        private static int hash(Object value) {
            if (value == null || value == MISSING) {
                return 0;
            }
            if (value instanceof Number n) {
                double d = n.doubleValue();
                return d == 0 ? 1 : Double.hashCode(d);
            }
            if (value instanceof Map<?, ?> m) {
                int h = 7;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    h = h * 31 + e.getKey().hashCode();
                    h = h * 31 + hash(e.getValue());
                }
                return h;
            }
            if (value instanceof Collection<?> c) {
                int h = 11;
                for (Object element : c) {
                    h = h * 31 + hash(element);
                }
                return h;
            }
            if (value instanceof byte[] b) {
                return Arrays.hashCode(b);
            }
            if (value instanceof Date d) {
                return d.toInstant().hashCode();
            }
            if (value instanceof Pattern p) {
                return p.pattern().hashCode();
            }
            return value.hashCode();
        }
    }

    /** A rough count of the heap bytes a value holds, for the memory limit of blocking stages. */
    static long sizeOf(Object value) {
        if (value == null || value == MISSING || value instanceof Boolean) {
            return 8;
        }
        if (value instanceof String s) {
            return 48 + 2L * s.length();
        }
        if (value instanceof Map<?, ?> m) {
            long size = 64;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                size += 48 + sizeOf(e.getKey()) + sizeOf(e.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> c) {
            long size = 48;
            for (Object element : c) {
                size += 8 + sizeOf(element);
            }
            return size;
        }
        if (value instanceof byte[] b) {
            return 24 + b.length;
        }
        if (value instanceof BigDecimal) {
            return 64;
        }
        return 24;
    }
}
