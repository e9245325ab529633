package io.tetherdb.spring.catalogue;

import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of the catalogue's loans.
 */
public interface LoanRepository extends TetherRepository<Loan, String> {
}
