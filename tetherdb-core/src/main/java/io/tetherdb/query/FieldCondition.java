package io.tetherdb.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.Json;

/**
 * A condition on the values at one path: an {@link Operator} and its operand, such as
 * {@code age $gte 18}. Follows MongoDB's rules: an array at the path matches when the array
 * itself or one of its elements satisfies the operator (except for {@link Operator#SIZE} and
 * {@link Operator#CONTAINS}, which look at the array itself); comparisons only match values of
 * the operand's type (numbers are one type); a missing field matches only an equality with null
 * ({@code $eq}, {@code $gte}, {@code $lte}, {@code $in}, {@code $all}).
 *
 * <p>The operand is immutable and holds only document value types, with {@link Pattern} for
 * regular expressions. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class FieldCondition extends FilterNode {

    /** From this many operands on, the text operands of {@code $in} are looked up in a hash set. */
    private static final int HASHED_IN_SIZE = 8;

    private final DocumentPath path;
    private final Operator operator;
    private final Object operand;
    private final int typeMask;
    private final List<FieldCondition> allConditions;
    /** The text operands of a long {@code $in}, hashed; null for a short list or another operator. */
    private final Set<String> inStrings;
    /** The other operands of a long {@code $in} (numbers, patterns, documents...); null with {@link #inStrings}. */
    private final List<Object> inOthers;
    // Stateless, so one instance serves every match on every thread.
    private final PathWalker.Visitor visitor = new PathWalker.Visitor() {
        @Override
        public boolean present(Object value, boolean whole) {
            return whole ? test(value) : matchesPresent(value);
        }

        @Override
        public boolean missing() {
            return matchesMissing();
        }
    };

    FieldCondition(DocumentPath path, Operator operator, Object operand) {
        this.path = path;
        this.operator = operator;
        this.operand = operand;
        this.typeMask = operator == Operator.TYPE ? ValueTypes.mask(operand) : 0;
        if (operator == Operator.ALL) {
            List<FieldCondition> conditions = new ArrayList<>();
            for (Object value : (List<?>) operand) {
                conditions.add(value instanceof Pattern
                        ? new FieldCondition(path, Operator.REGEX, value)
                        : new FieldCondition(path, Operator.EQ, value));
            }
            this.allConditions = List.copyOf(conditions);
        } else {
            this.allConditions = List.of();
        }
        if (operator == Operator.IN && ((List<?>) operand).size() >= HASHED_IN_SIZE) {
            // a $lookup or an id list checks every candidate document against hundreds of values:
            // text (the usual key) is equivalent only to equal text, so a hash lookup answers it
            Set<String> strings = new HashSet<>();
            List<Object> others = new ArrayList<>();
            for (Object candidate : (List<?>) operand) {
                if (candidate instanceof String text) {
                    strings.add(text);
                } else {
                    others.add(candidate);
                }
            }
            this.inStrings = strings;
            this.inOthers = others;
        } else {
            this.inStrings = null;
            this.inOthers = null;
        }
    }

    /**
     * @param prefix a path to put in front of this condition's path; not null
     * @return the same condition on {@code prefix} followed by this condition's path
     * @since 0.2
     */
    public FieldCondition under(DocumentPath prefix) {
        DocumentPath full = prefix;
        for (String segment : path.segments()) {
            full = full.child(segment);
        }
        return new FieldCondition(full, operator, operand);
    }

    /** @return the path of the field, relative to the element inside an object {@code $elemMatch} */
    public DocumentPath path() {
        return path;
    }

    /** @return the operator */
    public Operator operator() {
        return operator;
    }

    /**
     * @return the operand: a document value (maps and lists unmodifiable), a {@link Pattern} for
     *         {@link Operator#REGEX}, a list for {@link Operator#IN} and {@link Operator#ALL} (whose
     *         elements may be patterns), a type alias or list of aliases for {@link Operator#TYPE},
     *         a list of two Longs for {@link Operator#MOD}, an Integer for {@link Operator#SIZE}
     */
    public Object operand() {
        return operand;
    }

    @Override
    public boolean matches(Map<String, ?> document) {
        if (operator == Operator.ALL) {
            if (allConditions.isEmpty()) {
                return false;
            }
            for (FieldCondition condition : allConditions) {
                if (!condition.matches(document)) {
                    return false;
                }
            }
            return true;
        }
        return PathWalker.walk(document, path, visitor);
    }

    private boolean matchesPresent(Object value) {
        if (test(value)) {
            return true;
        }
        if (value instanceof Collection<?> array && operator != Operator.SIZE && operator != Operator.CONTAINS) {
            for (Object element : array) {
                if (test(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matchesMissing() {
        return switch (operator) {
            case EQ, GTE, LTE -> operand == null;
            case IN -> inHoldsNull();
            case GT, LT, ALL, EXISTS, CONTAINS, REGEX, SIZE, TYPE, MOD -> false;
        };
    }

    private boolean inHoldsNull() {
        for (Object value : (List<?>) operand) {
            if (value == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    boolean matchesValue(Object value) {
        if (operator == Operator.ALL) {
            if (allConditions.isEmpty()) {
                return false;
            }
            for (FieldCondition condition : allConditions) {
                if (!condition.test(value)) {
                    return false;
                }
            }
            return true;
        }
        return test(value);
    }

    /** Applies the operator to one value, without expanding arrays. */
    private boolean test(Object value) {
        return switch (operator) {
            case EQ -> ValueOrder.equivalent(value, operand);
            case GT, GTE, LT, LTE -> compare(value);
            case IN -> in(value);
            case EXISTS -> true;
            case CONTAINS -> contains(value);
            case REGEX -> value instanceof String s && finds((Pattern) operand, s);
            case SIZE -> value instanceof Collection<?> array && array.size() == (Integer) operand;
            case TYPE -> ValueTypes.matches(typeMask, value);
            case MOD -> mod(value);
            // $all matches through its allConditions, never through test
            case ALL -> throw new IllegalStateException("Unexpected operator " + operator);
        };
    }

    private boolean in(Object value) {
        if (inStrings != null && value instanceof String text && inStrings.contains(text)) {
            return true;
        }
        // a string is equivalent to no value of another type, so only the other operands (patterns
        // among them) are left to try; without the hashed set, every operand
        for (Object candidate : inOthers != null ? inOthers : (List<?>) operand) {
            if (candidate instanceof Pattern pattern
                    ? value instanceof String s && finds(pattern, s)
                    : ValueOrder.equivalent(value, candidate)) {
                return true;
            }
        }
        return false;
    }

    private boolean contains(Object value) {
        if (value instanceof Collection<?> array) {
            for (Object element : array) {
                if (ValueOrder.equivalent(element, operand)) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof String s && operand instanceof String part && s.contains(part);
    }

    private boolean finds(Pattern pattern, String s) {
        try {
            QueryDeadline deadline = QueryDeadline.active();
            return pattern.matcher(deadline == null ? s : deadline.guard(s)).find();
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per repetition of a group such as (a|b)*, so on a long
            // string it overflows the stack; the stack has unwound here, and a typed error is
            // better than an Error escaping a query or a silent non-match.
            throw new InvalidQueryException("Regular expression /" + pattern.pattern() + "/ on field '" + path
                    + "' is too complex to match a string of " + s.length() + " characters: Java's regular"
                    + " expression engine ran out of stack (a character class such as [ab]* instead of (a|b)*"
                    + " avoids that)", e);
        }
    }

    private boolean compare(Object value) {
        if (ValueOrder.typeRank(value) != ValueOrder.typeRank(operand)) {
            return false;
        }
        if (isNaN(value) || isNaN(operand)) {
            // NaN equals only NaN and is neither below nor above any number.
            return isNaN(value) && isNaN(operand) && (operator == Operator.GTE || operator == Operator.LTE);
        }
        int c = ValueOrder.natural().compare(value, operand);
        switch (operator) {
            case GT:
                return c > 0;
            case GTE:
                return c >= 0;
            case LT:
                return c < 0;
            default:
                return c <= 0;
        }
    }

    private static boolean isNaN(Object value) {
        return (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN());
    }

    private boolean mod(Object value) {
        if (!(value instanceof Number number)) {
            return false;
        }
        long truncated;
        if (ValueOrder.isIntegral(number)) {
            truncated = number.longValue();
        } else if (number instanceof java.math.BigDecimal || number instanceof java.math.BigInteger) {
            truncated = truncateToLong(ValueOrder.toBigDecimal(number));
        } else {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return false;
            }
            truncated = (long) d;
        }
        List<?> divisorAndRemainder = (List<?>) operand;
        long divisor = (Long) divisorAndRemainder.get(0);
        long remainder = (Long) divisorAndRemainder.get(1);
        return truncated % divisor == remainder;
    }

    /**
     * Truncates toward zero and saturates at the ends of the long range, exactly as the cast of a
     * double does, so that a decimal and a double of equal value give $mod the same dividend.
     */
    private static long truncateToLong(java.math.BigDecimal decimal) {
        java.math.BigInteger whole = decimal.setScale(0, java.math.RoundingMode.DOWN).toBigIntegerExact();
        if (whole.bitLength() > 63) {
            return whole.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return whole.longValue();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof FieldCondition other && path.equals(other.path)
                && operator == other.operator && Operands.deepEquals(operand, other.operand));
    }

    @Override
    public int hashCode() {
        return (path.hashCode() * 31 + operator.hashCode()) * 31 + Operands.deepHash(operand);
    }

    @Override
    public String toString() {
        return path + " " + operator.keyword() + " " + Json.write(Operands.render(operand));
    }
}
