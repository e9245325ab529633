package io.tetherdb.spring.mapping.event;

import java.util.ArrayList;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.query.Filter;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Mapping events in transactions: published when the write is made, before the commit (as Spring
 * Data MongoDB does), so that a {@code @TransactionalEventListener} hears them after the commit, or
 * after the rollback, both in a Spring-managed transaction and in the one a repository's
 * {@code saveAll} opens itself.
 */
@DataTetherTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import({ LifecycleRecorder.Callbacks.class, EntityLifecycleTransactionIntegrationTests.Outcomes.class })
class EntityLifecycleTransactionIntegrationTests {

    @Autowired
    private ParcelRepository parcels;

    @Autowired
    private TetherDB db;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Autowired
    private LifecycleRecorder recorder;

    @Autowired
    private Outcomes outcomes;

    @BeforeEach
    void startEmpty() {
        this.db.collection("parcels").deleteMany(Filter.all());
        this.recorder.clear();
        this.outcomes.clear();
    }

    @Test
    void afterSaveIsPublishedAtTheWriteAndHeardAfterTheCommit() {
        new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
            this.parcels.save(new Parcel("p1", "c1", "box"));
            assertThat(this.recorder.parcelSaves()).hasSize(1);
            assertThat(this.db.collection("parcels").get("p1")).as("not committed yet").isEmpty();
            assertThat(this.outcomes.committed()).isEmpty();
        });
        assertThat(this.outcomes.committed()).containsExactly("p1");
        assertThat(this.outcomes.rolledBack()).isEmpty();
    }

    @Test
    void aRolledBackSaveIsHeardAsRolledBack() {
        new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
            this.parcels.save(new Parcel("p1", "c1", "box"));
            status.setRollbackOnly();
        });
        assertThat(this.recorder.parcelSaves()).hasSize(1);
        assertThat(this.outcomes.committed()).isEmpty();
        assertThat(this.outcomes.rolledBack()).containsExactly("p1");
        assertThat(this.parcels.existsById("p1")).isFalse();
    }

    @Test
    void saveAllInItsOwnTransactionIsHeardAfterItsCommit() {
        this.parcels.saveAll(List.of(new Parcel("p1", "c1", "box"), new Parcel("p2", "c2", "box")));
        assertThat(this.outcomes.committed()).containsExactly("p1", "p2");

        this.parcels.save(new Parcel("p3", "c3", "box"));
        assertThat(this.outcomes.committed()).as("no transaction, no transactional listener")
            .containsExactly("p1", "p2");
    }

    @Test
    void saveAllThatFailsIsHeardAsRolledBack() {
        this.parcels.save(new Parcel("p1", "c1", "box"));
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.parcels
            .saveAll(List.of(new Parcel("p2", "c2", "box"), new Parcel("p3", "c1", "duplicate code"))));
        assertThat(this.outcomes.committed()).isEmpty();
        assertThat(this.outcomes.rolledBack()).contains("p2").doesNotContain("p1");
        assertThat(this.parcels.existsById("p2")).isFalse();
    }

    /** Records the parcel saves that transactional listeners hear, by outcome. */
    static class Outcomes {

        private final List<String> committed = new ArrayList<>();

        private final List<String> rolledBack = new ArrayList<>();

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        synchronized void onCommit(AfterSaveEvent<Parcel> event) {
            this.committed.add(event.getSource().getId());
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_ROLLBACK)
        synchronized void onRollback(AfterSaveEvent<Parcel> event) {
            this.rolledBack.add(event.getSource().getId());
        }

        synchronized List<String> committed() {
            return List.copyOf(this.committed);
        }

        synchronized List<String> rolledBack() {
            return List.copyOf(this.rolledBack);
        }

        synchronized void clear() {
            this.committed.clear();
            this.rolledBack.clear();
        }

    }

}
