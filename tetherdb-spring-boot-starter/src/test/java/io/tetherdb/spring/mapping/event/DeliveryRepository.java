package io.tetherdb.spring.mapping.event;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of the {@link Delivery} aggregate.
 */
public interface DeliveryRepository extends TetherRepository<Delivery, String> {

}
