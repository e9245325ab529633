package io.tetherdb.sample.reading;

import java.util.stream.Stream;

import io.tetherdb.spring.repository.Meta;
import io.tetherdb.spring.repository.TetherRepository;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Range;

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
     * @param sensorId the sensor; not null
     * @param window the times, epoch milliseconds, with their bounds' inclusion; not null
     * @return the sensor's readings measured in the window, oldest first, read lazily; close the stream
     */
    Stream<Reading> findBySensorIdAndTsBetweenOrderByTsAsc(String sensorId, Range<Long> window);

    /**
     * @param window the times, epoch milliseconds, with their bounds' inclusion; not null
     * @return every reading measured in the window, oldest first, read lazily; close the stream
     */
    Stream<Reading> findByTsBetweenOrderByTsAsc(Range<Long> window);

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
