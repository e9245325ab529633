package io.tetherdb.internal.aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import io.tetherdb.query.InvalidQueryException;

/**
 * The arithmetic expression operators: null or missing in gives null out, numbers keep the widest
 * type of their operands (int, long, double, decimal; an int or long overflow becomes a long or a
 * double, as in MongoDB), and {@code $add}/{@code $subtract} also work on dates. Thread-safe.
 */
final class Arithmetic {

    private Arithmetic() {
    }

    static Expression variadic(ExpressionOperator operator, List<Expression> args, String at) {
        boolean add = operator == ExpressionOperator.ADD;
        return variables -> {
            Number result = add ? 0 : 1;
            Instant date = null;
            for (Expression arg : args) {
                Object value = arg.evaluate(variables);
                if (Values.isNullish(value)) {
                    return null;
                }
                if (add && value instanceof Instant instant) {
                    if (date != null) {
                        throw new InvalidQueryException(at + " only supports one date");
                    }
                    date = instant;
                    continue;
                }
                Number n = ExpressionCompiler.number(value, at);
                result = add ? Values.add(result, n) : Values.multiply(result, n);
            }
            if (date != null) {
                return date.plusMillis(Math.round(result.doubleValue()));
            }
            return result;
        };
    }

    static Expression binary(ExpressionOperator operator, Expression left, Expression right, String at) {
        return variables -> {
            Object a = left.evaluate(variables);
            Object b = right.evaluate(variables);
            if (Values.isNullish(a) || Values.isNullish(b)) {
                return null;
            }
            if (operator == ExpressionOperator.SUBTRACT && a instanceof Instant da) {
                if (b instanceof Instant db) {
                    return da.toEpochMilli() - db.toEpochMilli();
                }
                return da.minusMillis(Math.round(ExpressionCompiler.number(b, at).doubleValue()));
            }
            Number x = ExpressionCompiler.number(a, at);
            Number y = ExpressionCompiler.number(b, at);
            switch (operator) {
                case SUBTRACT:
                    return Values.subtract(x, y);
                case DIVIDE:
                    return Values.divide(x, y, "$divide");
                case MOD:
                    return Values.mod(x, y);
                default:
                    return pow(x, y, at);
            }
        };
    }

    private static Number pow(Number base, Number exponent, String at) {
        int kind = Math.max(Values.kind(base), Values.kind(exponent));
        if (kind == 3) {
            return BigDecimal.valueOf(Math.pow(base.doubleValue(), exponent.doubleValue()));
        }
        if (kind <= 1) {
            long b = base.longValue();
            long e = exponent.longValue();
            if (b == 0 && e < 0) {
                throw new InvalidQueryException(at + " cannot raise 0 to a negative exponent");
            }
            if (e >= 0) {
                long result = 1;
                boolean overflow = false;
                for (long i = 0; i < e && !overflow; i++) {
                    long next = result * b;
                    if (b != 0 && next / b != result) {
                        overflow = true;
                    }
                    result = next;
                    if (result == 0 || result == 1 && (b == 1)) {
                        break;
                    }
                }
                if (!overflow) {
                    return Values.integral(result, kind);
                }
            }
        }
        return Math.pow(base.doubleValue(), exponent.doubleValue());
    }

    static Expression unary(ExpressionOperator operator, Expression arg, String at) {
        return variables -> {
            Object value = arg.evaluate(variables);
            if (Values.isNullish(value)) {
                return null;
            }
            Number n = ExpressionCompiler.number(value, at);
            switch (operator) {
                case ABS:
                    if (n instanceof Integer i) {
                        return i == Integer.MIN_VALUE ? Long.valueOf(-(long) i) : Integer.valueOf(Math.abs(i));
                    }
                    if (n instanceof Long l) {
                        return l == Long.MIN_VALUE ? Double.valueOf(-(double) l) : Long.valueOf(Math.abs(l));
                    }
                    return n instanceof BigDecimal d ? d.abs() : Math.abs(n.doubleValue());
                case CEIL:
                case FLOOR:
                    if (n instanceof Integer || n instanceof Long) {
                        return n;
                    }
                    if (n instanceof BigDecimal d) {
                        return d.setScale(0, operator == ExpressionOperator.CEIL ? RoundingMode.CEILING
                                : RoundingMode.FLOOR);
                    }
                    return operator == ExpressionOperator.CEIL ? Math.ceil(n.doubleValue())
                            : Math.floor(n.doubleValue());
                case SQRT:
                    if (n.doubleValue() < 0) {
                        throw new InvalidQueryException(at + "'s argument must be greater than or equal to 0");
                    }
                    return Math.sqrt(n.doubleValue());
                case EXP:
                    return Math.exp(n.doubleValue());
                case LN:
                    if (n.doubleValue() <= 0) {
                        throw new InvalidQueryException(at + "'s argument must be a positive number");
                    }
                    return Math.log(n.doubleValue());
                default:
                    if (n.doubleValue() <= 0) {
                        throw new InvalidQueryException(at + "'s argument must be a positive number");
                    }
                    return Math.log10(n.doubleValue());
            }
        };
    }

    static Expression round(RoundingMode mode, Expression number, Expression place, String at) {
        return variables -> {
            Object value = number.evaluate(variables);
            Object placeValue = place == null ? 0 : place.evaluate(variables);
            if (Values.isNullish(value) || Values.isNullish(placeValue)) {
                return null;
            }
            Number n = ExpressionCompiler.number(value, at);
            Number p = ExpressionCompiler.number(placeValue, at);
            int digits = p.intValue();
            if (p.doubleValue() != digits || digits < -20 || digits > 100) {
                throw new InvalidQueryException(at + ": place must be an integer in [-20, 100) but was " + p);
            }
            if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return d;
            }
            BigDecimal rounded = Values.toDecimal(n).setScale(digits, mode);
            if (n instanceof BigDecimal) {
                return rounded;
            }
            if (n instanceof Double) {
                return rounded.doubleValue();
            }
            long whole = rounded.longValue();
            return Values.integral(whole, Values.kind(n));
        };
    }
}
