package io.tetherdb.error;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a query, count or filtered delete runs longer than its time limit (its
 * {@link io.tetherdb.FindQuery#maxTime(Duration) maxTime}, or the store's
 * {@link io.tetherdb.TetherDBBuilder#queryTimeout(Duration) queryTimeout}). The operation is abandoned: a
 * delete removes nothing, and whatever the query had returned so far is all it returns.
 *
 * @since 0.2
 */
public class QueryTimeoutException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final Duration limit;

    /**
     * @param operation the operation and its collection, such as {@code "query on collection 'x'"};
     *        not null
     * @param limit the time limit it exceeded; not null
     */
    public QueryTimeoutException(String operation, Duration limit) {
        super(Objects.requireNonNull(operation, "operation must not be null") + " exceeded its time limit of "
                + describe(Objects.requireNonNull(limit, "limit must not be null")));
        this.operation = operation;
        this.limit = limit;
    }

    /** @return the operation and its collection, such as {@code "query on collection 'x'"} */
    public String operation() {
        return operation;
    }

    /** @return the time limit the operation exceeded */
    public Duration limit() {
        return limit;
    }

    /** Says a limit as people write it: "50 ms" or "0.25 ms" rather than "PT0.05S". */
    static String describe(Duration limit) {
        try {
            return BigDecimal.valueOf(limit.toNanos(), 6).stripTrailingZeros().toPlainString() + " ms";
        } catch (ArithmeticException e) {
            return limit.toString();
        }
    }
}
