package io.tetherdb.spring.catalogue;

import org.springframework.transaction.annotation.Transactional;

/**
 * The catalogue's service: a transactional write of two collections, the reference page's
 * transaction example. Not a component, so that contexts without repositories do not scan it:
 * {@link SpringReferenceExampleTests} imports it.
 */
// tag::service[]
public class LendingService {

    private final BookRepository books;
    private final LoanRepository loans;

    public LendingService(BookRepository books, LoanRepository loans) {
        this.books = books;
        this.loans = loans;
    }

    @Transactional                                                  // one TetherDB transaction
    public Loan lend(String bookId, String reader) {
        Book book = this.books.findById(bookId).orElseThrow();       // read from the transaction's snapshot
        this.books.save(book);                                       // version + 1: a concurrent lend conflicts
        return this.loans.insert(new Loan(null, book.id(), reader, null)); // both writes or neither
    }
}
// end::service[]
