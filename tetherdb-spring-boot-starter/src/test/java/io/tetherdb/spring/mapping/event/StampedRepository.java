package io.tetherdb.spring.mapping.event;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of {@link Stamped}.
 */
public interface StampedRepository extends TetherRepository<Stamped, String> {

}
