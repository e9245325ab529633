package io.tetherdb.update;

import java.math.BigDecimal;
import java.math.MathContext;

import io.tetherdb.document.Decimals;

/**
 * The arithmetic of {@code $inc} and {@code $mul} with MongoDB's type promotion: int with int gives
 * an int, or a long when the result does not fit; a long operand gives a long, and a long result
 * that overflows is an error, as MongoDB refuses it; a double makes the result a double; a decimal
 * makes it a decimal, computed with Decimal128's 34 digits, a double taking part with the 15
 * significant digits MongoDB converts it to. Stateless and thread-safe.
 */
final class Arithmetic {

    /** How MongoDB turns a double into a Decimal128 for mixed arithmetic. */
    private static final MathContext DOUBLE_TO_DECIMAL = new MathContext(15);

    private Arithmetic() {
    }

    /** Thrown for a result the value types cannot hold; the caller names the operator and path. */
    static final class OverflowException extends Exception {

        private static final long serialVersionUID = 1L;

        OverflowException(String message) {
            super(message, null, false, false);
        }
    }

    static Number add(Number a, Number b) throws OverflowException {
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return checked(decimal(a).add(decimal(b), MathContext.DECIMAL128));
        }
        if (a instanceof Double || b instanceof Double) {
            return a.doubleValue() + b.doubleValue();
        }
        if (a instanceof Long || b instanceof Long) {
            try {
                return Math.addExact(a.longValue(), b.longValue());
            } catch (ArithmeticException e) {
                throw new OverflowException("the result overflows a 64-bit integer");
            }
        }
        long result = (long) a.intValue() + b.intValue();
        return narrow(result);
    }

    static Number multiply(Number a, Number b) throws OverflowException {
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return checked(decimal(a).multiply(decimal(b), MathContext.DECIMAL128));
        }
        if (a instanceof Double || b instanceof Double) {
            return a.doubleValue() * b.doubleValue();
        }
        if (a instanceof Long || b instanceof Long) {
            try {
                return Math.multiplyExact(a.longValue(), b.longValue());
            } catch (ArithmeticException e) {
                throw new OverflowException("the result overflows a 64-bit integer");
            }
        }
        long result = (long) a.intValue() * b.intValue();
        return narrow(result);
    }

    /** @return zero of the operand's type, the value {@code $mul} sets on a missing field */
    static Number zeroLike(Number operand) {
        if (operand instanceof BigDecimal) {
            return BigDecimal.ZERO;
        }
        if (operand instanceof Double) {
            return 0.0d;
        }
        if (operand instanceof Long) {
            return 0L;
        }
        return 0;
    }

    /** @return whether the value is one of the numeric types a document holds */
    static boolean isNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof BigDecimal;
    }

    private static Number narrow(long result) {
        return result == (int) result ? (Number) (int) result : (Number) result;
    }

    private static BigDecimal decimal(Number n) throws OverflowException {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new OverflowException("the double " + d + " has no decimal form (TetherDB's decimals hold no NaN"
                        + " or infinity)");
            }
            return new BigDecimal(d, DOUBLE_TO_DECIMAL);
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static BigDecimal checked(BigDecimal result) throws OverflowException {
        String problem = Decimals.problem(result);
        if (problem != null) {
            throw new OverflowException("the decimal result " + result + " " + problem);
        }
        return result;
    }
}
