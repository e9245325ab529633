package io.tetherdb.spring.transaction;

import io.tetherdb.query.Filters;
import io.tetherdb.spring.catalogue.Book;
import io.tetherdb.spring.catalogue.Book.Author;
import io.tetherdb.spring.catalogue.Book.Genre;
import io.tetherdb.spring.catalogue.BookUpdateRepository;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.Update;

import org.springframework.transaction.annotation.Transactional;

/**
 * A service that changes books with {@code @Update} repository methods and template updates in one
 * {@code @Transactional} method, for {@link TransactionalUpdateIntegrationTests}, which imports it.
 */
public class CataloguingService {

    private final BookUpdateRepository books;

    private final TetherOperations operations;

    public CataloguingService(BookUpdateRepository books, TetherOperations operations) {
        this.books = books;
        this.operations = operations;
    }

    /**
     * Reclassifies a book, adds an editor, moves its publisher and files a note, then fails if asked.
     *
     * @return the book as the transaction sees it after the updates
     */
    @Transactional
    public Book revise(String id, String title, boolean fail) {
        this.books.findAndSetGenreByTitle(title, Genre.ESSAY);
        this.books.addAuthor(id, new Author("An Editor", "Oslo"));
        this.operations.updateFirst(TetherQuery.of(Filters.eq("_id", id)), new Update().set("publisher.country", "DK"),
                Book.class);
        this.operations.upsert(TetherQuery.of(Filters.eq("_id", "note-" + id)), new Update().set("title", "Note"),
                Book.class);
        Book seen = this.books.findById(id).orElseThrow();
        if (fail) {
            throw new IllegalStateException("revision abandoned");
        }
        return seen;
    }

}
