package io.tetherdb.spring.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import io.tetherdb.query.Filters;
import io.tetherdb.spring.repository.sample.Account;
import io.tetherdb.spring.repository.sample.AccountRepository;
import io.tetherdb.spring.repository.sample.Priced;
import io.tetherdb.spring.repository.sample.PricedRepository;
import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import io.tetherdb.update.UpdateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The template's update operations: property names mapped, values converted as saves convert
 * them, first or all, upsert, find-and-modify, -replace and -remove, and the version of a
 * versioned entity incremented by the same write.
 */
@DataTetherTest
class TemplateUpdateIntegrationTests {

    @Autowired
    private TetherOperations operations;

    @Autowired
    private ReadingRepository readings;

    @Autowired
    private PricedRepository priced;

    @Autowired
    private AccountRepository accounts;

    @BeforeEach
    void load() {
        this.readings.deleteAll();
        this.priced.deleteAll();
        this.accounts.deleteAll();
        this.readings.insert(List.of(Reading.of("kitchen", 20).id("r1"), Reading.of("kitchen", 21).id("r2"),
                Reading.of("garage", 5).id("r3")));
    }

    private static TetherQuery sensor(String sensor) {
        return TetherQuery.of(Filters.eq("sensor", sensor));
    }

    @Test
    void updateFirstAndAll() {
        UpdateResult first = this.operations.updateFirst(sensor("kitchen").with(Sort.by("value").descending()),
                new Update().inc("value", 1).push("tags", "hot"), Reading.class);
        assertThat(first).isEqualTo(new UpdateResult(1, 1, null));
        assertThat(this.readings.findById("r2").orElseThrow().getValue()).isEqualTo(22);
        assertThat(this.readings.findById("r2").orElseThrow().getTags()).containsExactly("hot");
        UpdateResult all = this.operations.updateAll(sensor("kitchen"), new Update().set("note", "seen")
            .set("active", true), Reading.class);
        assertThat(all.modifiedCount()).isEqualTo(2);
        assertThat(this.readings.findById("r1").orElseThrow().isActive()).isTrue();
    }

    @Test
    void valuesAreConvertedAsSavesConvertThem() {
        this.priced.save(new Priced("p", new BigDecimal("10.00"), null, BigInteger.TEN));
        this.operations.updateFirst(TetherQuery.of(Filters.eq("_id", "p")),
                new Update().inc("price", new BigDecimal("0.50")).inc("stock", BigInteger.ONE)
                    .set("discount", new BigDecimal("1.5")), Priced.class);
        Priced stored = this.priced.findById("p").orElseThrow();
        assertThat(stored.price()).isEqualTo(new BigDecimal("10.50"));
        assertThat(stored.stock()).isEqualTo(BigInteger.valueOf(11));
        assertThat(stored.discount()).isEqualTo(new BigDecimal("1.5"));
    }

    @Test
    void upsertInsertsFromTheQuery() {
        UpdateResult result = this.operations.upsert(TetherQuery.of(Filters.eq("_id", "new")).with(Sort.unsorted()),
                new Update().set("sensor", "attic").setOnInsert("value", 1.0), Reading.class);
        assertThat(result.upsertedId()).isEqualTo("new");
        assertThat(this.readings.findById("new").orElseThrow().getSensor()).isEqualTo("attic");
        assertThat(this.operations.upsert(TetherQuery.of(Filters.eq("_id", "new")), new Update().inc("value", 1),
                Reading.class)).isEqualTo(new UpdateResult(1, 1, null));
    }

    @Test
    void findAndModifyReplaceAndRemove() {
        Reading before = this.operations.findAndModify(sensor("kitchen").with(Sort.by("value")),
                new Update().set("note", "x"), Reading.class).orElseThrow();
        assertThat(before.getId()).isEqualTo("r1");
        assertThat(before.getNote()).isNull();
        Reading after = this.operations.findAndModify(sensor("garage"), new Update().inc("value", 1),
                FindAndModifyOptions.options().returnNew(true), Reading.class).orElseThrow();
        assertThat(after.getValue()).isEqualTo(6);
        assertThat(this.operations.findAndModify(sensor("none"), new Update().inc("value", 1), Reading.class))
            .isEmpty();
        Reading replaced = this.operations.findAndReplace(TetherQuery.of(Filters.eq("_id", "r3")),
                Reading.of("shed", 1), FindAndModifyOptions.options().returnNew(true)).orElseThrow();
        assertThat(replaced.getId()).isEqualTo("r3");
        assertThat(replaced.getSensor()).isEqualTo("shed");
        Reading removed = this.operations.findAndRemove(sensor("kitchen").with(Sort.by("value").descending()),
                Reading.class).orElseThrow();
        assertThat(removed.getId()).isEqualTo("r2");
        assertThat(this.readings.count()).isEqualTo(2);
    }

    @Test
    void versionedEntitiesGetTheirVersionIncrementedAtomically() {
        Account account = new Account();
        account.setOwner("ann");
        Account saved = this.accounts.save(account);
        long version = saved.getVersion();
        this.operations.updateFirst(TetherQuery.of(Filters.eq("_id", saved.getId())), new Update().set("owner", "bob"),
                Account.class);
        Account reread = this.accounts.findById(saved.getId()).orElseThrow();
        assertThat(reread.getVersion()).isEqualTo(version + 1);
        // a replacement must carry the stored version, and is stored with the next one
        Account stale = new Account();
        stale.setOwner("eve");
        stale.setVersion(version);
        assertThat(this.operations.findAndReplace(TetherQuery.of(Filters.eq("_id", saved.getId())), stale,
                FindAndModifyOptions.options())).isEmpty();
        reread.setOwner("cy");
        Account replaced = this.operations.findAndReplace(TetherQuery.of(Filters.eq("_id", saved.getId())), reread,
                FindAndModifyOptions.options().returnNew(true)).orElseThrow();
        assertThat(replaced.getVersion()).isEqualTo(version + 2);
        assertThat(replaced.getOwner()).isEqualTo("cy");
    }

    @Test
    void updateErrorsAreTranslated() {
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.operations.updateAll(sensor("kitchen"), new Update().inc("sensor", 1),
                    Reading.class))
            .withMessageContaining("Cannot apply $inc to a value of non-numeric type");
        assertThat(this.readings.findById("r1").orElseThrow().getSensor()).isEqualTo("kitchen");
        assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
            .isThrownBy(() -> this.operations.updateAll(sensor("kitchen"), new Update(), Reading.class))
            .withMessageContaining("The update is empty");
    }

}
