package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tetherdb.query.InvalidQueryException;

/**
 * The string expression operators ({@code $concat $substrCP $toLower $toUpper $split $strLenCP}),
 * counting in Unicode code points. Thread-safe.
 */
final class StringExpressions {

    private StringExpressions() {
    }

    static Expression compile(ExpressionOperator operator, List<Expression> args, String at) {
        switch (operator) {
            case CONCAT:
                return variables -> {
                    StringBuilder result = new StringBuilder();
                    for (Expression arg : args) {
                        Object value = arg.evaluate(variables);
                        if (Values.isNullish(value)) {
                            return null;
                        }
                        if (!(value instanceof String s)) {
                            throw new InvalidQueryException(at + " only supports strings, not "
                                    + Values.typeName(value));
                        }
                        result.append(s);
                    }
                    return result.toString();
                };
            case TO_LOWER:
            case TO_UPPER: {
                count(args, 1, 1, at);
                boolean lower = operator == ExpressionOperator.TO_LOWER;
                return variables -> {
                    String s = text(args.get(0).evaluate(variables), at);
                    return lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT);
                };
            }
            case STR_LEN_CP: {
                count(args, 1, 1, at);
                return variables -> {
                    Object value = args.get(0).evaluate(variables);
                    if (!(value instanceof String s)) {
                        throw new InvalidQueryException(at + " requires a string argument, found: "
                                + Values.typeName(value));
                    }
                    return s.codePointCount(0, s.length());
                };
            }
            case SUBSTR_CP: {
                count(args, 3, 3, at);
                return variables -> {
                    String s = text(args.get(0).evaluate(variables), at);
                    int start = index(args.get(1).evaluate(variables), "starting index", at);
                    int length = index(args.get(2).evaluate(variables), "length", at);
                    int codePoints = s.codePointCount(0, s.length());
                    if (start >= codePoints) {
                        return "";
                    }
                    int from = s.offsetByCodePoints(0, start);
                    int to = s.offsetByCodePoints(from, Math.min(length, codePoints - start));
                    return s.substring(from, to);
                };
            }
            default: {
                count(args, 2, 2, at);
                return variables -> {
                    Object value = args.get(0).evaluate(variables);
                    Object delimiter = args.get(1).evaluate(variables);
                    if (Values.isNullish(value)) {
                        return null;
                    }
                    if (!(value instanceof String s)) {
                        throw new InvalidQueryException(at + " requires an expression that evaluates to a string"
                                + " as a first argument, found: " + Values.typeName(value));
                    }
                    if (!(delimiter instanceof String d)) {
                        throw new InvalidQueryException(at + " requires an expression that evaluates to a string"
                                + " as a second argument, found: " + Values.typeName(delimiter));
                    }
                    if (d.isEmpty()) {
                        throw new InvalidQueryException(at + " requires a non-empty separator");
                    }
                    List<Object> parts = new ArrayList<>();
                    int from = 0;
                    int found;
                    while ((found = s.indexOf(d, from)) >= 0) {
                        parts.add(s.substring(from, found));
                        from = found + d.length();
                    }
                    parts.add(s.substring(from));
                    return parts;
                };
            }
        }
    }

    static void count(List<Expression> args, int min, int max, String at) {
        if (args.size() < min || args.size() > max) {
            throw new InvalidQueryException(at + " takes " + (min == max ? "exactly " + min : min + " to " + max)
                    + " argument" + (max == 1 ? "" : "s") + " but was given " + args.size());
        }
    }

    /** The text form $toLower, $toUpper and $substrCP take: null is "", numbers their text. */
    private static String text(Object value, String at) {
        if (Values.isNullish(value)) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (Values.isNumber(value) || value instanceof java.time.Instant) {
            return Conversions.toText(value);
        }
        throw new InvalidQueryException(at + " can't convert " + Values.typeName(value) + " to a string");
    }

    private static int index(Object value, String what, String at) {
        if (!(value instanceof Number n) || !Values.isNumber(value) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new InvalidQueryException(at + " requires an integral " + what + " but was "
                    + Values.typeName(value));
        }
        if (n.doubleValue() < 0) {
            throw new InvalidQueryException(at + ": " + what + " must be a non-negative integer but was " + n);
        }
        return (int) Math.min(Integer.MAX_VALUE, n.longValue());
    }
}
