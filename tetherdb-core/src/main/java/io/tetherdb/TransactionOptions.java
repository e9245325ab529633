package io.tetherdb;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of one {@link Transaction}: whether its commit is forced to the disk, whether it may
 * write, and how long it may stay open. Start from {@link #defaults()}, which follow the store's
 * settings, and chain: {@code TransactionOptions.defaults().durable().timeout(Duration.ofSeconds(5))}.
 * Immutable and thread-safe: every method returns a new instance.
 *
 * @since 0.2
 */
public final class TransactionOptions {

    private static final TransactionOptions DEFAULTS = new TransactionOptions(false, false, null);

    private final boolean durable;
    private final boolean readOnly;
    private final Duration timeout;

    private TransactionOptions(boolean durable, boolean readOnly, Duration timeout) {
        this.durable = durable;
        this.readOnly = readOnly;
        this.timeout = timeout;
    }

    /** @return options that follow the store's settings: durable only if the store says so, writable, the store's maximum age */
    public static TransactionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a copy whose commit is forced to the disk before it returns, as a {@link TetherDB#flush()}
     *         after it, whatever the store's {@code durableTransactions} setting
     */
    public TransactionOptions durable() {
        return new TransactionOptions(true, readOnly, timeout);
    }

    /**
     * @return a copy that only reads: every write through it throws
     *         {@link io.tetherdb.error.TransactionStateException}
     */
    public TransactionOptions readOnly() {
        return new TransactionOptions(durable, true, timeout);
    }

    /**
     * @param timeout longest time the transaction may stay open; the store's {@code transactionMaxAge}
     *        still applies when it is shorter; positive, not null
     * @return a copy with that timeout
     */
    public TransactionOptions timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        return new TransactionOptions(durable, readOnly, timeout);
    }

    /** @return whether the commit is forced to the disk whatever the store's setting */
    public boolean isDurable() {
        return durable;
    }

    /** @return whether the transaction only reads */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return the transaction's own timeout, or empty for the store's {@code transactionMaxAge} */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionOptions o && durable == o.durable && readOnly == o.readOnly
                && Objects.equals(timeout, o.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(durable, readOnly, timeout);
    }

    @Override
    public String toString() {
        return "TransactionOptions[durable=" + durable + ", readOnly=" + readOnly
                + (timeout == null ? "" : ", timeout=" + timeout) + "]";
    }
}
