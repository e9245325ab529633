package io.tetherdb.spring.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.Sensor;
import io.tetherdb.spring.repository.sample.SensorRepository;
import io.tetherdb.spring.repository.sample.Session;
import io.tetherdb.spring.repository.sample.SessionRepository;
import io.tetherdb.spring.repository.sample.Token;
import io.tetherdb.spring.repository.sample.TokenRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.query.FluentQuery.FetchableFluentQuery;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static io.tetherdb.spring.repository.ReadingFixture.T0;
import static io.tetherdb.spring.repository.ReadingFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * CRUD, mapping, ids, versions, expiry, indexes and query by example through a Spring context.
 */
@DataTetherTest
// these tests read what the repositories wrote through the store itself, and expect unique-index
// violations at the write: without a transaction, as an application's plain repository calls run
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class CrudRepositoryIntegrationTests {

    @Autowired
    private ReadingRepository readings;

    @Autowired
    private SensorRepository sensors;

    @Autowired
    private SessionRepository sessions;

    @Autowired
    private TokenRepository tokens;

    @Autowired
    private TetherOperations operations;

    @Autowired
    private TetherDB db;

    @BeforeEach
    void clean() {
        this.readings.deleteAll();
        this.sensors.deleteAll();
        this.sessions.deleteAll();
        this.tokens.deleteAll();
    }

    @Test
    void savesWithGeneratedIdAndReadsBack() {
        Reading reading = Reading.of("a", 1.5).at(T0).tags("x").location("Oslo", "N");
        Reading saved = this.readings.save(reading);
        assertThat(saved).isSameAs(reading);
        assertThat(saved.getId()).hasSize(24);
        Reading found = this.readings.findById(saved.getId()).orElseThrow();
        assertThat(found.getSensor()).isEqualTo("a");
        assertThat(found.getAt()).isEqualTo(T0);
        assertThat(found.getTags()).containsExactly("x");
        assertThat(found.getLocation()).isEqualTo(new Reading.Location("Oslo", "N"));
        assertThat(this.readings.existsById(saved.getId())).isTrue();
        assertThat(this.readings.count()).isEqualTo(1);
    }

    @Test
    void storesTheIdAsUnderscoreIdAndInstantsAsDates() {
        this.readings.save(Reading.of("a", 1).id("r1").at(T0));
        Document stored = this.db.collection("readings").get("r1").orElseThrow();
        assertThat(stored).containsEntry("_id", "r1").doesNotContainKey("id");
        assertThat(stored.get("at")).isEqualTo(T0);
        this.readings.save(Reading.of("a", 2).id("r2").at(T0.plusSeconds(60)));
        assertThat(ids(this.readings.findByAtAfter(T0))).containsExactly("r2");
        assertThat(ids(this.readings.findAll(Sort.by(Sort.Direction.DESC, "at")))).containsExactly("r2", "r1");
    }

    @Test
    void recordsGetGeneratedIdsAndVersions() {
        Sensor saved = this.sensors.save(Sensor.named("s", "temp"));
        assertThat(saved.id()).isNotNull();
        assertThat(saved.version()).isZero();
        Sensor updated = this.sensors.save(saved.withKind("humidity"));
        assertThat(updated.version()).isEqualTo(1);
        assertThat(this.sensors.findByKind("humidity")).containsExactly(updated);
        assertThat(this.db.collection("Sensor").count()).isEqualTo(1);
    }

    @Test
    void staleVersionsFailWithOptimisticLocking() {
        Sensor saved = this.sensors.save(Sensor.named("s", "temp"));
        this.sensors.save(saved.withKind("humidity"));
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.sensors.save(saved.withKind("pressure")))
            .withMessageContaining("version 0")
            .withMessageContaining("stored version is 1");
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.sensors.delete(saved));
        Sensor current = this.sensors.findById(saved.id()).orElseThrow();
        this.sensors.delete(current);
        assertThat(this.sensors.count()).isZero();
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.sensors.save(current))
            .withMessageContaining("deleted or expired");
    }

    @Test
    void insertingEntitiesWithTheirOwnExpiriesIsStillAllOrNothing() {
        this.sessions.save(new Session("taken", Duration.ofHours(1)));
        long before = this.sessions.count();

        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.sessions.insert(
                List.of(new Session("fresh", Duration.ofHours(2)), new Session("other", null),
                        new Session("taken", Duration.ofMinutes(5)))));

        assertThat(this.sessions.count()).isEqualTo(before);
        assertThat(this.sessions.countByUser("fresh")).isZero();

        this.sessions.insert(List.of(new Session("fresh", Duration.ofHours(2)), new Session("other", null)));
        assertThat(this.sessions.countByUser("fresh")).isOne();
        assertThat(this.sessions.countByUser("other")).isOne();
    }

    @Test
    void insertRefusesExistingIdsAndBatchesAllOrNothing() {
        this.readings.insert(Reading.of("a", 1).id("r1"));
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.readings.insert(Reading.of("b", 2).id("r1")))
            .withMessageContaining("r1");
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.readings.insert(List.of(Reading.of("c", 3).id("r2"), Reading.of("d", 4).id("r1"))));
        assertThat(this.readings.findAll()).extracting(Reading::getId).containsExactly("r1");
        assertThat(this.readings.findById("r1").orElseThrow().getSensor()).isEqualTo("a");
    }

    @Test
    void findsAndDeletesByIds() {
        this.readings.saveAll(List.of(Reading.of("a", 1).id("r1"), Reading.of("b", 2).id("r2"),
                Reading.of("c", 3).id("r3")));
        assertThat(ids(this.readings.findAllById(List.of("r1", "r3", "missing")))).containsExactlyInAnyOrder("r1",
                "r3");
        this.readings.deleteById("r1");
        this.readings.deleteAllById(List.of("r2"));
        this.readings.delete(Reading.of("c", 3).id("r3"));
        assertThat(this.readings.count()).isZero();
    }

    @Test
    void pagesAllEntities() {
        for (int i = 0; i < 5; i++) {
            this.readings.save(Reading.of("s", i).id("r" + i));
        }
        Page<Reading> page = this.readings.findAll(PageRequest.of(1, 2, Sort.by(Sort.Direction.DESC, "value")));
        assertThat(ids(page.getContent())).containsExactly("r2", "r1");
        assertThat(page.getTotalElements()).isEqualTo(5);
    }

    @Test
    void createsAnnotatedIndexesAtStartUp() {
        assertThat(this.db.collection("readings").listIndexes()).extracting((index) -> index.definition().name())
            .contains("sensor_at");
        assertThat(this.db.collection("readings").listIndexes()).extracting((index) -> index.definition().keys())
            .contains(new Document("sensor", 1));
        TetherCollection sessions = this.db.collection("sessions");
        assertThat(sessions.listIndexes()).anySatisfy((index) -> assertThat(index.definition().isUnique()).isTrue());
        this.sessions.save(new Session("ann", null));
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.sessions.save(new Session("ann", null)));
    }

    @Test
    void documentsExpireByClassDefaultOrTheirOwnTimeToLive() throws InterruptedException {
        Session byDefault = this.sessions.save(new Session("default", null));
        Session own = this.sessions.save(new Session("own", Duration.ofHours(1)));
        Token past = this.tokens.save(new Token("t1", "old", Instant.now().minusSeconds(1)));
        Token future = this.tokens.save(new Token("t2", "new", Instant.now().plusSeconds(3600)));
        Token forever = this.tokens.save(new Token("t3", "forever", null));
        assertThat(this.tokens.findById(past.id())).isEmpty();
        assertThat(this.tokens.findAllById(List.of(future.id(), forever.id()))).hasSize(2);
        assertThat(this.sessions.findById(byDefault.getId())).isPresent();
        Thread.sleep(450);
        assertThat(this.sessions.findById(byDefault.getId())).isEmpty();
        assertThat(this.sessions.findById(own.getId())).isPresent();
        assertThat(this.sessions.countByUser("default")).isZero();
    }

    @Test
    void queriesByExample() {
        this.readings.saveAll(List.of(Reading.of("alpha", 1).id("r1").note("first").location("Oslo", "N"),
                Reading.of("alpha", 2).id("r2").note("second").location("Rome", "S"),
                Reading.of("beta", 3).id("r3").note("third").location("Oslo", "S")));
        Reading probe = new Reading();
        probe.setSensor("alpha");
        ExampleMatcher ignoringValue = ExampleMatcher.matching().withIgnorePaths("value", "active");
        assertThat(ids(this.readings.findAll(Example.of(probe, ignoringValue)))).containsExactlyInAnyOrder("r1",
                "r2");
        Reading nested = new Reading().location("Oslo", null);
        assertThat(ids(this.readings.findAll(Example.of(nested, ignoringValue), Sort.by("value"))))
            .containsExactly("r1", "r3");
        Reading prefix = new Reading();
        prefix.setNote("T");
        ExampleMatcher startsIgnoringCase = ignoringValue
            .withStringMatcher(ExampleMatcher.StringMatcher.STARTING)
            .withIgnoreCase();
        assertThat(this.readings.findOne(Example.of(prefix, startsIgnoringCase))).map(Reading::getId).contains("r3");
        Reading literal = new Reading();
        literal.setNote(".*");
        ExampleMatcher containing = ignoringValue.withStringMatcher(ExampleMatcher.StringMatcher.CONTAINING);
        assertThat(this.readings.count(Example.of(literal, containing))).isZero();
        assertThat(this.readings.exists(Example.of(probe, ignoringValue))).isTrue();
        Page<Reading> page = this.readings.findAll(Example.of(probe, ignoringValue), PageRequest.of(0, 1));
        assertThat(page.getTotalElements()).isEqualTo(2);
        List<String> sensorsOfFirst = this.readings.findBy(Example.of(probe, ignoringValue),
                (FetchableFluentQuery<Reading> query) -> query.sortBy(Sort.by(Sort.Direction.DESC, "value"))
                    .limit(1)
                    .all()
                    .stream()
                    .map(Reading::getId)
                    .toList());
        assertThat(sensorsOfFirst).containsExactly("r2");
    }

    @Test
    void templateReadsDocumentsAsOtherTypes() {
        this.readings.save(Reading.of("a", 1).id("r1").attributes(Map.of("k", "v")));
        assertThat(this.operations.getCollectionName(Reading.class)).isEqualTo("readings");
        assertThat(this.operations.findById("r1", Reading.class)).map(Reading::getAttributes)
            .contains(Map.of("k", "v"));
    }

}
