package io.tetherdb.spring.catalogue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import io.tetherdb.query.Filters;
import io.tetherdb.spring.autoconfigure.TetherDbBuilderCustomizer;
import io.tetherdb.spring.catalogue.Book.Author;
import io.tetherdb.spring.catalogue.Book.Genre;
import io.tetherdb.spring.catalogue.Book.Publisher;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.Update;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The code samples of {@code docs/spring-reference.md}, as written there (between the tag
 * comments; {@code SpringReferencePageTests} checks that the page shows exactly these).
 */
@DataTetherTest
@Import(LendingService.class)
class SpringReferenceExampleTests {

    @Autowired
    private LendingService lending;

    @Autowired
    private BookRepository books;

    @Autowired
    private LoanRepository loans;

    @Autowired
    private BookUpdateRepository updates;

    @Autowired
    private TetherOperations template;

    @Autowired
    private MutableClock clock;

    @BeforeEach
    void clean() {
        this.books.deleteAll();
        this.loans.deleteAll();
    }

    @Test
    void savesAndFindsThroughNestedProperties() {
        BookRepository books = this.books;
        // tag::usage[]
        Book hunger = books.save(new Book(null, "Hunger", new Publisher("Gyldendal", "NO"),
                List.of(new Author("Knut Hamsun", "Lom")), Genre.NOVEL, Instant.parse("1890-01-01T00:00:00Z"), null));
        assertThat(hunger.id()).hasSize(24);                      // generated: ObjectId-like, time-ordered
        assertThat(hunger.version()).isZero();                    // @Version starts at 0
        assertThat(books.findByPublisherCountry("NO")).containsExactly(hunger);
        // end::usage[]
    }

    @Autowired
    private BookStatistics statistics;

    @Test
    void aggregatesThroughRepositoryMethods() {
        this.books.save(new Book(null, "Hunger", new Publisher("Gyldendal", "NO"),
                List.of(new Author("Knut Hamsun", "Lom")), Genre.NOVEL, Instant.parse("1890-01-01T00:00:00Z"), null));
        this.books.save(new Book(null, "Pan", new Publisher("Gyldendal", "NO"),
                List.of(new Author("Knut Hamsun", "Lom")), Genre.NOVEL, Instant.parse("1894-01-01T00:00:00Z"), null));
        this.books.save(new Book(null, "Haugtussa", new Publisher("Aschehoug", "NO"),
                List.of(new Author("Arne Garborg", "Time")), Genre.POETRY, Instant.parse("1895-01-01T00:00:00Z"), null));
        assertThat(this.statistics.genresPublishedIn("NO")).containsExactly(
                new BookStatistics.GenreCount("NOVEL", 2), new BookStatistics.GenreCount("POETRY", 1));
        assertThat(this.statistics.countByAuthor("Knut Hamsun")).isEqualTo(2);
        assertThat(this.statistics.countByAuthor("Nobody")).isZero();
    }

    @Test
    void insertOfSeveralIsAllOrNothing() {
        BookRepository books = this.books;
        Book a = book("a");
        Book b = book("b");
        Book c = book("c");
        Book d = book("d");
        // tag::atomic[]
        books.insert(List.of(a, b));                              // one all-or-nothing write
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> books.insert(List.of(c, a)));       // a exists: c is not written either
        assertThat(books.existsById(c.id())).isFalse();
        books.saveAll(List.of(c, d));                             // one transaction: both or neither
        // end::atomic[]
        assertThat(books.count()).isEqualTo(4);
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)                 // look at what the service committed
    void lendingIsOneTransaction() {
        Book book = this.books.save(book("t"));
        LendingService lending = this.lending;
        LoanRepository loans = this.loans;
        // tag::transactional[]
        Loan loan = lending.lend(book.id(), "ann");
        assertThat(loans.findById(loan.id())).isPresent();
        assertThatExceptionOfType(NoSuchElementException.class)
            .isThrownBy(() -> lending.lend("missing", "bob"));       // thrown inside: rolled back, nothing kept
        assertThat(loans.count()).isEqualTo(1);
        // end::transactional[]
        this.books.deleteAll();
        this.loans.deleteAll();
    }

    @Test
    void loansExpireByTheStoreClock() {
        LoanRepository loans = this.loans;
        MutableClock clock = this.clock;
        // tag::ttl[]
        Loan loan = loans.save(new Loan(null, "b-1", "ann", null));            // expires in 21 days
        Loan returned = loans.save(new Loan(null, "b-2", "bob", clock.instant())); // due now: already expired
        assertThat(loans.findById(returned.id())).isEmpty();
        clock.advance(Duration.ofDays(21).minusSeconds(1));
        assertThat(loans.findById(loan.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(loans.findById(loan.id())).isEmpty();
        // end::ttl[]
    }

    @Test
    void updatesChangeStoredBooksInOneWrite() {
        BookRepository books = this.books;
        BookUpdateRepository updates = this.updates;
        TetherOperations template = this.template;
        // tag::update[]
        Book hunger = books.save(new Book(null, "Hunger", new Publisher("Gyldendal", "NO"),
                List.of(new Author("Knut Hamsun", "Lom")), Genre.NOVEL, Instant.parse("1890-01-01T00:00:00Z"), null));
        assertThat(updates.findAndSetGenreByTitle("Hunger", Genre.ESSAY)).isEqualTo(1);
        Book updated = updates.addAuthor(hunger.id(), new Author("A. Translator", "Oslo")).orElseThrow();
        assertThat(updated.authors()).hasSize(2);
        template.updateFirst(TetherQuery.of(Filters.eq("_id", hunger.id())),
                new Update().set("publisher.country", "DK").set("authors.0.birthplace", "Vågå"), Book.class);
        Book stored = books.findById(hunger.id()).orElseThrow();
        assertThat(stored.authors().get(0).birthplace()).isEqualTo("Vågå");   // stored as authors.0.birth_place
        assertThat(stored.version()).isEqualTo(hunger.version() + 3);           // each update bumped @Version
        // end::update[]
    }

    private static Book book(String id) {
        return new Book(id, "Title " + id, new Publisher("P", "NO"), List.of(), Genre.ESSAY, Instant.EPOCH, null);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {

        // tag::customizer[]
        @Bean
        MutableClock clock() {
            return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        }

        @Bean
        TetherDbBuilderCustomizer testClock(Clock clock) {
            return (builder) -> builder.clock(clock);             // expiry and generated ids follow it
        }
        // end::customizer[]

    }

}
