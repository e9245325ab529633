package io.tetherdb.sample.reading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.Sort;
import io.tetherdb.sample.sensor.Sensor;
import io.tetherdb.sample.sensor.SensorActivity;
import io.tetherdb.sample.sensor.SensorRepository;
import io.tetherdb.sample.web.InvalidRequestException;
import io.tetherdb.sample.web.Paging;
import io.tetherdb.sample.web.TimeWindow;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.Update;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.Sort.Order;
import org.springframework.stereotype.Service;

/**
 * What the application does with readings: completes and checks new ones before the
 * {@link ReadingRepository} stores them, lists and counts them, runs clients' queries, and
 * computes statistics and chart series. Each reading expires when its retention ends, counted from
 * when it is written ({@link Reading#expiresAt()}); the store never returns it after that and its
 * sweep removes it. Type, unit and location left out of a new reading are taken from its sensor.
 *
 * <p>A client's query is a compiled {@link Filter}, run through {@link TetherOperations}: it is
 * never turned into query text, so it can do nothing but filter readings.
 *
 * <p>Thread-safe, as the repositories are.
 *
 * @since 0.1
 */
@Service
public class ReadingStore {

    /** Order of readings unless a query asks for another: most recent first. */
    public static final Sort RECENT_FIRST = Sort.descending("ts");

    private static final org.springframework.data.domain.Sort RECENT_FIRST_PAGED = org.springframework.data.domain.Sort
        .by(Order.desc("ts"));

    private final ReadingRepository readings;

    private final SensorRepository sensors;

    private final TetherOperations operations;

    private final Clock clock = Clock.systemUTC();

    /**
     * @param readings the readings; not null
     * @param sensors the sensors, for the defaults of new readings; not null
     * @param operations runs clients' queries; not null
     */
    public ReadingStore(ReadingRepository readings, SensorRepository sensors, TetherOperations operations) {
        this.readings = readings;
        this.sensors = sensors;
        this.operations = operations;
    }

    /**
     * Stores one reading.
     *
     * @param reading the reading; not null
     * @param retention how long to keep it; positive
     * @return the reading as stored
     * @throws InvalidRequestException if the reading is invalid; nothing is written
     * @throws org.springframework.dao.DuplicateKeyException if its id is taken; nothing is written
     */
    public Reading add(NewReading reading, Duration retention) {
        List<String> problems = new ArrayList<>(reading.problems(""));
        Instant now = this.clock.instant();
        Reading resolved = resolve(reading, "", problems.isEmpty(), now, now.plus(retention), new HashMap<>(),
                problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid reading: " + String.join("; ", problems), problems);
        }
        Reading stored = this.readings.insert(resolved);
        recordActivity(List.of(stored));
        return stored;
    }

    /**
     * Stores several readings in one operation: all of them in one commit, or none.
     *
     * @param batch the readings; not null, not empty
     * @param retention how long to keep them; positive
     * @return the outcome
     * @throws InvalidRequestException if a reading is invalid; nothing is written
     * @throws org.springframework.dao.DuplicateKeyException if an id is taken or repeated; nothing
     *         is written
     */
    public BatchResult addAll(List<NewReading> batch, Duration retention) {
        if (batch.isEmpty()) {
            throw new InvalidRequestException("The batch is empty; send a JSON array of one or more readings");
        }
        Instant now = this.clock.instant();
        Instant expiresAt = now.plus(retention);
        List<String> problems = new ArrayList<>();
        List<Reading> resolved = new ArrayList<>(batch.size());
        Map<String, Optional<Sensor>> sensorCache = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            String prefix = "[" + i + "].";
            NewReading reading = batch.get(i);
            if (reading == null) {
                problems.add("[" + i + "]: must be a reading, not null");
                continue;
            }
            List<String> own = reading.problems(prefix);
            problems.addAll(own);
            Reading complete = resolve(reading, prefix, own.isEmpty(), now, expiresAt, sensorCache, problems);
            if (own.isEmpty()) {
                resolved.add(complete);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid batch, nothing was stored: "
                    + String.join("; ", problems.subList(0, Math.min(problems.size(), 10)))
                    + ((problems.size() > 10) ? "; and " + (problems.size() - 10) + " more" : ""), problems);
        }
        // insert, not saveAll: one all-or-nothing write, where saveAll would store one after another
        List<Reading> stored = this.readings.insert(resolved);
        recordActivity(stored);
        List<String> ids = stored.stream().map(Reading::id).toList();
        return new BatchResult(ids.size(), ids, expiresAt.toEpochMilli());
    }

    /**
     * Counts stored readings in their sensors' activity: one upsert per sensor, {@code $inc} of the
     * count and {@code $max} of the latest time, so that concurrent requests lose no count and an
     * older reading arriving late does not move the time back. It runs after the readings are
     * stored, as a write of its own.
     */
    private void recordActivity(List<Reading> stored) {
        Map<String, long[]> bySensor = new LinkedHashMap<>();
        for (Reading reading : stored) {
            long[] activity = bySensor.computeIfAbsent(reading.sensorId(), (id) -> new long[] { 0, Long.MIN_VALUE });
            activity[0]++;
            activity[1] = Math.max(activity[1], reading.ts());
        }
        bySensor.forEach((sensorId, activity) -> this.operations.upsert(
                TetherQuery.of(Filters.eq("_id", sensorId)),
                new Update().inc("readings", activity[0]).max("lastSeen", activity[1]), SensorActivity.class));
    }

    /**
     * @param sensorId the sensor; not null
     * @return how many readings the sensor has sent and when it last did; empty if none yet
     */
    public Optional<SensorActivity> activity(String sensorId) {
        return this.operations.findById(sensorId, SensorActivity.class);
    }

    /**
     * Completes a reading with its sensor's type, unit and location, adding to {@code problems}
     * what is missing. {@code valid} says whether the reading's own fields passed their checks.
     */
    private Reading resolve(NewReading reading, String prefix, boolean valid, Instant now, Instant expiresAt,
            Map<String, Optional<Sensor>> sensorCache, List<String> problems) {
        boolean validSensorId = reading.sensorId() != null && Sensor.ID.matcher(reading.sensorId()).matches();
        Optional<Sensor> sensor = validSensorId
                ? sensorCache.computeIfAbsent(reading.sensorId(), this.sensors::findById) : Optional.empty();
        String type = given(reading.type()) ? reading.type() : sensor.map(Sensor::type).orElse(null);
        String unit = given(reading.unit()) ? reading.unit() : sensor.map(Sensor::unit).orElse(null);
        String location = given(reading.location()) ? reading.location() : sensor.map(Sensor::location).orElse(null);
        if (validSensorId && sensor.isEmpty()) {
            if (type == null) {
                problems.add(prefix + "type: is required because sensor '" + reading.sensorId()
                        + "' is not registered");
            }
            if (unit == null) {
                problems.add(prefix + "unit: is required because sensor '" + reading.sensorId()
                        + "' is not registered");
            }
        }
        Instant measuredAt = valid ? reading.measuredAt(now) : now;
        return new Reading(reading.id(), reading.sensorId(), type, (reading.value() != null) ? reading.value() : 0,
                unit, location, measuredAt.toEpochMilli(), Reading.formatTimestamp(measuredAt), reading.tagList(),
                expiresAt);
    }

    private static boolean given(String text) {
        return text != null && !text.isBlank();
    }

    /**
     * @param id the reading's id; not null
     * @return the reading, or empty if there is none or it has expired
     */
    public Optional<Reading> get(String id) {
        return this.readings.findById(id);
    }

    /**
     * @param id the reading's id; not null
     * @return whether a reading was removed
     */
    public boolean delete(String id) {
        return this.readings.removeById(id) > 0;
    }

    /**
     * @param tag a tag; not null
     * @return how many readings carrying it were removed
     */
    public long deleteTagged(String tag) {
        return this.readings.deleteByTagsContaining(tag);
    }

    /** @return the number of live readings */
    public long count() {
        return this.readings.count();
    }

    /**
     * Lists readings, most recent first.
     *
     * @param sensorId only this sensor's readings; null for all
     * @param paging which page; not null
     * @return the page, with the total number of readings listed
     */
    public ReadingPage recent(String sensorId, Paging paging) {
        Pageable pageable = PageRequest.of(paging.page(), paging.size(), RECENT_FIRST_PAGED);
        Page<Reading> page = (sensorId != null) ? this.readings.findBySensorId(sensorId, pageable)
                : this.readings.findAll(pageable);
        return new ReadingPage(page.getContent(), paging.page(), paging.size(), page.getTotalElements());
    }

    /**
     * Finds readings with a client's query.
     *
     * @param filter which readings, in document field names; not null
     * @param sort their order, in document field names; not null
     * @param paging which page; not null
     * @return the page, with the total number of matches
     */
    public ReadingPage find(Filter filter, Sort sort, Paging paging) {
        TetherQuery matching = TetherQuery.of(filter);
        List<Reading> items = this.operations
            .find(matching.with(springSort(sort)).skip(paging.offset()).limit(paging.size()), Reading.class);
        long total = (paging.page() == 0 && items.size() < paging.size()) ? items.size()
                : this.operations.count(matching, Reading.class);
        return new ReadingPage(items, paging.page(), paging.size(), total);
    }

    /**
     * The client's order for a {@link TetherQuery}. Its keys are document field names, which the
     * query keeps as they are, except the two that name a property of {@link Reading} stored under
     * another field: {@code id} sorts by {@code _id} and {@code tags} by {@code _tags}.
     */
    private static org.springframework.data.domain.Sort springSort(Sort sort) {
        List<Order> orders = new ArrayList<>();
        for (Sort.Key key : sort.keys()) {
            String field = key.path().toString();
            orders.add(key.ascending() ? Order.asc(field) : Order.desc(field));
        }
        return org.springframework.data.domain.Sort.by(orders);
    }

    /**
     * @param sensorId the sensor; not null
     * @return whether the store holds any reading of it
     */
    public boolean hasReadings(String sensorId) {
        return this.readings.existsBySensorId(sensorId);
    }

    /**
     * @param sensorId the sensor; not null
     * @param window the window ending now; not null
     * @return the statistics of its readings in the window
     */
    public SensorStatistics statistics(String sensorId, TimeWindow window) {
        Instant now = this.clock.instant();
        long from = window.from(now).toEpochMilli();
        Accumulator accumulator = new Accumulator(sensorId);
        try (Stream<Reading> readings = this.readings.findBySensorIdAndTsBetweenOrderByTsAsc(sensorId,
                window(from, now.toEpochMilli()))) {
            readings.forEach(accumulator::add);
        }
        if (accumulator.type == null) {
            this.sensors.findById(sensorId).ifPresent((sensor) -> {
                accumulator.type = sensor.type();
                accumulator.unit = sensor.unit();
            });
        }
        return accumulator.result(from, now.toEpochMilli());
    }

    /**
     * @param window the window ending now; not null
     * @return the statistics of every sensor with readings in the window, by sensor id
     */
    public List<SensorStatistics> statistics(TimeWindow window) {
        Instant now = this.clock.instant();
        long from = window.from(now).toEpochMilli();
        Map<String, Accumulator> bySensor = new TreeMap<>();
        try (Stream<Reading> readings = this.readings.findByTsBetweenOrderByTsAsc(window(from, now.toEpochMilli()))) {
            readings.forEach((reading) -> bySensor.computeIfAbsent(reading.sensorId(), Accumulator::new).add(reading));
        }
        return bySensor.values().stream().map((accumulator) -> accumulator.result(from, now.toEpochMilli())).toList();
    }

    /**
     * @param sensorId the sensor; not null
     * @param window the window ending now; not null
     * @param maxPoints most points to return; positive
     * @return the sensor's values in the window, averaged into at most {@code maxPoints} points
     */
    public Series series(String sensorId, TimeWindow window, int maxPoints) {
        Instant now = this.clock.instant();
        long from = window.from(now).toEpochMilli();
        long to = now.toEpochMilli();
        List<Series.Point> raw = new ArrayList<>();
        AtomicReference<String> unit = new AtomicReference<>();
        try (Stream<Reading> readings = this.readings.findBySensorIdAndTsBetweenOrderByTsAsc(sensorId,
                window(from, to))) {
            readings.forEach((reading) -> {
                raw.add(new Series.Point(reading.ts(), reading.value()));
                unit.set(reading.unit());
            });
        }
        if (unit.get() == null) {
            unit.set(this.sensors.findById(sensorId).map(Sensor::unit).orElse(null));
        }
        return new Series(sensorId, unit.get(), from, to, raw.size(),
                (raw.size() <= maxPoints) ? raw : averaged(raw, from, to, maxPoints));
    }

    /**
     * The readings of a window ending now are those measured from its start up to now, both
     * included: one time-stamped later (a sensor's clock ahead, or a mistake) is not "latest"
     * until its time comes.
     */
    private static Range<Long> window(long from, long to) {
        return Range.closed(from, to);
    }

    /** Averages points, oldest first, into at most {@code slices} points over equal slices of time. */
    private static List<Series.Point> averaged(List<Series.Point> raw, long from, long to, int slices) {
        double slice = (double) Math.max(1, to - from) / slices;
        List<Series.Point> points = new ArrayList<>(slices);
        int i = 0;
        while (i < raw.size()) {
            long current = (long) ((raw.get(i).ts() - from) / slice);
            double sumTime = 0;
            double sumValue = 0;
            int n = 0;
            while (i < raw.size() && (long) ((raw.get(i).ts() - from) / slice) == current) {
                sumTime += raw.get(i).ts();
                sumValue += raw.get(i).value();
                n++;
                i++;
            }
            points.add(new Series.Point(Math.round(sumTime / n), sumValue / n));
        }
        return points;
    }

    /** Running count, minimum, maximum, mean and latest value of one sensor's readings. */
    private static final class Accumulator {

        private final String sensorId;

        private String type;

        private String unit;

        private long count;

        private double min = Double.POSITIVE_INFINITY;

        private double max = Double.NEGATIVE_INFINITY;

        private double sum;

        private Double latest;

        private Long latestTs;

        Accumulator(String sensorId) {
            this.sensorId = sensorId;
        }

        void add(Reading reading) {
            this.type = reading.type();
            this.unit = reading.unit();
            this.count++;
            this.min = Math.min(this.min, reading.value());
            this.max = Math.max(this.max, reading.value());
            this.sum += reading.value();
            if (this.latestTs == null || reading.ts() >= this.latestTs) {
                this.latest = reading.value();
                this.latestTs = reading.ts();
            }
        }

        SensorStatistics result(long from, long to) {
            boolean any = this.count > 0;
            return new SensorStatistics(this.sensorId, this.type, this.unit, from, to, this.count,
                    any ? this.min : null, any ? this.max : null, any ? this.sum / this.count : null, this.latest,
                    this.latestTs);
        }
    }
}
