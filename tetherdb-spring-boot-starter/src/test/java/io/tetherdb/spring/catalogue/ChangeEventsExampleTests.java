package io.tetherdb.spring.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.tetherdb.TetherDB;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.spring.autoconfigure.TetherDbBuilderCustomizer;
import io.tetherdb.spring.change.TetherExpiredEvent;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change event samples of {@code docs/spring-reference.md}, as written there (between the tag
 * comments). Not in a test transaction: a rolled-back write publishes nothing.
 */
@DataTetherTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import({ ChangeEventsExampleTests.Config.class, ChangeEventsExampleTests.LapsedLoans.class })
class ChangeEventsExampleTests {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    @Autowired
    private TetherOperations template;

    @Autowired
    private LoanRepository loans;

    @Autowired
    private LapsedLoans lapsed;

    @Autowired
    private TetherDB db;

    @BeforeEach
    void clean() {
        this.loans.deleteAll();
    }

    @Test
    void watchesLoans() {
        TetherOperations template = this.template;
        LoanRepository loans = this.loans;
        List<String> log = new CopyOnWriteArrayList<>();
        // tag::watch[]
        try (ChangeSubscription subscription = template.watch(Loan.class,
                (event) -> log.add(event.getKind() + " " + event.getEntity().map(Loan::reader).orElse("?")))) {
            Loan loan = loans.save(new Loan(null, "b-1", "ann", null));
            loans.delete(loan);
            // events arrive on the subscription's thread: INSERT ann, DELETE ann
            // end::watch[]
            await(() -> log.size() == 2);
        }
        assertThat(log).containsExactly("INSERT ann", "DELETE ann");
    }

    @Test
    void publishesLapsedLoans() {
        this.loans.save(new Loan(null, "b-7", "bob", CLOCK.instant().plusSeconds(60)));
        CLOCK.advance(Duration.ofMinutes(2));
        this.db.cleanup();
        await(() -> this.lapsed.books.size() == 1);
        assertThat(this.lapsed.books).containsExactly("b-7");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
        assertThat(condition.getAsBoolean()).as("arrived in time").isTrue();
    }

    // tag::expired[]
    static class LapsedLoans {

        final List<String> books = new CopyOnWriteArrayList<>();

        @EventListener                                   // on the store's delivery thread, once the sweep removed it
        void lapsed(TetherExpiredEvent<Loan> event) {
            this.books.add(event.getEntity().bookId());  // the loan as it was when it expired
        }

    }
    // end::expired[]

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        @Bean
        TetherDbBuilderCustomizer changeEventsClock() {
            return (builder) -> builder.clock(CLOCK);
        }

    }

}
