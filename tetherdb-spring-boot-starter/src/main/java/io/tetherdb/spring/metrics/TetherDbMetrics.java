package io.tetherdb.spring.metrics;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherStatistics;
import io.tetherdb.error.StoreClosedException;

/**
 * {@link MeterBinder} for a {@link TetherDB} store. Meters, all read from
 * {@link TetherDB#statistics()} when the registry polls them:
 * <ul>
 * <li>{@code tetherdb.documents} (gauge, tag {@code collection}): live documents per collection</li>
 * <li>{@code tetherdb.collections} (gauge): number of collections</li>
 * <li>{@code tetherdb.reads} (counter): documents read by id</li>
 * <li>{@code tetherdb.document.writes} (counter): documents written or removed</li>
 * <li>{@code tetherdb.expired.removed} (counter): expired documents removed by sweeps</li>
 * <li>{@code tetherdb.commits} (function timer): commits (flushes) and the time spent in them</li>
 * <li>{@code tetherdb.syncs} (function timer): forced writes to the disk and the time spent in them</li>
 * <li>{@code tetherdb.background.failures} (counter): failed background tasks</li>
 * <li>{@code tetherdb.file.size} (gauge, bytes): size of the store file, 0 in memory</li>
 * <li>{@code tetherdb.flush.threshold} (gauge): flush threshold in force</li>
 * </ul>
 * The engine announces no new collections, so the {@code tetherdb.documents} gauge of a collection
 * created after binding is registered the next time the registry polls {@code tetherdb.collections}.
 * Once the store is closed, counters keep their last values and gauges read {@code NaN}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public class TetherDbMetrics implements MeterBinder {

    private final TetherDB db;

    private final Iterable<Tag> tags;

    private final Set<String> boundCollections = ConcurrentHashMap.newKeySet();

    private volatile TetherStatistics lastStatistics;

    /**
     * @param db the store to measure; not null
     */
    public TetherDbMetrics(TetherDB db) {
        this(db, Tags.empty());
    }

    /**
     * @param db the store to measure; not null
     * @param tags tags added to every meter; not null
     */
    public TetherDbMetrics(TetherDB db, Iterable<Tag> tags) {
        this.db = Objects.requireNonNull(db, "db must not be null");
        this.tags = Objects.requireNonNull(tags, "tags must not be null");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "tetherdb.reads", "Documents read by id", TetherStatistics::reads);
        counter(registry, "tetherdb.document.writes", "Documents written or removed", TetherStatistics::documentWrites);
        counter(registry, "tetherdb.expired.removed", "Expired documents removed by sweeps",
                TetherStatistics::expiredRemoved);
        counter(registry, "tetherdb.background.failures", "Failed background tasks",
                TetherStatistics::backgroundFailures);
        timer(registry, "tetherdb.commits", "Commits (flushes) and the time spent in them", TetherStatistics::commits,
                TetherStatistics::commitNanos);
        timer(registry, "tetherdb.syncs", "Forced writes to the disk and the time spent in them",
                TetherStatistics::syncs, TetherStatistics::syncNanos);
        gauge(registry, "tetherdb.file.size", "Size of the store file, 0 in memory", BaseUnits.BYTES,
                (statistics) -> statistics.fileSize());
        gauge(registry, "tetherdb.flush.threshold", "Flush threshold in force", null,
                (statistics) -> statistics.flushThreshold());
        Gauge.builder("tetherdb.collections", this, (metrics) -> metrics.collectionCount(registry))
            .description("Number of collections")
            .tags(this.tags)
            .register(registry);
        TetherStatistics statistics = currentStatistics();
        if (statistics != null) {
            bindCollections(registry, statistics.collections());
        }
    }

    private double collectionCount(MeterRegistry registry) {
        TetherStatistics statistics = currentStatistics();
        if (statistics == null) {
            return Double.NaN;
        }
        bindCollections(registry, statistics.collections());
        return statistics.collections().size();
    }

    private void bindCollections(MeterRegistry registry, List<TetherStatistics.CollectionCount> collections) {
        for (TetherStatistics.CollectionCount collection : collections) {
            String name = collection.name();
            if (this.boundCollections.add(name)) {
                Gauge.builder("tetherdb.documents", this, (metrics) -> metrics.documents(name))
                    .description("Live documents in the collection")
                    .baseUnit("documents")
                    .tags(this.tags)
                    .tag("collection", name)
                    .register(registry);
            }
        }
    }

    private double documents(String collection) {
        try {
            return this.db.collection(collection).count();
        }
        catch (StoreClosedException ex) {
            return Double.NaN;
        }
    }

    private void counter(MeterRegistry registry, String name, String description,
            ToLongFunction<TetherStatistics> value) {
        FunctionCounter.builder(name, this, (metrics) -> metrics.counterValue(value))
            .description(description)
            .tags(this.tags)
            .register(registry);
    }

    private void timer(MeterRegistry registry, String name, String description, ToLongFunction<TetherStatistics> count,
            ToLongFunction<TetherStatistics> totalNanos) {
        FunctionTimer
            .builder(name, this, (metrics) -> (long) metrics.counterValue(count),
                    (metrics) -> metrics.counterValue(totalNanos), TimeUnit.NANOSECONDS)
            .description(description)
            .tags(this.tags)
            .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String baseUnit,
            ToDoubleFunction<TetherStatistics> value) {
        Gauge.builder(name, this, (metrics) -> {
            TetherStatistics statistics = metrics.currentStatistics();
            return (statistics != null) ? value.applyAsDouble(statistics) : Double.NaN;
        }).description(description).baseUnit(baseUnit).tags(this.tags).register(registry);
    }

    private double counterValue(ToLongFunction<TetherStatistics> value) {
        TetherStatistics statistics = currentStatistics();
        if (statistics == null) {
            statistics = this.lastStatistics;
        }
        return (statistics != null) ? value.applyAsLong(statistics) : 0;
    }

    /** @return the store's statistics now, or null if it is closed */
    private TetherStatistics currentStatistics() {
        if (this.db.isClosed()) {
            return null;
        }
        try {
            TetherStatistics statistics = this.db.statistics();
            this.lastStatistics = statistics;
            return statistics;
        }
        catch (StoreClosedException ex) {
            return null;
        }
    }
}
