package io.tetherdb.internal.aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Supplier;

import io.tetherdb.document.Decimals;
import io.tetherdb.query.InvalidQueryException;

/**
 * Type conversions of {@code $convert} and the {@code $toXxx} shorthands, with MongoDB's rules:
 * which conversions exist, what each one gives, and which fail (a failure takes {@code onError}
 * when it is given, else it is an {@link InvalidQueryException}). Thread-safe.
 */
final class Conversions {

    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final Map<Integer, String> TYPE_CODES = Map.of(1, "double", 2, "string", 8, "bool", 9, "date",
            16, "int", 18, "long", 19, "decimal");

    private Conversions() {
    }

    static Object convert(Object input, Object to, Supplier<Object> onError, Supplier<Object> onNull, String at) {
        String target = target(to, at);
        if (Values.isNullish(input)) {
            return onNull == null ? null : onNull.get();
        }
        try {
            return convert(input, target, at);
        } catch (InvalidQueryException e) {
            if (onError != null) {
                return onError.get();
            }
            throw e;
        }
    }

    private static String target(Object to, String at) {
        if (to instanceof String s) {
            if (TYPE_CODES.containsValue(s)) {
                return s;
            }
            throw new InvalidQueryException(at + ": unsupported conversion target type '" + s + "'");
        }
        if (Values.isNumber(to) && ((Number) to).doubleValue() == ((Number) to).intValue()
                && TYPE_CODES.containsKey(((Number) to).intValue())) {
            return TYPE_CODES.get(((Number) to).intValue());
        }
        throw new InvalidQueryException(at + ": unsupported conversion target type " + to);
    }

    private static Object convert(Object input, String target, String at) {
        switch (target) {
            case "string":
                if (input instanceof String || Values.isNumber(input) || input instanceof Boolean
                        || input instanceof Instant) {
                    return toText(input);
                }
                break;
            case "bool":
                if (input instanceof Boolean) {
                    return input;
                }
                if (Values.isNumber(input)) {
                    return Values.truthy(input);
                }
                return true;
            case "double":
                if (input instanceof Number n && Values.isNumber(input)) {
                    if (n instanceof BigDecimal d && d.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) > 0) {
                        throw failure(input, target, at, "value out of range");
                    }
                    return n.doubleValue();
                }
                if (input instanceof Boolean b) {
                    return b ? 1.0 : 0.0;
                }
                if (input instanceof Instant i) {
                    return (double) i.toEpochMilli();
                }
                if (input instanceof String s) {
                    try {
                        return Double.parseDouble(s.trim().equals(s) ? s : "x");
                    } catch (NumberFormatException e) {
                        throw failure(input, target, at, "Failed to parse number '" + s + "'");
                    }
                }
                break;
            case "decimal":
                if (input instanceof Number n && Values.isNumber(input)) {
                    if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
                        throw failure(input, target, at, "decimals have no " + d);
                    }
                    return Values.toDecimal(n);
                }
                if (input instanceof Boolean b) {
                    return b ? BigDecimal.ONE : BigDecimal.ZERO;
                }
                if (input instanceof Instant i) {
                    return BigDecimal.valueOf(i.toEpochMilli());
                }
                if (input instanceof String s) {
                    try {
                        return Decimals.parse(s);
                    } catch (RuntimeException e) {
                        throw failure(input, target, at, "Failed to parse number '" + s + "'");
                    }
                }
                break;
            case "int":
            case "long": {
                boolean isInt = target.equals("int");
                long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
                Long value = null;
                if (input instanceof Integer || input instanceof Long) {
                    value = ((Number) input).longValue();
                } else if (input instanceof Double d) {
                    if (d.isNaN() || d.isInfinite() || d < (double) min || d >= -(double) min) {
                        throw failure(input, target, at, "Conversion would overflow target type");
                    }
                    value = (long) (double) d;
                } else if (input instanceof BigDecimal d) {
                    BigDecimal whole = d.setScale(0, RoundingMode.DOWN);
                    if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
                        throw failure(input, target, at, "Conversion would overflow target type");
                    }
                    value = whole.longValueExact();
                } else if (input instanceof Boolean b) {
                    value = b ? 1L : 0L;
                } else if (input instanceof Instant i && !isInt) {
                    value = i.toEpochMilli();
                } else if (input instanceof String s) {
                    try {
                        value = Long.parseLong(s);
                    } catch (NumberFormatException e) {
                        throw failure(input, target, at, "Failed to parse number '" + s + "'");
                    }
                }
                if (value == null) {
                    break;
                }
                if (value < min || value > max) {
                    throw failure(input, target, at, "Conversion would overflow target type");
                }
                return isInt ? (Object) (int) (long) value : value;
            }
            default:
                if (input instanceof Instant) {
                    return input;
                }
                if (input instanceof Long || input instanceof Double || input instanceof BigDecimal) {
                    double millis = ((Number) input).doubleValue();
                    if (Double.isNaN(millis) || Double.isInfinite(millis)) {
                        throw failure(input, target, at, "cannot convert " + input + " to a date");
                    }
                    return Instant.ofEpochMilli((long) millis);
                }
                if (input instanceof String s) {
                    return DateExpressions.parse(s, null, null, at);
                }
                break;
        }
        throw failure(input, target, at, "Unsupported conversion from " + Values.typeName(input) + " to " + target);
    }

    private static InvalidQueryException failure(Object input, String target, String at, String reason) {
        return new InvalidQueryException(at + ": " + reason + " (converting " + Values.typeName(input) + " to "
                + target + ") with no onError value");
    }

    static String toText(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return "NaN";
            }
            if (d.isInfinite()) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return d == 0 && 1 / d < 0 ? "-0" : Long.toString((long) (double) d);
            }
            String text = Double.toString(d);
            int e = text.indexOf('E');
            if (e < 0) {
                return text;
            }
            String mantissa = text.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            String exponent = text.substring(e + 1);
            return mantissa + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
        }
        if (value instanceof BigDecimal d) {
            return d.toString();
        }
        if (value instanceof Instant i) {
            return ISO_MILLIS.format(i);
        }
        return String.valueOf(value);
    }
}
