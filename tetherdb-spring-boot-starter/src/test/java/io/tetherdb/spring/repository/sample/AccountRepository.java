package io.tetherdb.spring.repository.sample;

import java.time.Instant;
import java.util.List;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of the versioned, audited entity.
 */
public interface AccountRepository extends TetherRepository<Account, String> {

    List<Account> findByCreatedAfter(Instant instant);

}
