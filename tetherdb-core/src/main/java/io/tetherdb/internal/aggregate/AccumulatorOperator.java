package io.tetherdb.internal.aggregate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tetherdb.query.OperatorKeyword;

/**
 * Every accumulator of {@code $group} (and of {@code $bucket}, {@code $bucketAuto} and the
 * windowless forms), declared once with how to make its state. Immutable and thread-safe.
 */
public enum AccumulatorOperator implements OperatorKeyword {
    SUM("$sum"), AVG("$avg"), MIN("$min"), MAX("$max"), FIRST("$first"), LAST("$last"), PUSH("$push"),
    ADD_TO_SET("$addToSet"), COUNT("$count"), STD_DEV_POP("$stdDevPop"), STD_DEV_SAMP("$stdDevSamp"),
    TOP("$top"), BOTTOM("$bottom"), TOP_N("$topN"), BOTTOM_N("$bottomN");

    private static final Map<String, AccumulatorOperator> BY_KEYWORD = new HashMap<>();

    static {
        for (AccumulatorOperator operator : values()) {
            BY_KEYWORD.put(operator.keyword, operator);
        }
    }

    private final String keyword;

    AccumulatorOperator(String keyword) {
        this.keyword = keyword;
    }

    /** @return the accumulator with that keyword, if the language has it */
    public static Optional<AccumulatorOperator> forKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword));
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** Whether the accumulator takes {@code sortBy} and {@code output} rather than one expression. */
    boolean ranked() {
        return this == TOP || this == BOTTOM || this == TOP_N || this == BOTTOM_N;
    }

    Accumulator newAccumulator() {
        switch (this) {
            case SUM:
                return new Sum();
            case AVG:
                return new Avg();
            case MIN:
            case MAX:
                return new Extreme(this == MAX);
            case FIRST:
            case LAST:
                return new Pick(this == LAST);
            case PUSH:
                return new Push();
            case ADD_TO_SET:
                return new AddToSet();
            case COUNT:
                return new Count();
            case STD_DEV_POP:
            case STD_DEV_SAMP:
                return new StdDev(this == STD_DEV_SAMP);
            default:
                throw new IllegalStateException(keyword + " needs its sort and count");
        }
    }

    /** Sums numbers in the widest type seen, compensating double rounding (Kahan). */
    static final class Sum implements Accumulator {
        private int kind;
        private long longSum;
        private double doubleSum;
        private double compensation;
        private BigDecimal decimalSum;
        private boolean overflowed;

        @Override
        public long add(Object value) {
            if (!Values.isNumber(value)) {
                return 0;
            }
            Number n = (Number) value;
            int k = Values.kind(n);
            if (k == 3 || decimalSum != null) {
                if (decimalSum == null) {
                    decimalSum = Values.toDecimal(current());
                }
                decimalSum = decimalSum.add(Values.toDecimal(n), Values.DECIMAL);
                kind = 3;
                return 0;
            }
            if (k <= 1 && !overflowed && kind <= 1) {
                long r = longSum + n.longValue();
                if (((longSum ^ r) & (n.longValue() ^ r)) < 0) {
                    overflowed = true;
                    addDouble((double) longSum);
                    addDouble(n.doubleValue());
                    kind = 2;
                } else {
                    longSum = r;
                    kind = Math.max(kind, k);
                }
                return 0;
            }
            if (kind <= 1) {
                addDouble((double) longSum);
                longSum = 0;
            }
            kind = 2;
            addDouble(n.doubleValue());
            return 0;
        }

        private void addDouble(double d) {
            if (Double.isNaN(d) || Double.isInfinite(d) || Double.isInfinite(doubleSum)) {
                doubleSum += d;
                return;
            }
            double y = d - compensation;
            double t = doubleSum + y;
            compensation = (t - doubleSum) - y;
            doubleSum = t;
        }

        private Number current() {
            return kind <= 1 ? Values.integral(longSum, kind) : doubleSum;
        }

        @Override
        public Object result() {
            return kind == 3 ? decimalSum : current();
        }

        @Override
        public Object partial() {
            return result();
        }

        @Override
        public void merge(Object partial) {
            add(partial);
        }
    }

    /** The mean of the numbers, null when there were none. */
    static final class Avg implements Accumulator {
        private final Sum sum = new Sum();
        private long count;

        @Override
        public long add(Object value) {
            if (Values.isNumber(value)) {
                sum.add(value);
                count++;
            }
            return 0;
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            Object total = sum.result();
            if (total instanceof BigDecimal d) {
                return d.divide(BigDecimal.valueOf(count), Values.DECIMAL);
            }
            return ((Number) total).doubleValue() / count;
        }

        @Override
        public Object partial() {
            return List.of(sum.result(), count);
        }

        @Override
        public void merge(Object partial) {
            List<?> state = (List<?>) partial;
            long n = ((Number) state.get(1)).longValue();
            if (n > 0) {
                sum.add(state.get(0));
                count += n;
            }
        }
    }

    /** The least or greatest value in MongoDB's order, leaving out null and missing. */
    static final class Extreme implements Accumulator {
        private final boolean max;
        private Object value = Values.MISSING;

        Extreme(boolean max) {
            this.max = max;
        }

        @Override
        public long add(Object candidate) {
            if (Values.isNullish(candidate)) {
                return 0;
            }
            if (value == Values.MISSING || (max ? Values.compare(candidate, value) > 0
                    : Values.compare(candidate, value) < 0)) {
                long grew = Values.sizeOf(candidate) - (value == Values.MISSING ? 0 : Values.sizeOf(value));
                value = candidate;
                return grew;
            }
            return 0;
        }

        @Override
        public Object result() {
            return value == Values.MISSING ? null : value;
        }

        @Override
        public Object partial() {
            return result();
        }

        @Override
        public void merge(Object partial) {
            add(partial);
        }
    }

    /** The value of the first or last document, null for a missing field. */
    static final class Pick implements Accumulator {
        private final boolean last;
        private boolean seen;
        private Object value;

        Pick(boolean last) {
            this.last = last;
        }

        @Override
        public long add(Object candidate) {
            if (seen && !last) {
                return 0;
            }
            seen = true;
            value = candidate == Values.MISSING ? null : candidate;
            return Values.sizeOf(value);
        }

        @Override
        public Object result() {
            return value;
        }

        @Override
        public Object partial() {
            List<Object> state = new ArrayList<>();
            state.add(seen);
            state.add(value);
            return state;
        }

        @Override
        public void merge(Object partial) {
            List<?> state = (List<?>) partial;
            if (Boolean.TRUE.equals(state.get(0))) {
                add(state.get(1));
            }
        }
    }

    /** Every value, in input order, leaving out missing ones. */
    static final class Push implements Accumulator {
        private final List<Object> values = new ArrayList<>();

        @Override
        public long add(Object value) {
            if (value == Values.MISSING) {
                return 0;
            }
            values.add(value);
            return 8 + Values.sizeOf(value);
        }

        @Override
        public Object result() {
            return values;
        }

        @Override
        public Object partial() {
            return values;
        }

        @Override
        public void merge(Object partial) {
            values.addAll((List<?>) partial);
        }
    }

    /** The distinct values (equal as {@code $eq} sees them), leaving out missing ones. */
    static final class AddToSet implements Accumulator {
        private final LinkedHashSet<Values.Key> values = new LinkedHashSet<>();

        @Override
        public long add(Object value) {
            if (value == Values.MISSING) {
                return 0;
            }
            return values.add(new Values.Key(value)) ? 48 + Values.sizeOf(value) : 0;
        }

        @Override
        public Object result() {
            List<Object> result = new ArrayList<>(values.size());
            for (Values.Key key : values) {
                result.add(key.value);
            }
            return result;
        }

        @Override
        public Object partial() {
            return result();
        }

        @Override
        public void merge(Object partial) {
            for (Object value : (List<?>) partial) {
                add(value);
            }
        }
    }

    /** The number of documents. */
    static final class Count implements Accumulator {
        private long count;

        @Override
        public long add(Object value) {
            count++;
            return 0;
        }

        @Override
        public Object result() {
            return Values.integral(count, 0);
        }

        @Override
        public Object partial() {
            return count;
        }

        @Override
        public void merge(Object partial) {
            count += ((Number) partial).longValue();
        }
    }

    /** Population or sample standard deviation of the numbers (Welford, merged by Chan's formula). */
    static final class StdDev implements Accumulator {
        private final boolean sample;
        private long n;
        private double mean;
        private double m2;

        StdDev(boolean sample) {
            this.sample = sample;
        }

        @Override
        public long add(Object value) {
            if (!Values.isNumber(value)) {
                return 0;
            }
            double x = ((Number) value).doubleValue();
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
            return 0;
        }

        @Override
        public Object result() {
            long divisor = sample ? n - 1 : n;
            if (divisor <= 0) {
                return null;
            }
            return Math.sqrt(m2 / divisor);
        }

        @Override
        public Object partial() {
            return List.of(n, mean, m2);
        }

        @Override
        public void merge(Object partial) {
            List<?> state = (List<?>) partial;
            long nb = ((Number) state.get(0)).longValue();
            if (nb == 0) {
                return;
            }
            double meanB = ((Number) state.get(1)).doubleValue();
            double m2b = ((Number) state.get(2)).doubleValue();
            long total = n + nb;
            double delta = meanB - mean;
            m2 = m2 + m2b + delta * delta * n * nb / total;
            mean = mean + delta * nb / total;
            n = total;
        }
    }
}
