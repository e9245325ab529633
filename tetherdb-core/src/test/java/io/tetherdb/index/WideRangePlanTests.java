package io.tetherdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.Explanation;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.Transaction;
import io.tetherdb.document.Document;

/**
 * An index plan whose ranges hold more than a fifth of a collection's documents gives way to a
 * collection scan, unless the index gives the sort, a limit may stop the read early, a count reads
 * the keys alone, or the find runs in a transaction; explain() shows the plan that runs.
 */
@ExtendWith(TetherTestExtension.class)
class WideRangePlanTests {

    private static final int DOCUMENTS = 10_000;

    private TetherDB db;
    private TetherCollection people;

    @BeforeEach
    void open() {
        db = TetherDB.builder().open();
        people = db.collection("people");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            docs.add(new Document().append("_id", String.format("p%05d", i)).append("age", i % 80)
                    .append("city", "c" + (i % 50)));
        }
        people.putBatch(docs);
        people.createIndex("{age: 1}");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aWideRangeIsReadByACollectionScanWithTheSameResults() {
        Explanation wide = people.find("{age: {$gte: 20}}").explain();

        assertThat(wide.stage()).isEqualTo("COLLSCAN");
        assertThat(wide.index()).isNull();
        assertThat(wide.documentsExamined()).isEqualTo(DOCUMENTS);
        assertThat(wide.returned()).isEqualTo(DOCUMENTS * 60 / 80);
        assertThat(people.find("{age: {$gte: 20}}").toList()).hasSize(DOCUMENTS * 60 / 80)
                .allSatisfy(d -> assertThat((Integer) d.get("age")).isGreaterThanOrEqualTo(20));
        assertThat(people.aggregate("[{$match: {age: {$gte: 20}}}, {$group: {_id: null, n: {$sum: 1}}}]")
                .explain().toJson()).contains("COLLSCAN");
    }

    @Test
    void aNarrowRangeKeepsTheIndex() {
        Explanation narrow = people.find("{age: {$gte: 70}}").explain();

        assertThat(narrow.stage()).isEqualTo("IXSCAN");
        assertThat(narrow.documentsExamined()).isEqualTo(DOCUMENTS * 10 / 80);
    }

    @Test
    void theIndexStaysWhenItGivesTheSortOrALimitOrTheCountOrInATransaction() {
        assertThat(people.find("{age: {$gte: 20}}").sort("{age: 1}").explain().stage()).isEqualTo("IXSCAN");
        assertThat(people.find("{age: {$gte: 20}}").limit(5).explain().stage()).isEqualTo("IXSCAN");
        Explanation count = people.find("{age: {$gte: 20}}").explainCount();
        assertThat(count.stage()).isEqualTo("COUNT_SCAN");
        assertThat(count.returned()).isEqualTo(DOCUMENTS * 60 / 80);
        try (Transaction tx = db.beginTransaction()) {
            assertThat(tx.collection("people").find("{age: {$gte: 20}}").explain().stage()).isEqualTo("IXSCAN");
        }
    }

    @Test
    void aRangeThatNarrowsAsDocumentsAreAddedReturnsToTheIndex() {
        assertThat(people.find("{age: {$gte: 60}}").explain().stage()).isEqualTo("COLLSCAN");
        List<Document> more = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            more.add(new Document().append("_id", String.format("q%05d", i)).append("age", 5));
        }
        people.putBatch(more);

        assertThat(people.find("{age: {$gte: 60}}").explain().stage()).isEqualTo("IXSCAN");
    }
}
