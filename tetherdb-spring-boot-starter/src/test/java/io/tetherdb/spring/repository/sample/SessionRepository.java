package io.tetherdb.spring.repository.sample;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of the expiring entity.
 */
public interface SessionRepository extends TetherRepository<Session, String> {

    long countByUser(String user);

}
