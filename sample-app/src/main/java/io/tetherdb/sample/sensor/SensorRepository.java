package io.tetherdb.sample.sensor;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Sensors in the {@code sensors} collection, by id. {@code insert} creates a sensor and fails with
 * a {@link org.springframework.dao.DuplicateKeyException} if its id is taken; {@code save}
 * creates or replaces one.
 *
 * <p>Created by the starter at start-up; thread-safe.
 *
 * @since 0.1
 */
public interface SensorRepository extends TetherRepository<Sensor, String> {

    /**
     * Deletes a sensor, answering whether there was one (the inherited {@code deleteById} does not
     * say).
     *
     * @param id the sensor id; not null
     * @return the number of sensors deleted, 0 or 1
     */
    long removeById(String id);

}
