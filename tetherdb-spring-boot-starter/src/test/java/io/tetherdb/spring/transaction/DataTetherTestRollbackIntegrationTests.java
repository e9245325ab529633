package io.tetherdb.spring.transaction;

import java.time.Instant;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.catalogue.Book;
import io.tetherdb.spring.catalogue.BookRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.Commit;
import org.springframework.test.annotation.Rollback;
import org.springframework.test.context.transaction.TestTransaction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DataTetherTest @DataTetherTest} runs each test in a transaction that is rolled back, unless
 * the test asks for a commit. The methods run in order and look at what the earlier ones left.
 */
@DataTetherTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataTetherTestRollbackIntegrationTests {

    @Autowired
    private BookRepository books;

    @Autowired
    private TetherDB db;

    private static Book book(String id) {
        return new Book(id, "Title", null, List.of(), Book.Genre.POETRY, Instant.parse("2021-01-01T00:00:00Z"), null);
    }

    @Test
    @Order(1)
    void writesOfATestAreVisibleToItButNotCommitted() {
        assertThat(TestTransaction.isActive()).isTrue();
        this.books.insert(book("rolled-back"));
        assertThat(this.books.findById("rolled-back")).isPresent();
        assertThat(this.db.collection("books").get("rolled-back")).as("plain calls do not join").isEmpty();
    }

    @Test
    @Order(2)
    void theNextTestStartsFromTheSameData() {
        assertThat(this.books.findById("rolled-back")).isEmpty();
    }

    @Test
    @Order(3)
    @Commit
    void commitKeepsTheWrites() {
        this.books.insert(book("committed"));
    }

    @Test
    @Order(4)
    @Rollback(false)
    void rollbackFalseKeepsThemToo() {
        assertThat(this.books.findById("committed")).isPresent();
        this.books.insert(book("kept"));
    }

    @Test
    @Order(5)
    void bothWereKept() {
        assertThat(this.books.findAllById(List.of("committed", "kept"))).hasSize(2);
        this.books.deleteAllById(List.of("committed", "kept"));
        TestTransaction.flagForCommit();
    }

}
