package io.tetherdb.spring.catalogue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tetherdb.spring.autoconfigure.TetherDbBuilderCustomizer;
import io.tetherdb.spring.catalogue.Book.Author;
import io.tetherdb.spring.catalogue.Book.Genre;
import io.tetherdb.spring.catalogue.Book.Publisher;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The code samples of {@code docs/spring-reference.md}, as written there (between the tag
 * comments; {@code SpringReferencePageTests} checks that the page shows exactly these).
 */
@DataTetherTest
class SpringReferenceExampleTests {

    @Autowired
    private BookRepository books;

    @Autowired
    private LoanRepository loans;

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
        books.saveAll(List.of(c, d));                             // one save after another, not atomic
        // end::atomic[]
        assertThat(books.count()).isEqualTo(4);
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
