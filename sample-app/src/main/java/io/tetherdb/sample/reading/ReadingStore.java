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

import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.Sort;
import io.tetherdb.sample.reading.ReadingRepository.ReadingSummary;
import io.tetherdb.sample.reading.ReadingRepository.SeriesSummary;
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
import org.springframework.data.domain.Sort.Order;
import org.springframework.stereotype.Service;

/**
 * What the application does with readings: completes and checks new ones before the
 * {@link ReadingRepository} stores them, lists and counts them, runs clients' queries, and
 * computes statistics and chart series with aggregation pipelines (the repository's
 * {@code @Aggregation} methods). Each reading expires when its retention ends, counted from
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
     * @return the statistics of its readings in the window, computed by an aggregation pipeline
     */
    public SensorStatistics statistics(String sensorId, TimeWindow window) {
        Instant now = this.clock.instant();
        long from = window.from(now).toEpochMilli();
        long to = now.toEpochMilli();
        // the readings of a window ending now are those measured from its start up to now, both
        // included: one time-stamped later is not "latest" until its time comes
        return this.readings.summarize(sensorId, from, to)
            .map((summary) -> statistics(summary, from, to))
            .orElseGet(() -> {
                Optional<Sensor> sensor = this.sensors.findById(sensorId);
                return new SensorStatistics(sensorId, sensor.map(Sensor::type).orElse(null),
                        sensor.map(Sensor::unit).orElse(null), from, to, 0, null, null, null, null, null);
            });
    }

    /**
     * @param window the window ending now; not null
     * @return the statistics of every sensor with readings in the window, by sensor id
     */
    public List<SensorStatistics> statistics(TimeWindow window) {
        Instant now = this.clock.instant();
        long from = window.from(now).toEpochMilli();
        long to = now.toEpochMilli();
        return this.readings.summarizeAll(from, to).stream().map((summary) -> statistics(summary, from, to)).toList();
    }

    private static SensorStatistics statistics(ReadingSummary summary, long from, long to) {
        return new SensorStatistics(summary.sensorId(), summary.type(), summary.unit(), from, to, summary.count(),
                summary.min(), summary.max(), summary.average(), summary.latest(), summary.latestTs());
    }

    /**
     * @param sensorId the sensor; not null
     * @param window the window ending now; not null
     * @param maxPoints most points to return; positive
     * @return the sensor's values in the window, averaged by an aggregation pipeline into at most
     *         {@code maxPoints} points over equal slices of time when there are more readings
     */
    public Series series(String sensorId, TimeWindow window, int maxPoints) {
        Instant now = this.clock.instant();
        long from = window.from(now).toEpochMilli();
        long to = now.toEpochMilli();
        Optional<SeriesSummary> summary = this.readings.seriesSummary(sensorId, from, to);
        long count = summary.map(SeriesSummary::readings).orElse(0L);
        String unit = summary.map(SeriesSummary::unit)
            .orElseGet(() -> this.sensors.findById(sensorId).map(Sensor::unit).orElse(null));
        List<Series.Point> points;
        if (count <= maxPoints) {
            points = this.readings.points(sensorId, from, to);
        }
        else {
            double slice = (double) Math.max(1, to - from) / maxPoints;
            points = this.readings.averagedPoints(sensorId, from, to, slice)
                .stream()
                .map((point) -> new Series.Point(Math.round(point.ts()), point.value()))
                .toList();
        }
        return new Series(sensorId, unit, from, to, count, points);
    }
}
