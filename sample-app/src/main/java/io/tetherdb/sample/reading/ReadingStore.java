package io.tetherdb.sample.reading;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.tetherdb.Cursor;
import io.tetherdb.DuplicateKeyException;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.Sort;
import io.tetherdb.sample.sensor.Sensor;
import io.tetherdb.sample.sensor.SensorStore;
import io.tetherdb.sample.web.InvalidRequestException;
import io.tetherdb.sample.web.Paging;
import io.tetherdb.sample.web.TimeWindow;

import org.springframework.stereotype.Component;

/**
 * Keeps readings in the store's {@code readings} collection. Each reading expires when its
 * retention ends, counted from when it is written; the store never returns it after that and its
 * sweep removes it. Type, unit and location left out of a new reading are taken from its sensor.
 *
 * <p>Two indexes serve the dashboard: {@code {sensorId: 1, ts: 1}} for a sensor's statistics and
 * chart, {@code {ts: 1}} for the most recent readings. They are created at start-up if missing.
 *
 * <p>Thread-safe, as the store is.
 *
 * @since 0.1
 */
@Component
public class ReadingStore {

    /** Name of the collection that holds readings. */
    public static final String COLLECTION = "readings";

    /** Order of readings unless a query asks for another: most recent first. */
    public static final Sort RECENT_FIRST = Sort.descending("ts");

    private final TetherCollection readings;

    private final SensorStore sensors;

    private final Clock clock = Clock.systemUTC();

    /**
     * @param db the store; not null
     * @param sensors where sensors are kept, for the defaults of new readings; not null
     */
    public ReadingStore(TetherDB db, SensorStore sensors) {
        this.readings = db.collection(COLLECTION);
        this.sensors = sensors;
        this.readings.createIndex(IndexDefinition.ascending("sensorId").thenAscending("ts"));
        this.readings.createIndex(IndexDefinition.ascending("ts"));
    }

    /**
     * Stores one reading.
     *
     * @param reading the reading; not null
     * @param retention how long to keep it; positive
     * @return the reading as stored
     * @throws InvalidRequestException if the reading is invalid; nothing is written
     * @throws DuplicateKeyException if its id is taken; nothing is written
     */
    public Reading add(NewReading reading, Duration retention) {
        List<String> problems = new ArrayList<>(reading.problems(""));
        Instant now = this.clock.instant();
        Reading resolved = resolve(reading, "", problems.isEmpty(), now, now.plus(retention), new HashMap<>(),
                problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid reading: " + String.join("; ", problems), problems);
        }
        PutOptions options = ((reading.id() != null) ? PutOptions.id(reading.id()) : PutOptions.defaults())
            .expireAt(Instant.ofEpochMilli(resolved.expiresAt()))
            .tags(resolved.tags().toArray(String[]::new));
        Document document = resolved.toDocument();
        document.remove(Document.TAGS);
        String id = this.readings.put(document, options);
        return resolved.withId(id);
    }

    /**
     * Stores several readings in one operation: all of them in one commit, or none.
     *
     * @param batch the readings; not null, not empty
     * @param retention how long to keep them; positive
     * @return the outcome
     * @throws InvalidRequestException if a reading is invalid; nothing is written
     * @throws DuplicateKeyException if an id is taken or repeated; nothing is written
     */
    public BatchResult addAll(List<NewReading> batch, Duration retention) {
        if (batch.isEmpty()) {
            throw new InvalidRequestException("The batch is empty; send a JSON array of one or more readings");
        }
        Instant now = this.clock.instant();
        Instant expiresAt = now.plus(retention);
        List<String> problems = new ArrayList<>();
        List<Document> documents = new ArrayList<>(batch.size());
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
            Reading resolved = resolve(reading, prefix, own.isEmpty(), now, expiresAt, sensorCache, problems);
            if (own.isEmpty()) {
                documents.add(resolved.toDocument());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid batch, nothing was stored: "
                    + String.join("; ", problems.subList(0, Math.min(problems.size(), 10)))
                    + ((problems.size() > 10) ? "; and " + (problems.size() - 10) + " more" : ""), problems);
        }
        List<String> ids = this.readings.putBatch(documents, PutOptions.defaults().expireAt(expiresAt));
        return new BatchResult(ids.size(), ids, expiresAt.toEpochMilli());
    }

    /**
     * Completes a reading with its sensor's type, unit and location, adding to {@code problems}
     * what is missing. {@code valid} says whether the reading's own fields passed their checks.
     */
    private Reading resolve(NewReading reading, String prefix, boolean valid, Instant now, Instant expiresAt,
            Map<String, Optional<Sensor>> sensorCache, List<String> problems) {
        boolean validSensorId = reading.sensorId() != null && Sensor.ID.matcher(reading.sensorId()).matches();
        Optional<Sensor> sensor = validSensorId ? sensorCache.computeIfAbsent(reading.sensorId(), this.sensors::get)
                : Optional.empty();
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
                expiresAt.toEpochMilli());
    }

    private static boolean given(String text) {
        return text != null && !text.isBlank();
    }

    /**
     * @param id the reading's id; not null
     * @return the reading, or empty if there is none or it has expired
     */
    public Optional<Reading> get(String id) {
        return this.readings.get(id).map(Reading::fromDocument);
    }

    /**
     * @param id the reading's id; not null
     * @return whether a reading was removed
     */
    public boolean delete(String id) {
        return this.readings.delete(id) > 0;
    }

    /**
     * @param ids ids of readings to remove; not null
     * @return how many were removed
     */
    public int deleteAll(List<String> ids) {
        return this.readings.deleteBatch(ids);
    }

    /** @return the number of live readings */
    public long count() {
        return this.readings.count();
    }

    /**
     * Finds readings.
     *
     * @param filter which readings; not null
     * @param sort their order; not null
     * @param paging which page; not null
     * @return the page, with the total number of matches
     */
    public ReadingPage find(Filter filter, Sort sort, Paging paging) {
        List<Reading> items = this.readings.find(filter)
            .sort(sort)
            .skip(paging.offset())
            .limit(paging.size())
            .toList()
            .stream()
            .map(Reading::fromDocument)
            .toList();
        long total = (paging.page() == 0 && items.size() < paging.size()) ? items.size()
                : this.readings.find(filter).count();
        return new ReadingPage(items, paging.page(), paging.size(), total);
    }

    /**
     * @param filter which readings; not null
     * @return their ids, read lazily; close the stream
     */
    public Stream<String> ids(Filter filter) {
        return this.readings.find(filter).projection("{_id: 1}").stream().map((d) -> (String) d.get(Document.ID));
    }

    /**
     * @param sensorId the sensor; not null
     * @return whether the store holds any reading of it
     */
    public boolean hasReadings(String sensorId) {
        return this.readings.find(Filters.eq("sensorId", sensorId)).limit(1).first().isPresent();
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
        try (Stream<Reading> readings = inWindow(Filters.eq("sensorId", sensorId), from)) {
            readings.forEach(accumulator::add);
        }
        if (accumulator.type == null) {
            this.sensors.get(sensorId).ifPresent((sensor) -> {
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
        try (Stream<Reading> readings = inWindow(Filter.all(), from)) {
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
        try (Stream<Reading> readings = inWindow(Filters.eq("sensorId", sensorId), from)) {
            readings.forEach((reading) -> {
                raw.add(new Series.Point(reading.ts(), reading.value()));
                unit.set(reading.unit());
            });
        }
        if (unit.get() == null) {
            unit.set(this.sensors.get(sensorId).map(Sensor::unit).orElse(null));
        }
        return new Series(sensorId, unit.get(), from, to, raw.size(),
                (raw.size() <= maxPoints) ? raw : averaged(raw, from, to, maxPoints));
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

    /** Readings matching the filter measured from the given time on, oldest first. */
    private Stream<Reading> inWindow(Filter filter, long from) {
        Cursor cursor = this.readings.find(Filters.and(filter, Filters.gte("ts", from))).sort(Sort.ascending("ts"));
        return cursor.stream().map(Reading::fromDocument);
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
