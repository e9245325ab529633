package io.tetherdb.spring.repository;

import java.util.List;
import java.util.Map;

import io.tetherdb.spring.repository.sample.Account;
import io.tetherdb.spring.repository.sample.AccountRepository;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Update @Update} methods: derived and {@code @Query} filters, the return types (nothing,
 * the modified count, the updated entity), arguments bound as values, and the version of a
 * versioned entity incremented by the same write.
 */
@DataTetherTest
class UpdateRepositoryIntegrationTests {

    @Autowired
    private ReadingRepository readings;

    @Autowired
    private AccountRepository accounts;

    @BeforeEach
    void load() {
        this.readings.deleteAll();
        this.accounts.deleteAll();
        this.readings.insert(List.of(Reading.of("kitchen", 20).id("r1").tags("a"),
                Reading.of("kitchen", 21).id("r2").tags("a", "b"), Reading.of("garage", 5).id("r3").tags("b")));
    }

    @Test
    void aDerivedFilterWithAnUpdateReturnsTheModifiedCount() {
        assertThat(this.readings.findAndSetNoteBySensor("kitchen", "checked")).isEqualTo(2);
        assertThat(this.readings.findAndSetNoteBySensor("kitchen", "checked")).isZero();
        assertThat(this.readings.findById("r1").orElseThrow().getNote()).isEqualTo("checked");
        assertThat(this.readings.findById("r3").orElseThrow().getNote()).isNull();
    }

    @Test
    void queryFiltersWithArrayUpdates() {
        this.readings.pushTag("r1", "c");
        assertThat(this.readings.addTag("r1", "c")).isZero();
        assertThat(this.readings.addTag("r1", "d")).isEqualTo(1);
        assertThat(this.readings.findById("r1").orElseThrow().getTags()).containsExactly("a", "c", "d");
        assertThat(this.readings.pullTag("r1", "a")).isEqualTo(1);
        assertThat(this.readings.findById("r1").orElseThrow().getTags()).containsExactly("c", "d");
        assertThat(this.readings.deactivateBelow(21, List.of("b", "c"))).isEqualTo(2);
        assertThat(this.readings.findById("r3").orElseThrow().getTags()).isEmpty();
        assertThat(this.readings.findById("r1").orElseThrow().getTags()).containsExactly("d");
    }

    @Test
    void anEntityReturnTypeGetsTheFirstMatchAsUpdated() {
        Reading updated = this.readings.findAndIncrementValue("garage", 2.5);
        assertThat(updated.getValue()).isEqualTo(7.5);
        assertThat(updated.getAt()).isNotNull();
        assertThat(this.readings.findAndIncrementValue("attic", 1)).isNull();
        assertThat(this.readings.setAttributes("r2", Map.of("k", "v")).orElseThrow().getAttributes())
            .isEqualTo(Map.of("k", "v"));
        assertThat(this.readings.setAttributes("nope", Map.of("k", "v"))).isEmpty();
    }

    @Test
    void anUpdateIncrementsTheVersionOfAVersionedEntity() {
        Account account = new Account();
        account.setOwner("ann");
        Account saved = this.accounts.save(account);
        long version = saved.getVersion();
        assertThat(this.accounts.changeOwner(saved.getId(), "bob")).isEqualTo(1);
        Account reread = this.accounts.findById(saved.getId()).orElseThrow();
        assertThat(reread.getOwner()).isEqualTo("bob");
        assertThat(reread.getVersion()).isEqualTo(version + 1);
        // the copy read before the update is stale now
        assertThatExceptionOfType(org.springframework.dao.OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.accounts.save(saved));
    }

    @Test
    void argumentsThatLookLikeUpdateSyntaxAreValues() {
        // a $push of a map with $each would splice in elements and $slice would cut the array
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.readings.pushTag("r2", Map.of("$each", List.of("x"), "$slice", 0)))
            .withMessageContaining("no document can hold");
        // a $pull of a condition would remove every element; it removes only equal ones
        assertThat(this.readings.pullTag("r2", Map.of("$ne", "zzz"))).isZero();
        assertThat(this.readings.pullTag("r2", Map.of("$exists", true))).isZero();
        for (String text : InjectionCorpusIntegrationTests.CORPUS) {
            this.readings.pushTag("r3", text);
            assertThat(this.readings.findAndSetNoteBySensor("garage", text)).isEqualTo(1);
            assertThat(this.readings.findById("r3").orElseThrow().getNote()).isEqualTo(text);
            assertThat(this.readings.pullTag("r3", text)).as("$pull of %s", text).isEqualTo(1);
        }
        assertThat(this.readings.findById("r3").orElseThrow().getTags()).containsExactly("b");
        assertThat(this.readings.findById("r2").orElseThrow().getTags()).containsExactly("a", "b");
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.readings.setAttributes("r2", Map.of("$set", Map.of("sensor", "x"))))
            .withMessageContaining("no document can hold");
        assertThat(this.readings.findById("r2").orElseThrow().getSensor()).isEqualTo("kitchen");
    }

}
