package io.tetherdb.sample.reading;

import java.util.List;
import java.util.Optional;

import io.tetherdb.spring.repository.Aggregation;
import io.tetherdb.spring.repository.Meta;
import io.tetherdb.spring.repository.TetherRepository;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/**
 * Readings in the {@code readings} collection. Besides CRUD and paging it answers the questions
 * the API and the dashboard ask of one sensor, and of a time window, with derived queries that the
 * {@code {sensorId: 1, ts: 1}} and {@code {ts: 1}} indexes serve. {@code insert(Iterable)} stores a
 * batch in one all-or-nothing write; {@code saveAll} would not.
 *
 * <p>Created by the starter at start-up; thread-safe.
 *
 * @since 0.1
 */
public interface ReadingRepository extends TetherRepository<Reading, String> {

    /**
     * @param sensorId the sensor; not null
     * @param pageable the page and its order; not null
     * @return the page of the sensor's readings, with the total number of them
     */
    Page<Reading> findBySensorId(String sensorId, Pageable pageable);

    /**
     * @param sensorId the sensor; not null
     * @return whether the store holds any reading of it
     */
    boolean existsBySensorId(String sensorId);

    /**
     * The statistics of one sensor's readings measured from {@code from} to {@code to} (epoch
     * milliseconds, both included): count, minimum, maximum, mean, and the type, unit and value of
     * the latest reading (the last one in time order).
     *
     * @param sensorId the sensor; not null
     * @param from the window's start
     * @param to the window's end
     * @return the summary, or empty when the window holds no reading of the sensor
     */
    @Aggregation({ "{$match: {sensorId: ?0, ts: {$gte: ?1, $lte: ?2}}}", "{$sort: {ts: 1}}", GROUP_STATISTICS,
            PROJECT_STATISTICS })
    Optional<ReadingSummary> summarize(String sensorId, long from, long to);

    /**
     * As {@link #summarize(String, long, long)}, for every sensor with readings in the window, by
     * sensor id.
     *
     * @param from the window's start
     * @param to the window's end
     * @return the summaries, ordered by sensor id
     */
    @Aggregation({ "{$match: {ts: {$gte: ?0, $lte: ?1}}}", "{$sort: {ts: 1}}", GROUP_STATISTICS, PROJECT_STATISTICS,
            "{$sort: {sensorId: 1}}" })
    List<ReadingSummary> summarizeAll(long from, long to);

    /**
     * @param sensorId the sensor; not null
     * @param from the window's start
     * @param to the window's end
     * @return the number of the sensor's readings in the window and the unit of the latest one,
     *         or empty when there is none
     */
    @Aggregation({ "{$match: {sensorId: ?0, ts: {$gte: ?1, $lte: ?2}}}", "{$sort: {ts: 1}}",
            "{$group: {_id: null, readings: {$sum: 1}, unit: {$last: '$unit'}}}", "{$project: {_id: 0}}" })
    Optional<SeriesSummary> seriesSummary(String sensorId, long from, long to);

    /**
     * @param sensorId the sensor; not null
     * @param from the window's start
     * @param to the window's end
     * @return every reading of the sensor in the window as a point, oldest first
     */
    @Aggregation({ "{$match: {sensorId: ?0, ts: {$gte: ?1, $lte: ?2}}}", "{$sort: {ts: 1}}",
            "{$project: {_id: 0, ts: 1, value: 1}}" })
    List<Series.Point> points(String sensorId, long from, long to);

    /**
     * The sensor's readings in the window averaged over equal slices of time: one point per slice
     * that holds readings, at the mean time and value of its readings, oldest first.
     *
     * @param sensorId the sensor; not null
     * @param from the window's start
     * @param to the window's end
     * @param slice the length of a slice in milliseconds; positive
     * @return the averaged points, oldest first (their times are means, not yet rounded)
     */
    @Aggregation({ "{$match: {sensorId: ?0, ts: {$gte: ?1, $lte: ?2}}}",
            "{$group: {_id: {$floor: {$divide: [{$subtract: ['$ts', ?1]}, ?3]}}, ts: {$avg: '$ts'},"
                    + " value: {$avg: '$value'}}}",
            "{$sort: {_id: 1}}", "{$project: {_id: 0, ts: 1, value: 1}}" })
    List<AveragedPoint> averagedPoints(String sensorId, long from, long to, double slice);

    /** The accumulators of a sensor's statistics, over its readings in time order. */
    String GROUP_STATISTICS = "{$group: {_id: '$sensorId', type: {$last: '$type'}, unit: {$last: '$unit'},"
            + " count: {$sum: 1}, min: {$min: '$value'}, max: {$max: '$value'}, average: {$avg: '$value'},"
            + " latest: {$last: '$value'}, latestTs: {$last: '$ts'}}}";

    /** The statistics' fields under their names in {@link ReadingSummary}. */
    String PROJECT_STATISTICS = "{$project: {_id: 0, sensorId: '$_id', type: 1, unit: 1, count: 1, min: 1, max: 1,"
            + " average: 1, latest: 1, latestTs: 1}}";

    /**
     * One sensor's statistics as a pipeline computes them.
     *
     * @param sensorId the sensor
     * @param type the latest reading's type
     * @param unit the latest reading's unit
     * @param count the number of readings
     * @param min the least value
     * @param max the greatest value
     * @param average the mean value
     * @param latest the latest reading's value
     * @param latestTs the latest reading's time, epoch milliseconds
     */
    record ReadingSummary(String sensorId, String type, String unit, long count, double min, double max,
            double average, double latest, long latestTs) {
    }

    /**
     * @param readings the number of readings in a series' window
     * @param unit the latest one's unit
     */
    record SeriesSummary(long readings, String unit) {
    }

    /**
     * @param ts the mean time of a slice's readings
     * @param value their mean value
     */
    record AveragedPoint(double ts, double value) {
    }

    /**
     * Deletes the readings carrying a tag, with no time limit: the demo seeder's clean-up, whose
     * cost grows only with the number of readings. Under {@code tetherdb.query.max-time}, meant for
     * clients' filters, it would remove nothing on a store large enough to take longer, and the demo
     * could never be reseeded.
     *
     * @param tag a tag; not null
     * @return how many readings carrying it were deleted
     */
    @Meta(maxExecutionTimeMs = 0)
    long deleteByTagsContaining(String tag);

    /**
     * Deletes a reading, answering whether there was one (the inherited {@code deleteById} does
     * not say).
     *
     * @param id the reading's id; not null
     * @return the number of readings deleted, 0 or 1
     */
    long removeById(String id);

}
