package io.tetherdb.query;

import java.time.Duration;
import java.util.Objects;

import io.tetherdb.error.QueryInterruptedException;
import io.tetherdb.error.QueryTimeoutException;

/**
 * The time budget of one run of a query, count or filtered delete, and the point where the run
 * notices that its thread was interrupted. The run calls {@link #check()} once per document (and
 * per comparison while sorting); a filter matched with {@link Filter#matches(java.util.Map, QueryDeadline)}
 * also checks it inside regular expression matching, so that one catastrophic match cannot outlast
 * the limit. Only the time the run spends working counts: a lazy stream {@linkplain #pause() pauses}
 * its deadline while the caller holds a result, as MongoDB's {@code maxTimeMS} leaves out the time
 * between batches.
 *
 * <p>Not thread-safe: it belongs to one run, which one thread at a time may advance.
 *
 * @since 0.2
 */
public final class QueryDeadline {

    /**
     * The deadline of the filter being matched on this thread, when it has a time limit. A thread
     * local rather than a parameter because the regular expressions sit at the leaves of a shared,
     * immutable filter tree, and threading a parameter through every node and path walk would cost
     * every query, timed or not; set only around the match of a timed run, so untimed queries pay
     * one lookup per regular expression evaluation and nothing else.
     */
    static final ThreadLocal<QueryDeadline> ACTIVE = new ThreadLocal<>();

    /** Documents or comparisons between two looks at the clock and the interrupt flag. */
    private static final int CALLS_PER_CHECK = 16;

    /**
     * Characters a regular expression reads between two looks at the clock: a few microseconds of
     * matching, so the clock costs well under a percent of it.
     */
    private static final int CHARS_PER_CHECK = 4096;

    private final String operation;
    private final Duration limit;
    private final long limitNanos;
    private long spentNanos;
    private long runningSince;
    private boolean running;
    private int countdown = 1;

    private QueryDeadline(String operation, Duration limit, long limitNanos) {
        this.operation = operation;
        this.limit = limit;
        this.limitNanos = limitNanos;
        this.runningSince = limitNanos > 0 ? System.nanoTime() : 0;
        this.running = true;
    }

    /**
     * Starts the clock of a run; it runs until {@link #pause()}.
     *
     * @param operation the operation and its collection, named in the exceptions, such as
     *        {@code "query on collection 'x'"}; not null
     * @param limit the time the run may take; {@link Duration#ZERO} for no limit (interrupts are
     *        still noticed); not null, not negative
     * @return the running deadline
     */
    public static QueryDeadline start(String operation, Duration limit) {
        Objects.requireNonNull(operation, "operation must not be null");
        Objects.requireNonNull(limit, "limit must not be null");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("limit must not be negative but was " + limit);
        }
        long nanos;
        try {
            nanos = limit.toNanos();
        } catch (ArithmeticException e) {
            // centuries: no run lives that long, and the elapsed-time arithmetic must not overflow
            nanos = Long.MAX_VALUE;
        }
        return new QueryDeadline(operation, limit, nanos);
    }

    /** @return the operation and its collection, as named in the exceptions */
    public String operation() {
        return operation;
    }

    /** @return the time limit, {@link Duration#ZERO} when there is none */
    public Duration limit() {
        return limit;
    }

    /** @return whether the run has a time limit */
    public boolean hasTimeLimit() {
        return limitNanos > 0;
    }

    /**
     * Notes one step of the run (a document read, a comparison made); every few steps, and at the
     * first, looks at the interrupt flag and the clock.
     *
     * @throws QueryInterruptedException if the thread is interrupted; the flag stays set
     * @throws QueryTimeoutException if the run has used up its time
     */
    public void check() {
        if (--countdown <= 0) {
            countdown = CALLS_PER_CHECK;
            checkNow();
        }
    }

    /**
     * Looks at the interrupt flag and the clock now.
     *
     * @throws QueryInterruptedException if the thread is interrupted; the flag stays set
     * @throws QueryTimeoutException if the run has used up its time
     */
    public void checkNow() {
        if (Thread.currentThread().isInterrupted()) {
            throw new QueryInterruptedException(operation);
        }
        if (limitNanos > 0 && elapsedNanos() > limitNanos) {
            throw new QueryTimeoutException(operation, limit);
        }
    }

    /** Stops the clock while the caller, not the run, has control; does nothing if it is stopped. */
    public void pause() {
        if (running) {
            running = false;
            if (limitNanos > 0) {
                spentNanos += System.nanoTime() - runningSince;
            }
        }
    }

    /** Starts the clock again; does nothing if it runs. */
    public void resume() {
        if (!running) {
            running = true;
            if (limitNanos > 0) {
                runningSince = System.nanoTime();
            }
        }
    }

    private long elapsedNanos() {
        return running ? spentNanos + (System.nanoTime() - runningSince) : spentNanos;
    }

    /** @return the text as a regular expression reads it, checking this deadline as it goes */
    CharSequence guard(String text) {
        return new GuardedText(text, this);
    }

    /** The deadline active on this thread for a timed match, or null. */
    static QueryDeadline active() {
        return ACTIVE.get();
    }

    /**
     * A string that checks a deadline every few thousand characters read: java.util.regex reads its
     * input only through {@link #charAt}, however it backtracks, so this bounds a match that would
     * otherwise run for years.
     */
    private static final class GuardedText implements CharSequence {
        private final String text;
        private final QueryDeadline deadline;
        private int countdown = CHARS_PER_CHECK;

        GuardedText(String text, QueryDeadline deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (--countdown <= 0) {
                countdown = CHARS_PER_CHECK;
                deadline.checkNow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Override
    public String toString() {
        return "QueryDeadline[" + operation + (limitNanos > 0 ? ", limit " + limit : ", no limit") + "]";
    }
}
