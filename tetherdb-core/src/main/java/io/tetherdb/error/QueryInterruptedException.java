package io.tetherdb.error;

import java.util.Objects;

/**
 * Thrown when the thread running a query, count or filtered delete is interrupted (as
 * {@code Future.cancel(true)} or a request timeout does): the operation stops between two documents,
 * or inside a regular expression match when it has a time limit, and the thread's interrupt flag is
 * left set. A delete stopped this way removes nothing.
 *
 * @since 0.2
 */
public class QueryInterruptedException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    /**
     * @param operation the operation and its collection, such as {@code "query on collection 'x'"};
     *        not null
     */
    public QueryInterruptedException(String operation) {
        super(Objects.requireNonNull(operation, "operation must not be null")
                + " was stopped because its thread was interrupted");
        this.operation = operation;
    }

    /** @return the operation and its collection, such as {@code "query on collection 'x'"} */
    public String operation() {
        return operation;
    }
}
