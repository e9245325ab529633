package io.tetherdb.spring.backend;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.core.FindAndModifyOptions;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.Update;
import io.tetherdb.spring.mapping.EnableTetherAuditing;
import io.tetherdb.spring.repository.sample.Account;
import io.tetherdb.spring.repository.sample.AccountRepository;
import io.tetherdb.spring.repository.sample.Priced;
import io.tetherdb.spring.repository.sample.PricedRepository;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.repository.sample.Sensor;
import io.tetherdb.spring.repository.sample.SensorRepository;
import io.tetherdb.spring.repository.sample.SensorStats;
import io.tetherdb.spring.repository.sample.Session;
import io.tetherdb.spring.repository.sample.SessionRepository;
import io.tetherdb.spring.repository.sample.Token;
import io.tetherdb.spring.repository.sample.TokenRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The repository behaviour both backends share, written once: each subclass runs it on one
 * backend (the embedded store, or a MongoDB server) and adds what only that backend can show.
 */
@DataTetherTest
@Import({ AbstractRepositoryBackendTests.AuditingConfiguration.class, AbstractRepositoryBackendTests.MappingEventLog.class })
// plain repository calls, as an application makes them: no transaction around each test
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class AbstractRepositoryBackendTests {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @Autowired
    protected ReadingRepository readings;

    @Autowired
    protected SensorRepository sensors;

    @Autowired
    protected SessionRepository sessions;

    @Autowired
    protected TokenRepository tokens;

    @Autowired
    protected PricedRepository priced;

    @Autowired
    protected AccountRepository accounts;

    @Autowired
    protected TetherOperations operations;

    @Autowired
    private MappingEventLog events;

    @BeforeEach
    void load() {
        this.sensors.deleteAll();
        this.sessions.deleteAll();
        this.tokens.deleteAll();
        this.priced.deleteAll();
        this.accounts.deleteAll();
        this.readings.deleteAll();
        this.readings.insert(List.of(
                Reading.of("a", 1.0).id("r1").at(T0).tags("x", "y").location("Oslo", "N").active(true).note("alpha"),
                Reading.of("a", 5.0).id("r2").at(T0.plus(Duration.ofHours(1))).tags("y").location("Rome", "S")
                    .note("Beta gamma"),
                Reading.of("b", 10.0).id("r3").at(T0.plus(Duration.ofHours(2))).location("Oslo", "S").active(true),
                Reading.of("B", 7.5).id("r4").at(T0.plus(Duration.ofHours(3))).tags("X").note("")));
    }

    static List<String> ids(List<? extends Reading> readings) {
        return readings.stream().map(Reading::getId).toList();
    }

    // ---- CRUD, ids and mapping

    @Test
    void savesWithAGeneratedStringIdAndReadsEveryTypeBack() {
        Reading saved = this.readings.save(Reading.of("c", 2.5).at(T0).tags("t").location("Bern", "C")
            .attributes(Map.of("floor", 3, "lit", true)));
        assertThat(saved.getId()).isNotBlank();
        Reading read = this.readings.findById(saved.getId()).orElseThrow();
        assertThat(read.getSensor()).isEqualTo("c");
        assertThat(read.getValue()).isEqualTo(2.5);
        assertThat(read.getAt()).isEqualTo(T0);
        assertThat(read.getTags()).containsExactly("t");
        assertThat(read.getLocation()).isEqualTo(new Reading.Location("Bern", "C"));
        assertThat(read.getAttributes()).containsEntry("floor", 3).containsEntry("lit", true);
    }

    @Test
    void mapsBigDecimalsAsDecimalsAndComparesThemAsNumbers() {
        this.priced.save(new Priced("p1", new BigDecimal("19.99"), null, BigInteger.valueOf(3)));
        this.priced.save(new Priced("p2", new BigDecimal("25.00"), new BigDecimal("0.1"), BigInteger.TEN));
        assertThat(this.priced.findById("p1").orElseThrow().price()).isEqualByComparingTo("19.99");
        assertThat(this.priced.findByPriceGreaterThan(new BigDecimal("20"))).extracting(Priced::id)
            .containsExactly("p2");
        assertThat(this.priced.dearerThanTwenty()).extracting(Priced::id).containsExactly("p2");
        assertThat(this.priced.findByDiscountIsNull()).extracting(Priced::id).containsExactly("p1");
        assertThat(this.priced.findAllByOrderByPriceDesc()).extracting(Priced::id).containsExactly("p2", "p1");
    }

    @Test
    void insertRefusesATakenIdAndWritesNothingOfTheBatch() {
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.readings.insert(Reading.of("z", 0).id("r1")));
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(
                () -> this.readings.insert(List.of(Reading.of("n", 1).id("new1"), Reading.of("n", 2).id("r2"))));
        assertThat(this.readings.existsById("new1")).isFalse();
        assertThat(this.readings.count()).isEqualTo(4);
    }

    @Test
    void deletesByIdEntityAndAll() {
        this.readings.deleteById("r1");
        this.readings.delete(this.readings.findById("r2").orElseThrow());
        this.readings.deleteAllById(List.of("r3", "missing"));
        assertThat(ids(this.readings.findAll())).containsExactly("r4");
        this.readings.deleteAll();
        assertThat(this.readings.count()).isZero();
    }

    // ---- derived queries

    @Test
    void derivedQueriesMeanTheSameOnEveryBackend() {
        assertThat(ids(this.readings.findBySensor("a"))).containsExactlyInAnyOrder("r1", "r2");
        assertThat(ids(this.readings.findBySensorNot("a"))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findByValueBetween(1.0, 7.5))).containsExactlyInAnyOrder("r2");
        assertThat(ids(this.readings.findBySensorIn(List.of("b", "B")))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findByNoteIsNull())).containsExactly("r3");
        assertThat(ids(this.readings.findByAtAfter(T0.plus(Duration.ofMinutes(90))))).containsExactlyInAnyOrder("r3",
                "r4");
        assertThat(ids(this.readings.findByActiveTrue())).containsExactlyInAnyOrder("r1", "r3");
        assertThat(ids(this.readings.findByLocationCity("Oslo"))).containsExactlyInAnyOrder("r1", "r3");
        assertThat(ids(this.readings.findBySensorIgnoreCase("b"))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findBySensorAndValueGreaterThan("a", 2))).containsExactly("r2");
        assertThat(ids(this.readings.findBySensorOrValueLessThan("b", 2))).containsExactlyInAnyOrder("r1", "r3");
        assertThat(ids(this.readings.findByTagsIsEmpty())).containsExactly("r3");
        assertThat(this.readings.countBySensor("a")).isEqualTo(2);
        assertThat(this.readings.existsBySensor("nobody")).isFalse();
    }

    @Test
    void containingIsElementEqualityOnArraysAndASubstringOnText() {
        assertThat(ids(this.readings.findByTagsContaining("y"))).containsExactlyInAnyOrder("r1", "r2");
        // an element equal to the operand, not one containing it
        assertThat(this.readings.findByTagsContaining("")).isEmpty();
        assertThat(ids(this.readings.findByNoteContaining("eta"))).containsExactly("r2");
        assertThat(ids(this.readings.findByNoteContainingIgnoreCase("BETA"))).containsExactly("r2");
        assertThat(this.readings.countByTagsContaining("x")).isEqualTo(1);
        assertThat(ids(this.readings.tagQuery("X"))).containsExactly("r4");
        // on an array, never a substring of an element; on anything but an array or text, no match
        this.readings.save(Reading.of("c", 5).id("c1").tags("alpha"));
        assertThat(this.readings.findByTagsContaining("lph")).isEmpty();
        assertThat(this.operations.find(TetherQuery.of(Filters.contains("value", 5)), Reading.class)).isEmpty();
        assertThat(ids(this.operations.find(TetherQuery.of(Filters.contains("sensor", "")), Reading.class)))
            .hasSize(5);
    }

    @Test
    void regexMetacharactersInABoundValueAreText() {
        this.readings.save(Reading.of("m", 0).id("meta").note("a.b*(c)"));
        assertThat(ids(this.readings.findByNoteContaining(".b*("))).containsExactly("meta");
        assertThat(this.readings.findByNoteContaining(".*")).isEmpty();
        assertThat(ids(this.readings.findByNoteStartingWith("a."))).containsExactly("meta");
        assertThat(ids(this.readings.findByNoteEndingWith("(c)"))).containsExactly("meta");
        // $contains on text: the operand is text, escaped for the server's regex engine
        assertThat(ids(this.operations.find(TetherQuery.of(Filters.contains("note", "b*(c")), Reading.class)))
            .containsExactly("meta");
        assertThat(this.operations.find(TetherQuery.of(Filters.contains("note", "a.*")), Reading.class)).isEmpty();
        assertThat(this.operations.find(TetherQuery.of(Filters.contains("note", "\\")), Reading.class)).isEmpty();
    }

    // ---- @Query

    @Test
    void stringQueriesBindValuesAsValues() {
        assertThat(ids(this.readings.findAbove(5.0))).containsExactlyInAnyOrder("r3", "r4");
        assertThat(ids(this.readings.findNamed("a", 2))).containsExactly("r2");
        assertThat(ids(this.readings.findWindow("a", T0, T0.plus(Duration.ofMinutes(30))))).containsExactly("r1");
        assertThat(this.readings.countQuery("a")).isEqualTo(2);
        assertThat(this.readings.existsQuery("b")).isTrue();
        assertThat(ids(this.readings.sortedQuery("a"))).containsExactly("r2", "r1");
        assertThat(ids(this.readings.inQuery(List.of("a", "b")))).containsExactlyInAnyOrder("r1", "r2", "r3");
        // an operator document as the argument is a value to compare with, never query syntax
        assertThat(this.readings.noteQuery(Map.of("$ne", "x"))).isEmpty();
        assertThat(this.readings.findBySensor("{ '$gt': '' }")).isEmpty();
        assertThat(ids(this.readings.noteNotQuery("x"))).isEmpty();
        assertThat(ids(this.readings.sensorOrNoteQuery("alpha"))).containsExactly("r1");
        assertThat(ids(this.readings.noteRegexQuery("^Beta"))).containsExactly("r2");
        assertThat(this.readings.deleteQuery("b")).isEqualTo(1);
        assertThat(this.readings.count()).isEqualTo(3);
    }

    @Test
    void aFilterThatIsNotValidFailsWithTheSameExceptionOnEveryBackend() {
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.readings.noteRegexQuery("(unclosed"))
            .withMessageContaining("(unclosed");
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.operations.find(TetherQuery.of(Filters.eq("value", 1)).with(Sort.by(
                    Sort.Order.asc("sensor").ignoreCase())), Reading.class))
            .withMessageContaining("ignoring case");
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.operations.aggregate("[{$bogus: 1}]", Reading.class, Document.class))
            .withMessageContaining("$bogus");
    }

    // ---- paging, sorting, streams

    @Test
    void pagesSortsAndStreams() {
        Page<Reading> page = this.readings.findAll(PageRequest.of(1, 2, Sort.by("value")));
        assertThat(ids(page.getContent())).containsExactly("r4", "r3");
        assertThat(page.getTotalElements()).isEqualTo(4);
        assertThat(ids(this.readings.findAll(Sort.by(Sort.Order.desc("sensor"), Sort.Order.asc("value")))))
            .containsExactly("r3", "r1", "r2", "r4");
        assertThat(ids(this.readings.findTop2BySensorOrderByValueDesc("a"))).containsExactly("r2", "r1");
        Page<Reading> queryPage = this.readings.pageQuery("a", PageRequest.of(0, 1, Sort.by("value")));
        assertThat(ids(queryPage.getContent())).containsExactly("r1");
        assertThat(queryPage.getTotalElements()).isEqualTo(2);
        try (Stream<Reading> stream = this.readings.streamBySensor("a")) {
            assertThat(stream.map(Reading::getId)).containsExactlyInAnyOrder("r1", "r2");
        }
        assertThat(this.readings.fieldsQuery("b")).singleElement().satisfies((r) -> {
            assertThat(r.getSensor()).isEqualTo("b");
            assertThat(r.getValue()).isZero();
        });
    }

    // ---- versions and auditing

    @Test
    void aStaleVersionIsRefusedAtomically() {
        Sensor sensor = this.sensors.save(Sensor.named("s1", "temp"));
        assertThat(sensor.version()).isZero();
        Sensor updated = this.sensors.save(sensor.withKind("humidity"));
        assertThat(updated.version()).isEqualTo(1);
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.sensors.save(sensor.withKind("stale")))
            .withMessageContaining("the stored version is 1");
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.sensors.delete(sensor));
        assertThat(this.sensors.findById(sensor.id()).orElseThrow().kind()).isEqualTo("humidity");
        this.sensors.delete(updated);
        assertThat(this.sensors.count()).isZero();
    }

    @Test
    void auditsCreationAndModification() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Account account = this.accounts.save(new Account("ann"));
        assertThat(account.getVersion()).isEqualTo(1);
        account.setOwner("anne");
        Account updated = this.accounts.save(account);
        assertThat(updated.getVersion()).isEqualTo(2);
        Account read = this.accounts.findById(account.getId()).orElseThrow();
        assertThat(read.getCreated()).isAfterOrEqualTo(before);
        assertThat(read.getModified()).isAfterOrEqualTo(read.getCreated());
        assertThat(this.accounts.findByCreatedAfter(before.minusSeconds(1))).extracting(Account::getOwner)
            .containsExactly("anne");
    }

    // ---- indexes

    @Test
    void aUniqueIndexRefusesASecondEqualValue() {
        this.sessions.save(new Session("ann", Duration.ofHours(1)));
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.sessions.save(new Session("ann", Duration.ofHours(1))));
        assertThat(this.sessions.countByUser("ann")).isEqualTo(1);
    }

    // ---- expiry

    @Test
    void anExpiredDocumentIsInvisibleAtOnceToEveryRead() {
        Session gone = this.sessions.save(new Session("old", Duration.ZERO));
        Session kept = this.sessions.save(new Session("new", Duration.ofHours(1)));
        Token past = this.tokens.save(new Token("t1", "v", Instant.now().minusSeconds(1)));
        assertThat(this.sessions.findById(gone.getId())).isEmpty();
        assertThat(this.sessions.existsById(gone.getId())).isFalse();
        assertThat(this.sessions.findAll()).extracting(Session::getUser).containsExactly("new");
        assertThat(this.sessions.count()).isEqualTo(1);
        assertThat(this.sessions.countByUser("old")).isZero();
        assertThat(this.tokens.findById(past.id())).isEmpty();
        assertThat(this.sessions.findById(kept.getId())).isPresent();
        assertThat(this.operations.updateAll(TetherQuery.all(), new Update().set("user", "x"), Token.class)
            .matchedCount()).isZero();
        assertThat(this.operations.aggregate("[{$count: 'n'}]", Session.class, Document.class))
            .singleElement().satisfies((d) -> assertThat(((Number) d.get("n")).intValue()).isEqualTo(1));
    }

    @Test
    void aDocumentExpiresWhenItsDefaultTimeToLiveRunsOut() throws InterruptedException {
        // Session's @Expires default is 300ms
        Session session = new Session("brief", null);
        this.sessions.save(session);
        assertThat(this.sessions.findById(session.getId())).isPresent();
        Thread.sleep(450);
        assertThat(this.sessions.findById(session.getId())).isEmpty();
    }

    // ---- update operators

    @Test
    void updateOperatorsRunOnTheStore() {
        assertThat(this.operations.updateFirst(TetherQuery.of(Filters.eq("sensor", "a")).with(Sort.by("value")),
                new Update().inc("value", 10).push("tags", "z"), Reading.class).modifiedCount()).isEqualTo(1);
        Reading r1 = this.readings.findById("r1").orElseThrow();
        assertThat(r1.getValue()).isEqualTo(11.0);
        assertThat(r1.getTags()).containsExactly("x", "y", "z");
        assertThat(this.operations.updateAll(TetherQuery.of(Filters.eq("location.city", "Oslo")),
                new Update().set("note", "north"), Reading.class).matchedCount()).isEqualTo(2);
        assertThat(ids(this.readings.findByNoteContaining("north"))).containsExactlyInAnyOrder("r1", "r3");
        io.tetherdb.update.UpdateResult upserted = this.operations.upsert(TetherQuery.of(Filters.eq("sensor", "u")),
                new Update().set("value", 3.0), Reading.class);
        assertThat(upserted.upsertedId()).isNotNull();
        assertThat(this.readings.findById(upserted.upsertedId()).orElseThrow().getSensor()).isEqualTo("u");
        Optional<Reading> before = this.operations.findAndModify(TetherQuery.of(Filters.eq("_id", "r2")),
                new Update().set("note", "changed"), Reading.class);
        assertThat(before.orElseThrow().getNote()).isEqualTo("Beta gamma");
        Optional<Reading> after = this.operations.findAndModify(TetherQuery.of(Filters.eq("_id", "r2")),
                new Update().inc("value", 1), FindAndModifyOptions.options().returnNew(true), Reading.class);
        assertThat(after.orElseThrow().getValue()).isEqualTo(6.0);
        assertThat(this.operations.findAndRemove(TetherQuery.of(Filters.eq("_id", "r4")), Reading.class))
            .isPresent();
        assertThat(this.readings.existsById("r4")).isFalse();
    }

    @Test
    void updateMethodsBindValuesAndKeepVersions() {
        assertThat(this.readings.findAndSetNoteBySensor("a", "{ '$set': 1 }")).isEqualTo(2);
        assertThat(this.readings.findById("r1").orElseThrow().getNote()).isEqualTo("{ '$set': 1 }");
        assertThat(this.readings.addTag("r3", "new")).isEqualTo(1);
        assertThat(this.readings.pullTag("r1", "x")).isEqualTo(1);
        assertThat(this.readings.findById("r1").orElseThrow().getTags()).containsExactly("y");
        Account account = this.accounts.save(new Account("ann"));
        assertThat(this.accounts.changeOwner(account.getId(), "bob")).isEqualTo(1);
        Account read = this.accounts.findById(account.getId()).orElseThrow();
        assertThat(read.getOwner()).isEqualTo("bob");
        assertThat(read.getVersion()).isEqualTo(account.getVersion() + 1);
    }

    @Test
    void anUpdateThatDoesNotApplyFailsAndWritesNothing() {
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.operations.updateAll(TetherQuery.all(), new Update().inc("sensor", 1), Reading.class));
        assertThat(this.readings.findById("r1").orElseThrow().getSensor()).isEqualTo("a");
    }

    // ---- aggregation

    @Test
    void aggregationPipelinesRunOnTheStore() {
        assertThat(this.readings.statsOf("a")).contains(new SensorStats("a", 3.0, 2));
        assertThat(this.readings.allStats()).extracting(SensorStats::sensor).containsExactly("B", "a", "b");
        assertThat(this.readings.countBySensorAggregation("a")).isEqualTo(2);
        try (Stream<Reading> atLeast = this.readings.atLeast(7.5)) {
            assertThat(atLeast.map(Reading::getId)).containsExactly("r4", "r3");
        }
        assertThat(this.operations.aggregate(List.of(Map.of("$match", Map.of("sensor", "b"))), Reading.class,
                Reading.class)).extracting(Reading::getId).containsExactly("r3");
    }

    // ---- scrolling

    @Test
    void scrollsByKeysetAndOffsetForwardAndBackward() {
        // r1..r4 hold 1.0, 5.0, 10.0, 7.5: descending by value, every sensor but "none"
        List<String> forward = new java.util.ArrayList<>();
        org.springframework.data.support.WindowIterator
            .of((position) -> this.readings.findFirst3BySensorNotOrderByValueDesc("none", position))
            .startingAt(org.springframework.data.domain.ScrollPosition.keyset())
            .forEachRemaining((reading) -> forward.add(reading.getId()));
        assertThat(forward).containsExactly("r3", "r4", "r2", "r1");

        org.springframework.data.domain.Window<Reading> first = this.readings.findFirst3BySensorNotOrderByValueDesc(
                "none", org.springframework.data.domain.ScrollPosition.keyset());
        assertThat(ids(first.getContent())).containsExactly("r3", "r4", "r2");
        org.springframework.data.domain.KeysetScrollPosition last =
                (org.springframework.data.domain.KeysetScrollPosition) first.positionAt(2);
        org.springframework.data.domain.Window<Reading> back = this.readings.findFirst3BySensorNotOrderByValueDesc(
                "none", last.backward());
        assertThat(ids(back.getContent())).containsExactly("r3", "r4");

        org.springframework.data.domain.Window<Reading> offset = this.readings.findFirst3BySensorNotOrderByValueDesc(
                "none", org.springframework.data.domain.ScrollPosition.offset(2));
        assertThat(ids(offset.getContent())).containsExactly("r1");
        assertThat(offset.hasNext()).isFalse();
    }

    // ---- mapping events and entity callbacks

    @Test
    void publishesTheSameMappingEventsAndRunsTheSameCallbacks() {
        this.events.clear();
        Reading saved = this.readings.save(Reading.of("c", 2.5).id("r9").at(T0).note("shout"));
        assertThat(this.events.steps()).containsExactly("BeforeConvertEvent", "BeforeSaveEvent", "AfterSaveEvent");
        assertThat(saved.getId()).isEqualTo("r9");
        // the BeforeSaveCallback below changed the stored document, not the entity
        assertThat(this.readings.findById("r9").orElseThrow().getNote()).isEqualTo("SHOUT");

        this.events.clear();
        this.readings.findBySensor("c");
        assertThat(this.events.steps()).containsExactly("AfterLoadEvent", "AfterConvertEvent");

        this.events.clear();
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.readings.insert(Reading.of("d", 1.0).id("r9").at(T0)));
        assertThat(this.events.steps()).as("a refused write publishes no AfterSaveEvent")
            .containsExactly("BeforeConvertEvent", "BeforeSaveEvent");

        this.events.clear();
        this.readings.deleteById("r9");
        assertThat(this.events.steps()).containsExactly("BeforeDeleteEvent", "AfterDeleteEvent");
        assertThat(this.events.deleteFilters()).containsExactly(new Document(Document.ID, "r9"),
                new Document(Document.ID, "r9"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableTetherAuditing
    static class AuditingConfiguration {

    }

    /** Records the mapping events of readings and upper-cases a reading's note "shout" as it is saved. */
    @TestConfiguration(proxyBeanMethods = false)
    static class MappingEventLog {

        private final List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();

        private final List<Document> deleteFilters = new java.util.concurrent.CopyOnWriteArrayList<>();

        @org.springframework.context.event.EventListener
        void on(io.tetherdb.spring.mapping.event.TetherMappingEvent<?> event) {
            if (event.getCollectionName().equals("readings")) {
                this.steps.add(event.getClass().getSimpleName());
                if (event instanceof io.tetherdb.spring.mapping.event.AbstractDeleteEvent<?> delete) {
                    this.deleteFilters.add(delete.getSource());
                }
            }
        }

        @org.springframework.context.annotation.Bean
        io.tetherdb.spring.mapping.BeforeSaveCallback<Reading> shout() {
            return (entity, document, collection) -> {
                if ("shout".equals(document.get("note"))) {
                    document.put("note", "SHOUT");
                }
                return entity;
            };
        }

        void clear() {
            this.steps.clear();
            this.deleteFilters.clear();
        }

        List<String> steps() {
            return List.copyOf(this.steps);
        }

        List<Document> deleteFilters() {
            return List.copyOf(this.deleteFilters);
        }

    }

}
