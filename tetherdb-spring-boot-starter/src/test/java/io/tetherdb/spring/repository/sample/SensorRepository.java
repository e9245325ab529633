package io.tetherdb.spring.repository.sample;

import java.util.List;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of the record entity.
 */
public interface SensorRepository extends TetherRepository<Sensor, String> {

    List<Sensor> findByKind(String kind);

}
