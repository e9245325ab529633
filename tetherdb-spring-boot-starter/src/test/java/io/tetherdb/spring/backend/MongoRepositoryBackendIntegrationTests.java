package io.tetherdb.spring.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import io.tetherdb.spring.mongodb.MongoTetherTemplate;
import io.tetherdb.spring.mongodb.MongoTetherTransactionManager;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.Session;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The backend suite on a MongoDB server: mongo-java-server, started inside the test JVM. That
 * server does not sweep TTL indexes (a real server does, about once a minute), so the tests check
 * that the index exists and that expired documents, still stored, are invisible to every read.
 */
class MongoRepositoryBackendIntegrationTests extends AbstractRepositoryBackendTests {

    @DynamicPropertySource
    static void mongodb(DynamicPropertyRegistry registry) {
        registry.add("tetherdb.backend", () -> "mongodb");
        registry.add("tetherdb.mongodb.uri", () -> InMemoryMongoServer.uri("backend-suite"));
    }

    @Autowired
    private ObjectProvider<io.tetherdb.TetherDB> embedded;

    private MongoTetherTemplate template() {
        return (MongoTetherTemplate) this.operations;
    }

    @Autowired
    private org.springframework.transaction.PlatformTransactionManager transactionManager;

    @Test
    void transactionsRunOnMongoSessionsWhichThisServerDoesNotSupport() {
        assertThat(this.transactionManager).isInstanceOf(MongoTetherTransactionManager.class);
        // mongo-java-server is a standalone server without sessions, like a MongoDB server that is
        // not in a replica set: no transaction can begin, which the manager says before any write.
        // Commit and rollback need a replica set and are not tested here.
        TransactionTemplate transactions = new TransactionTemplate(this.transactionManager);
        assertThatExceptionOfType(CannotCreateTransactionException.class)
            .isThrownBy(() -> transactions.executeWithoutResult(
                    (status) -> this.readings.save(Reading.of("tx", 1).id("tx1"))))
            .withMessageContaining("replica sets and sharded clusters only");
        assertThat(this.readings.existsById("tx1")).isFalse();
    }

    @Test
    void runsOnTheServerWithoutAnEmbeddedStore() {
        assertThat(this.operations).isInstanceOf(MongoTetherTemplate.class);
        assertThat(this.embedded.getIfAvailable()).isNull();
        assertThat(template().getDatabase().getName()).isEqualTo("backend-suite");
        assertThat(template().getMongoCollection(Reading.class).countDocuments()).isEqualTo(4);
    }

    @Test
    void storesIdsAsStringsDatesAsDatesAndDecimalsAsDecimal128() {
        this.priced.save(new io.tetherdb.spring.repository.sample.Priced("p1", new java.math.BigDecimal("1.10"), null,
                null));
        org.bson.Document reading = template().getMongoCollection(Reading.class)
            .find(new org.bson.Document("_id", "r1"))
            .first();
        assertThat(reading.get("_id")).isEqualTo("r1");
        assertThat(reading.get("at")).isEqualTo(Date.from(T0));
        org.bson.Document price = template().getMongoCollection(io.tetherdb.spring.repository.sample.Priced.class)
            .find()
            .first();
        assertThat(price.get("price")).isEqualTo(new Decimal128(new java.math.BigDecimal("1.10")));
    }

    @Test
    void createsTheEntitysIndexesAndATtlIndexOnTheServer() {
        List<org.bson.Document> readingIndexes = template().getMongoCollection(Reading.class)
            .listIndexes()
            .into(new ArrayList<>());
        assertThat(readingIndexes).extracting((index) -> index.get("key", org.bson.Document.class).keySet())
            .anySatisfy((keys) -> assertThat(keys).containsExactly("sensor"))
            .anySatisfy((keys) -> assertThat(keys).containsExactly("sensor", "at"));
        List<org.bson.Document> sessionIndexes = template().getMongoCollection(Session.class)
            .listIndexes()
            .into(new ArrayList<>());
        assertThat(sessionIndexes).anySatisfy((index) -> {
            assertThat(index.get("key", org.bson.Document.class).keySet())
                .containsExactly(MongoTetherTemplate.EXPIRES_AT);
            assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isZero();
            // the name `tetherdb migrate` gives it too: the server refuses one key under two names
            assertThat(index.getString("name")).isEqualTo("_expiresAt_1");
        });
        assertThat(sessionIndexes).anySatisfy((index) -> {
            assertThat(index.get("key", org.bson.Document.class).keySet()).containsExactly("user");
            assertThat(index.getBoolean("unique")).isTrue();
        });
    }

    @Test
    void anExpiredDocumentStaysStoredUntilTheServerSweepsButIsNeverRead() {
        Session gone = this.sessions.save(new Session("old", Duration.ZERO));
        MongoCollection<org.bson.Document> raw = template().getMongoCollection(Session.class);
        // mongo-java-server never sweeps: the document is still there, with its expiry instant
        org.bson.Document stored = raw.find(new org.bson.Document("_id", gone.getId())).first();
        assertThat(stored).isNotNull();
        assertThat(stored.get(MongoTetherTemplate.EXPIRES_AT)).isInstanceOf(Date.class);
        assertThat(this.sessions.findById(gone.getId())).isEmpty();
        assertThat(this.sessions.findAll()).isEmpty();
    }

    @Test
    void theExpiryFieldIsNeverReadIntoAnEntityOrResult() {
        Session kept = this.sessions.save(new Session("new", Duration.ofHours(1)));
        assertThat(this.operations.findDocuments(io.tetherdb.spring.core.TetherQuery.all(), Session.class))
            .singleElement()
            .satisfies((document) -> assertThat(document).containsKey("_id")
                .doesNotContainKey(MongoTetherTemplate.EXPIRES_AT));
        assertThat(this.operations.aggregate("[{$match: {}}]", Session.class, io.tetherdb.document.Document.class))
            .singleElement()
            .satisfies((document) -> assertThat(document).doesNotContainKey(MongoTetherTemplate.EXPIRES_AT));
        assertThat(kept.getId()).isNotNull();
    }

    @Test
    void watchIsRefusedNamingTheServersChangeStreams() {
        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> this.operations.watch(Reading.class, (event) -> {
            }))
            .withMessageContaining("tetherdb.backend=mongodb")
            .withMessageContaining("getMongoCollection(Reading.class).watch()");
    }

}
