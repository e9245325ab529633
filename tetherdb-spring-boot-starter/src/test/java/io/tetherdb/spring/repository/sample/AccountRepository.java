package io.tetherdb.spring.repository.sample;

import java.time.Instant;
import java.util.List;

import io.tetherdb.spring.repository.Query;
import io.tetherdb.spring.repository.TetherRepository;
import io.tetherdb.spring.repository.Update;

/**
 * Repository of the versioned, audited entity.
 */
public interface AccountRepository extends TetherRepository<Account, String> {

    List<Account> findByCreatedAfter(Instant instant);

    @Query("{ '_id': ?0 }")
    @Update("{ '$set': { 'owner': ?1 } }")
    long changeOwner(String id, String owner);

}
