package io.tetherdb.spring.transaction;

import java.io.IOException;

import io.tetherdb.spring.catalogue.Book;
import io.tetherdb.spring.catalogue.BookRepository;

import org.springframework.transaction.annotation.Transactional;

/**
 * A service whose methods run in transactions through {@code @Transactional}, for
 * {@link TetherTransactionManagerIntegrationTests}, which imports it.
 */
public class LibraryService {

    private final BookRepository books;

    public LibraryService(BookRepository books) {
        this.books = books;
    }

    @Transactional
    public void addBoth(Book first, Book second) {
        this.books.insert(first);
        this.books.insert(second);
    }

    @Transactional(rollbackFor = IOException.class)
    public void addThenFailWithRollbackRule(Book book) throws IOException {
        this.books.insert(book);
        throw new IOException("disk said no");
    }

    @Transactional
    public void addThenFailWithoutRollbackRule(Book book) throws IOException {
        this.books.insert(book);
        throw new IOException("checked exceptions commit by default");
    }

    @Transactional(readOnly = true)
    public long countReadOnly() {
        return this.books.count();
    }

    @Transactional(readOnly = true)
    public void addReadOnly(Book book) {
        this.books.insert(book);
    }

    @Transactional(timeout = 1)
    public void addSlowly(Book book) throws InterruptedException {
        this.books.insert(book);
        Thread.sleep(1_300);
    }

}
