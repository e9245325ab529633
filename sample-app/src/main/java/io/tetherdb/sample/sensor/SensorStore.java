package io.tetherdb.sample.sensor;

import java.util.List;
import java.util.Optional;

import io.tetherdb.DuplicateKeyException;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.query.Sort;

import org.springframework.stereotype.Component;

/**
 * Keeps sensors in the store's {@code sensors} collection, one document per sensor under its id,
 * without expiry.
 *
 * <p>Thread-safe, as the store is.
 *
 * @since 0.1
 */
@Component
public class SensorStore {

    /** Name of the collection that holds sensors. */
    public static final String COLLECTION = "sensors";

    private final TetherCollection sensors;

    /**
     * @param db the store; not null
     */
    public SensorStore(TetherDB db) {
        this.sensors = db.collection(COLLECTION);
    }

    /**
     * @param sensor a valid sensor; not null
     * @throws DuplicateKeyException if a sensor with its id exists; nothing is written
     */
    public void create(Sensor sensor) {
        this.sensors.put(sensor.toDocument());
    }

    /**
     * Creates a sensor or replaces the one with the same id.
     *
     * @param sensor a valid sensor; not null
     */
    public void save(Sensor sensor) {
        this.sensors.save(sensor.toDocument());
    }

    /**
     * @param id the sensor id; not null
     * @return the sensor, or empty if there is none with this id
     */
    public Optional<Sensor> get(String id) {
        return this.sensors.get(id).map(Sensor::fromDocument);
    }

    /** @return every sensor, by id */
    public List<Sensor> findAll() {
        return this.sensors.find().sort(Sort.ascending("_id")).toList().stream().map(Sensor::fromDocument).toList();
    }

    /**
     * @param id the sensor id; not null
     * @return whether a sensor was removed
     */
    public boolean delete(String id) {
        return this.sensors.delete(id) > 0;
    }

    /** @return the number of sensors */
    public long count() {
        return this.sensors.count();
    }
}
