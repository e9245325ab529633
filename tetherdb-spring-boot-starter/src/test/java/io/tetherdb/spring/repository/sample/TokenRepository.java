package io.tetherdb.spring.repository.sample;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of tokens that expire at an instant.
 */
public interface TokenRepository extends TetherRepository<Token, String> {

}
