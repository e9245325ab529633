package io.tetherdb.spring.change;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.tetherdb.TetherDB;
import io.tetherdb.event.ChangeKind;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.ExpiryCause;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.autoconfigure.TetherDbBuilderCustomizer;
import io.tetherdb.spring.catalogue.MutableClock;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.Update;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.Session;
import io.tetherdb.spring.repository.sample.SessionRepository;
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
 * {@code TetherOperations.watch} delivering entities, and {@link TetherExpiredEvent}s published for
 * the entities the expiry sweep removes, with the entity as it was, to listeners of that entity
 * type only. Not in a test transaction: its writes would publish nothing before the rollback.
 */
@DataTetherTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import(ChangeEventsIntegrationTests.Config.class)
class ChangeEventsIntegrationTests {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

    @Autowired
    private TetherOperations operations;

    @Autowired
    private ReadingRepository readings;

    @Autowired
    private SessionRepository sessions;

    @Autowired
    private TetherDB db;

    @Autowired
    private ExpiryListeners expiries;

    @BeforeEach
    void clean() {
        this.readings.deleteAll();
        this.sessions.deleteAll();
        this.expiries.sessions.clear();
        this.expiries.readings.clear();
    }

    @Test
    void watchDeliversTheMappedEntityOfEachChange() {
        List<TetherChangeEvent<Reading>> events = new CopyOnWriteArrayList<>();
        try (ChangeSubscription subscription = this.operations.watch(Reading.class, events::add)) {
            this.readings.save(Reading.of("kitchen", 20).id("r1"));
            this.operations.updateFirst(TetherQuery.of(Filters.eq("_id", "r1")), new Update().inc("value", 1),
                    Reading.class);
            this.readings.deleteById("r1");
            this.sessions.save(new Session("not a reading", Duration.ofHours(1)));
            await(() -> events.size() >= 3);
        }
        assertThat(events).extracting(TetherChangeEvent::getKind)
            .containsExactly(ChangeKind.INSERT, ChangeKind.UPDATE, ChangeKind.DELETE);
        assertThat(events).extracting(TetherChangeEvent::getId).containsOnly("r1");
        assertThat(events).extracting((event) -> event.getEntity().orElseThrow().getValue()).containsExactly(20.0, 21.0, 21.0);
        assertThat(events.get(1).getUpdateDescription().orElseThrow().updatedFields()).containsKey("value");
    }

    @Test
    void expiredEntitiesArePublishedAsTheyWereToListenersOfTheirType() {
        this.sessions.save(new Session("ann", Duration.ofSeconds(1)));
        this.sessions.save(new Session("bob", Duration.ofHours(1)));
        this.readings.save(Reading.of("garage", 3).id("r9"));
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(this.db.cleanup()).isEqualTo(1);
        await(() -> !this.expiries.sessions.isEmpty());
        TetherExpiredEvent<Session> expired = this.expiries.sessions.get(0);
        assertThat(expired.getEntity().getUser()).isEqualTo("ann");
        assertThat(expired.getEntityType()).isEqualTo(Session.class);
        assertThat(expired.getCollectionName()).isEqualTo("sessions");
        assertThat(expired.getCause()).isEqualTo(ExpiryCause.SWEEP);
        assertThat(expired.getRemovedAt()).isEqualTo(CLOCK.instant());
        assertThat(this.expiries.sessions).hasSize(1);
        assertThat(this.expiries.readings).isEmpty();
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

    /** Collects the expired-entity events of two entity types. */
    static class ExpiryListeners {

        final List<TetherExpiredEvent<Session>> sessions = new CopyOnWriteArrayList<>();

        final List<TetherExpiredEvent<Reading>> readings = new CopyOnWriteArrayList<>();

        @EventListener
        void onSession(TetherExpiredEvent<Session> event) {
            this.sessions.add(event);
        }

        @EventListener
        void onReading(TetherExpiredEvent<Reading> event) {
            this.readings.add(event);
        }

    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        @Bean
        TetherDbBuilderCustomizer testClock() {
            return (builder) -> builder.clock(CLOCK);
        }

        @Bean
        ExpiryListeners expiryListeners() {
            return new ExpiryListeners();
        }

    }

}
