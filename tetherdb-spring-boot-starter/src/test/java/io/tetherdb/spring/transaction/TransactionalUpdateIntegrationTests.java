package io.tetherdb.spring.transaction;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.catalogue.Book;
import io.tetherdb.spring.catalogue.Book.Author;
import io.tetherdb.spring.catalogue.Book.Genre;
import io.tetherdb.spring.catalogue.Book.Publisher;
import io.tetherdb.spring.catalogue.BookUpdateRepository;
import io.tetherdb.spring.core.FindAndModifyOptions;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.Update;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @Update} repository methods and the template's update paths join a Spring transaction:
 * they commit or roll back with it, stay invisible to others until the commit, and conflict
 * instead of losing a concurrent update; without a transaction each is written at once. The test
 * methods run outside transactions, so that they can look at what was committed.
 */
@DataTetherTest
@Import(CataloguingService.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class TransactionalUpdateIntegrationTests {

    @Autowired
    private CataloguingService service;

    @Autowired
    private BookUpdateRepository books;

    @Autowired
    private TetherTemplate template;

    @Autowired
    private TransactionTemplate transactionTemplate;

    @Autowired
    private TetherDB db;

    @BeforeEach
    void load() {
        this.books.deleteAll();
        this.books.insert(new Book("b1", "Hunger", new Publisher("Gyldendal", "NO"), List.of(), Genre.NOVEL, Instant.parse("1890-01-01T00:00:00Z"),
                null));
    }

    /** The book as committed, read past Spring and any transaction. */
    private Document committed(String id) {
        return this.db.collection("books").get(id).orElse(null);
    }

    @Test
    void updatesInATransactionalMethodCommitWithIt() {
        Book seen = this.service.revise("b1", "Hunger", false);
        assertThat(seen.genre()).as("the transaction reads its own updates").isEqualTo(Genre.ESSAY);
        assertThat(seen.authors()).extracting(Author::name).containsExactly("An Editor");
        assertThat(seen.publisher().country()).isEqualTo("DK");
        Document stored = committed("b1");
        assertThat(stored.getString("genre")).isEqualTo("ESSAY");
        assertThat(stored.getList("authors")).hasSize(1);
        assertThat(stored.getLong("version")).as("each update bumped @Version").isEqualTo(3);
        assertThat(committed("note-b1")).isNotNull();
    }

    @Test
    void updatesInATransactionalMethodRollBackWithIt() {
        assertThatExceptionOfType(IllegalStateException.class)
            .isThrownBy(() -> this.service.revise("b1", "Hunger", true));
        Document stored = committed("b1");
        assertThat(stored.getString("genre")).isEqualTo("NOVEL");
        assertThat(stored.getList("authors")).isEmpty();
        assertThat(stored.getDocument("publisher").getString("country")).isEqualTo("NO");
        assertThat(stored.getLong("version")).isZero();
        assertThat(committed("note-b1")).as("the upsert is undone too").isNull();
    }

    @Test
    void findAndModifyReplaceAndRemoveStayInvisibleUntilCommitAndRollBack() {
        this.transactionTemplate.executeWithoutResult((status) -> {
            Book before = this.template.findAndModify(TetherQuery.of(Filters.eq("_id", "b1")),
                    new Update().set("title", "Sult"), Book.class).orElseThrow();
            assertThat(before.title()).isEqualTo("Hunger");
            Book replaced = this.template.findAndReplace(TetherQuery.of(Filters.eq("title", "Sult")),
                    new Book(null, "Svält", null, List.of(), Genre.NOVEL, null, 1L),
                    FindAndModifyOptions.options().returnNew(true)).orElseThrow();
            assertThat(replaced.id()).isEqualTo("b1");
            assertThat(this.books.findById("b1").map(Book::title)).hasValue("Svält");
            assertThat(committed("b1").getString("title")).as("not visible outside before the commit")
                .isEqualTo("Hunger");
            assertThat(this.template.findAndRemove(TetherQuery.of(Filters.eq("_id", "b1")), Book.class)).isPresent();
            assertThat(this.books.findById("b1")).isEmpty();
            status.setRollbackOnly();
        });
        assertThat(committed("b1").getString("title")).isEqualTo("Hunger");
        assertThat(committed("b1").getLong("version")).isZero();
    }

    @Test
    void withoutATransactionEachUpdateIsWrittenAtOnce() {
        assertThat(this.books.findAndSetGenreByTitle("Hunger", Genre.POETRY)).isEqualTo(1);
        assertThat(committed("b1").getString("genre")).isEqualTo("POETRY");
        this.template.updateAll(TetherQuery.of(Filters.eq("genre", "POETRY")), new Update().set("title", "Verse"),
                Book.class);
        assertThat(committed("b1").getString("title")).isEqualTo("Verse");
    }

    @Test
    void aConcurrentUpdateMakesTheCommitConflictInsteadOfBeingLost() {
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.transactionTemplate.executeWithoutResult((status) -> {
                this.books.addAuthor("b1", new Author("Mine", "Lom"));
                // another thread runs outside the transaction and commits first
                CompletableFuture.runAsync(() -> this.books.addAuthor("b1", new Author("Theirs", "Vågå"))).join();
            }))
            .withMessageContaining("'b1'");
        assertThat(this.books.findById("b1").orElseThrow().authors()).extracting(Author::name)
            .containsExactly("Theirs");
    }

}
