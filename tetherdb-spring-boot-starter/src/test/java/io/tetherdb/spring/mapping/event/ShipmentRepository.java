package io.tetherdb.spring.mapping.event;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of the {@link Shipment} aggregate.
 */
public interface ShipmentRepository extends TetherRepository<Shipment, String> {

}
