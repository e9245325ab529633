package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.document.Document;
import io.tetherdb.query.Sort;

/**
 * Skip, limit, sort, count and explain on a cursor: in every combination they page through the
 * same ordered results, count what a find would return, and report how they ran, also for a
 * collection that does not exist and while expired documents wait for the sweep.
 */
@ExtendWith(TetherTestExtension.class)
class FindQueryPagingTests {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO).open();
        items = db.collection("items");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            docs.add(new Document().append("_id", String.format("i%02d", i)).append("n", i).append("g", i % 4));
        }
        items.putBatch(docs);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static List<String> ids(List<Document> docs) {
        return docs.stream().map(Document::getId).toList();
    }

    @Test
    void skipAndLimitPageThroughUnsortedResultsInIdOrder() {
        assertThat(ids(items.find("{g: 1}").skip(2).limit(2).toList())).containsExactly("i09", "i13");
        assertThat(ids(items.find("{g: 1}").skip(4).toList())).containsExactly("i17");
        assertThat(ids(items.find("{g: 1}").skip(5).toList())).isEmpty();
        assertThat(ids(items.find().skip(18).toList())).containsExactly("i18", "i19");
        assertThat(items.find("{g: 1}").skip(1).count()).isEqualTo(4);
        assertThat(items.find("{g: 1}").skip(1).limit(2).count()).isEqualTo(2);
        assertThat(items.find("{g: 1}").skip(9).count()).isZero();
        assertThat(items.find().skip(5).limit(100).count()).isEqualTo(15);
        assertThat(items.find("{g: 1}").skip(1).first()).map(Document::getId).contains("i05");
    }

    @Test
    void sortedPagesWithAndWithoutABoundOnMemory() {
        Sort byGroupThenDescending = Sort.ascending("g").thenDescending("n");
        assertThat(ids(items.find().sort(byGroupThenDescending).skip(3).limit(3).toList()))
                .containsExactly("i04", "i00", "i17");
        // a limit too large for a bounded heap sorts everything
        assertThat(ids(items.find().sort(byGroupThenDescending).skip(3).limit(Long.MAX_VALUE - 10).toList()))
                .hasSize(17).startsWith("i04", "i00", "i17");
        assertThat(ids(items.find().sort("{n: -1}").skip(25).toList())).isEmpty();
        assertThat(items.find().sort("{n: -1}").explain().inMemorySort()).isTrue();
    }

    @Test
    void refusesNegativeSkipAndLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> items.find().skip(-1))
                .withMessage("skip must not be negative but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> items.find().limit(-2))
                .withMessage("limit must not be negative but was -2");
    }

    @Test
    void explainsCountsAsTheyRun() {
        FindQuery all = items.find();
        assertThat(all.count()).isEqualTo(20);
        assertThat(all.explainCount().stage()).isEqualTo("COUNT");
        assertThat(all.explainCount().returned()).isEqualTo(20);
        assertThat(items.find("{g: 2}").explainCount()).satisfies(e -> {
            assertThat(e.stage()).isEqualTo("COLLSCAN");
            assertThat(e.index()).isNull();
            assertThat(e.returned()).isEqualTo(5);
            assertThat(e.documentsExamined()).isEqualTo(20);
        });
        items.createIndex("{g: 1}");
        assertThat(items.find("{g: 2}").explainCount()).satisfies(e -> {
            assertThat(e.stage()).isEqualTo("COUNT_SCAN");
            assertThat(e.index()).isEqualTo("g_1");
            assertThat(e.returned()).isEqualTo(5);
            assertThat(e.documentsExamined()).isZero();
        });
        assertThat(items.find("{g: 2, n: {$gt: 5}}").explainCount().stage()).isEqualTo("IXSCAN");
        assertThat(items.find("{g: 2, n: {$gt: 5}}").count()).isEqualTo(4);
    }

    @Test
    void aCollectionThatDoesNotExistIsEmpty() {
        TetherCollection missing = db.collection("missing");

        assertThat(missing.find("{a: 1}").count()).isZero();
        assertThat(missing.find().toList()).isEmpty();
        assertThat(missing.find().explain()).satisfies(e -> {
            assertThat(e.stage()).isEqualTo("COLLSCAN");
            assertThat(e.returned()).isZero();
            assertThat(e.documentsExamined()).isZero();
        });
        assertThat(missing.find().sort("{a: 1}").explain().inMemorySort()).isTrue();
        assertThat(missing.find().explainCount()).satisfies(e -> {
            assertThat(e.stage()).isEqualTo("EOF");
            assertThat(e.returned()).isZero();
        });
        assertThat(missing.listIndexes()).isEmpty();
        assertThat(missing.count()).isZero();
    }

    @Test
    void expiredDocumentsAreNeitherFoundNorCountedBeforeTheSweep() {
        items.createIndex("{g: 1}");
        items.put(new Document().append("_id", "brief").append("n", 100).append("g", 1),
                PutOptions.defaults().ttl(Duration.ofSeconds(10)));
        assertThat(items.find("{g: 1}").count()).isEqualTo(6);
        clock.advance(Duration.ofSeconds(11));

        assertThat(items.find("{g: 1}").explainCount().stage()).as("keys of expired documents are still stored")
                .isEqualTo("IXSCAN");
        assertThat(items.find("{g: 1}").count()).isEqualTo(5);
        assertThat(ids(items.find("{g: 1}").toList())).doesNotContain("brief").hasSize(5);
        assertThat(ids(items.find("{n: {$gte: 19}}").toList())).containsExactly("i19");
        assertThat(items.find().count()).isEqualTo(20);
    }

    @Test
    void describesItself() {
        assertThat(items.find("{g: 1}")).hasToString("FindQuery[items {\"g\":{\"$eq\":1}}]");
        assertThat(items.find("{g: 1}").sort("{n: -1}").skip(2).limit(3))
                .hasToString("FindQuery[items {\"g\":{\"$eq\":1}} sort Sort{\"n\":-1} skip 2 limit 3]");
    }
}
