package io.tetherdb.spring.transaction;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.catalogue.Book;
import io.tetherdb.spring.catalogue.BookRepository;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.core.TetherTransactionManager;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TetherTransactionManager} through {@code @Transactional}, {@link TransactionTemplate} and
 * the repositories: atomicity, each propagation, read-only, timeout, rollback rules and the
 * translation of conflicts. The test methods run outside transactions, so that they can look at what
 * was committed.
 */
@DataTetherTest
@Import(LibraryService.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class TetherTransactionManagerIntegrationTests {

    @Autowired
    private LibraryService service;

    @Autowired
    private BookRepository books;

    @Autowired
    private TetherTemplate template;

    @Autowired
    private TetherDB db;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Autowired
    private TransactionTemplate transactionTemplate;

    @BeforeEach
    void empty() {
        this.books.deleteAll();
    }

    private static Book book(String id) {
        return new Book(id, "Title " + id, null, List.of(), Book.Genre.NOVEL, Instant.parse("2020-01-01T00:00:00Z"),
                null);
    }

    private TransactionTemplate with(int propagation) {
        TransactionTemplate template = new TransactionTemplate(this.transactionManager);
        template.setPropagationBehavior(propagation);
        return template;
    }

    private boolean committed(String id) {
        return this.db.collection("books").get(id).isPresent();
    }

    @Test
    void theAutoConfiguredManagerIsTether() {
        assertThat(this.transactionManager).isInstanceOf(TetherTransactionManager.class);
    }

    @Test
    void aServiceThatSavesABookThenAConflictingOneKeepsNeither() {
        this.books.insert(book("taken"));
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.service.addBoth(book("new"), book("taken")));
        assertThat(committed("new")).isFalse();
        assertThat(this.books.count()).isEqualTo(1);
    }

    @Test
    void rollbackForRulesAreHonoured() {
        assertThatExceptionOfType(IOException.class)
            .isThrownBy(() -> this.service.addThenFailWithRollbackRule(book("ruled")));
        assertThat(committed("ruled")).isFalse();
        assertThatExceptionOfType(IOException.class)
            .isThrownBy(() -> this.service.addThenFailWithoutRollbackRule(book("kept")));
        assertThat(committed("kept")).as("a checked exception without a rule commits").isTrue();
    }

    @Test
    void readOnlyTransactionsReadAndRefuseWrites() {
        this.books.insert(book("a"));
        assertThat(this.service.countReadOnly()).isEqualTo(1);
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.service.addReadOnly(book("b")))
            .withMessageContaining("read-only");
        assertThat(committed("b")).isFalse();
    }

    @Test
    void aTransactionOlderThanItsTimeoutCannotCommit() {
        assertThatExceptionOfType(TransactionTimedOutException.class)
            .isThrownBy(() -> this.service.addSlowly(book("slow")))
            .withMessageContaining("timeout");
        assertThat(committed("slow")).isFalse();
    }

    @Test
    void requiredJoinsTheOuterTransaction() {
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.transactionTemplate
            .executeWithoutResult((outer) -> {
                this.books.insert(book("outer"));
                with(TransactionDefinition.PROPAGATION_REQUIRED).executeWithoutResult((inner) -> {
                    assertThat(this.books.findById("outer")).as("the inner part sees the outer writes").isPresent();
                    this.books.insert(book("inner"));
                });
                assertThat(committed("inner")).as("nothing is visible outside before the commit").isFalse();
                throw new IllegalStateException("roll back both");
            }));
        assertThat(this.books.count()).isZero();
    }

    @Test
    void requiresNewCommitsOnItsOwn() {
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.transactionTemplate
            .executeWithoutResult((outer) -> {
                this.books.insert(book("outer"));
                with(TransactionDefinition.PROPAGATION_REQUIRES_NEW).executeWithoutResult((inner) -> {
                    assertThat(this.books.findById("outer")).as("a new transaction has its own snapshot").isEmpty();
                    this.books.insert(book("inner"));
                });
                assertThat(committed("inner")).isTrue();
                assertThat(this.books.findById("outer")).as("the outer transaction is back").isPresent();
                throw new IllegalStateException("roll back the outer one");
            }));
        assertThat(committed("inner")).isTrue();
        assertThat(committed("outer")).isFalse();
    }

    @Test
    void supportsJoinsWhenThereIsATransactionAndRunsWithoutOtherwise() {
        with(TransactionDefinition.PROPAGATION_SUPPORTS).executeWithoutResult((status) -> {
            this.books.insert(book("alone"));
            assertThat(committed("alone")).as("no transaction: written at once").isTrue();
        });
        this.transactionTemplate.executeWithoutResult((outer) -> {
            with(TransactionDefinition.PROPAGATION_SUPPORTS)
                .executeWithoutResult((inner) -> this.books.insert(book("joined")));
            assertThat(committed("joined")).isFalse();
        });
        assertThat(committed("joined")).isTrue();
    }

    @Test
    void notSupportedRunsOutsideTheOuterTransaction() {
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.transactionTemplate
            .executeWithoutResult((outer) -> {
                this.books.insert(book("outer"));
                with(TransactionDefinition.PROPAGATION_NOT_SUPPORTED).executeWithoutResult((inner) -> {
                    this.books.insert(book("plain"));
                    assertThat(committed("plain")).isTrue();
                });
                throw new IllegalStateException("roll back the outer one");
            }));
        assertThat(committed("plain")).isTrue();
        assertThat(committed("outer")).isFalse();
    }

    @Test
    void neverAndMandatoryRefuseAsSpringDocuments() {
        assertThatExceptionOfType(IllegalTransactionStateException.class).isThrownBy(() -> this.transactionTemplate
            .executeWithoutResult((outer) -> with(TransactionDefinition.PROPAGATION_NEVER)
                .executeWithoutResult((inner) -> this.books.insert(book("never")))));
        assertThatExceptionOfType(IllegalTransactionStateException.class)
            .isThrownBy(() -> with(TransactionDefinition.PROPAGATION_MANDATORY)
                .executeWithoutResult((status) -> this.books.insert(book("mandatory"))));
        with(TransactionDefinition.PROPAGATION_NEVER).executeWithoutResult((status) -> this.books.insert(book("n")));
        assertThat(committed("n")).isTrue();
        assertThat(this.books.count()).isEqualTo(1);
    }

    @Test
    void transactionTemplateReturnsResultsAndRollsBackOnRequest() {
        String id = this.transactionTemplate.execute((status) -> this.books.insert(book("t")).id());
        assertThat(id).isEqualTo("t");
        this.transactionTemplate.executeWithoutResult((status) -> {
            this.books.insert(book("undone"));
            status.setRollbackOnly();
        });
        assertThat(committed("t")).isTrue();
        assertThat(committed("undone")).isFalse();
    }

    @Test
    void aConflictingCommitIsAConcurrencyFailure() {
        Book stored = this.books.insert(book("c"));
        assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.transactionTemplate
            .executeWithoutResult((status) -> {
                Book mine = this.books.findById("c").orElseThrow();
                CompletableFuture.runAsync(() -> this.books.save(stored)).join();
                this.books.save(mine);
            }))
            .isInstanceOf(ConcurrencyFailureException.class)
            .withMessageContaining("Transaction conflict on document 'c' of collection 'books'");
        assertThat(this.books.findById("c").map(Book::version)).isEqualTo(Optional.of(1L));
    }

    @Test
    void saveAllAndDeleteAllAreAllOrNothingWithoutATransaction() {
        this.books.insert(book("b2"));
        Book stale = new Book("b3", "never stored", null, List.of(), Book.Genre.ESSAY, null, 5L);
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.books.saveAll(List.of(book("b1"), stale)));
        assertThat(committed("b1")).as("the first save of the failed saveAll is undone").isFalse();
        List<Book> saved = this.books.saveAll(List.of(book("b1"), book("b4")));
        assertThat(this.books.count()).isEqualTo(3);
        Book changedMeanwhile = this.books.save(this.books.findById("b4").orElseThrow());
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.books.deleteAll(List.of(saved.get(0), saved.get(1))));
        assertThat(committed("b1")).as("the first delete of the failed deleteAll is undone").isTrue();
        this.books.deleteAll(List.of(saved.get(0), changedMeanwhile));
        assertThat(this.books.findAll()).extracting(Book::id).containsExactly("b2");
        assertThat(this.template.inTransaction(() -> this.books.count())).isEqualTo(1);
    }

}
