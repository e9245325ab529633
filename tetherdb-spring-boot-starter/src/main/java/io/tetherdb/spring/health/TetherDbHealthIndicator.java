package io.tetherdb.spring.health;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.tetherdb.TetherDB;
import io.tetherdb.TetherStatistics;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.StoreFailedException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} for a {@link TetherDB} store. Reports the store's file (or
 * {@code in-memory}), file size, number of collections and number of failed background tasks.
 * The store is DOWN when it is closed or has failed (a write to its file or an fsync failed, see
 * {@link StoreFailedException}: it stays DOWN until the application reopens it), when reading its
 * statistics fails, or when background tasks (timed commits, the engine's expiry sweep) have
 * failed since the previous check; such a task failure is reported once, by the next check after it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public class TetherDbHealthIndicator extends AbstractHealthIndicator {

    private final TetherDB db;

    private final AtomicLong reportedFailures = new AtomicLong();

    /**
     * @param db the store to check; not null
     */
    public TetherDbHealthIndicator(TetherDB db) {
        super("TetherDB health check failed");
        this.db = Objects.requireNonNull(db, "db must not be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("path", this.db.path().map((path) -> path.toAbsolutePath().toString()).orElse("in-memory"));
        try {
            // the cheapest call that checks the store's state: it throws once the store is closed or failed
            this.db.collectionNames();
        }
        catch (StoreClosedException ex) {
            builder.down().withDetail("error", ex.getMessage());
            return;
        }
        TetherStatistics statistics = this.db.statistics();
        long failures = statistics.backgroundFailures();
        long previous = this.reportedFailures.getAndSet(failures);
        builder.withDetail("fileSize", statistics.fileSize())
            .withDetail("collections", statistics.collections().size())
            .withDetail("backgroundFailures", failures);
        if (failures > previous) {
            builder.down()
                .withDetail("error", (failures - previous) + " background task(s) failed since the previous check");
            if (statistics.lastBackgroundFailure() != null) {
                builder.withDetail("lastBackgroundFailure", statistics.lastBackgroundFailure());
            }
        }
        else {
            builder.up();
        }
    }
}
