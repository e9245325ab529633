package io.tetherdb.index;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;

/**
 * {@code $elemMatch} on an array of documents uses a multikey index on the elements' fields, and
 * the value form one on the array itself; results and counts are those of a scan, including
 * documents whose arrays nest arrays or hold the field in a plain document.
 */
@ExtendWith(TetherTestExtension.class)
class ElemMatchIndexTests {

    private TetherDB db;
    private TetherCollection orders;
    private List<Document> all;

    @BeforeEach
    void open() {
        db = TetherDB.builder().cleanupInterval(Duration.ZERO).open();
        orders = db.collection("orders");
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            batch.add(json("{_id: 'o" + (100 + i) + "', items: [{sku: 's" + i % 6 + "', qty: " + i % 9 + "},"
                    + " {sku: 's" + (i + 1) % 6 + "', qty: " + (i + 4) % 9 + "}], scores: [" + i % 50 + ", "
                    + (i * 7) % 100 + "]}"));
        }
        batch.add(json("{_id: 'plain', items: {sku: 's1', qty: 8}, scores: 85}"));
        batch.add(json("{_id: 'nested', items: [[{sku: 's1', qty: 8}]], scores: [[84]]}"));
        batch.add(json("{_id: 'skus', items: [{sku: ['s1', 's2'], qty: [1, 8]}], scores: []}"));
        orders.putBatch(batch);
        orders.createIndex("{'items.sku': 1}");
        orders.createIndex("{'items.qty': 1}");
        orders.createIndex("{scores: 1}");
        all = orders.find().toList();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Explanation check(String text) {
        Filter filter = Filter.parse(text);
        List<String> expected = all.stream().filter(filter::matches).map(Document::getId).sorted().toList();
        assertThat(orders.query(filter)).extracting(Document::getId).as("%s", filter)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(orders.count(filter)).as("count %s", filter).isEqualTo(expected.size());
        return orders.find(filter).explain();
    }

    @Test
    void theObjectFormReadsTheIndexOnTheElementsFields() {
        Explanation explained = check("{items: {$elemMatch: {sku: 's1', qty: {$gt: 5}}}}");

        assertThat(explained.stage()).isEqualTo("IXSCAN");
        assertThat(explained.index()).isEqualTo("items.sku_1");
        assertThat(explained.bounds()).isEqualTo("items.sku: [\"s1\", \"s1\"]");
        assertThat(explained.documentsExamined()).isLessThan(all.size() / 2);
        assertThat(explained.returned()).isPositive();
        assertThat(orders.find("{items: {$elemMatch: {sku: 's1', qty: {$gt: 5}}}}").explainCount().stage())
                .as("never counted from keys alone").isEqualTo("IXSCAN");
        assertThat(check("{items: {$elemMatch: {qty: {$gte: 7, $lt: 8}}}}").index()).isEqualTo("items.qty_1");
        assertThat(check("{items: {$elemMatch: {sku: {$in: ['s2', 's3']}}}, scores: {$gt: 40}}").stage())
                .isEqualTo("IXSCAN");
    }

    @Test
    void theValueFormReadsTheIndexOnTheArray() {
        Explanation explained = check("{scores: {$elemMatch: {$gte: 80, $lt: 85}}}");

        assertThat(explained.stage()).isEqualTo("IXSCAN");
        assertThat(explained.index()).isEqualTo("scores_1");
        assertThat(check("{scores: {$elemMatch: {$eq: 84}}}").stage()).isEqualTo("IXSCAN");
    }

    @Test
    void conditionsOnPositionsAndOtherNodesAreLeftToTheFilter() {
        assertThat(check("{items: {$elemMatch: {'0.sku': 's1'}}}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{'items.0': {$elemMatch: {sku: 's1'}}}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{items: {$elemMatch: {$or: [{sku: 's1'}, {qty: 3}]}}}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{items: {$elemMatch: {sku: {$ne: 's1'}}}}").stage()).isEqualTo("COLLSCAN");
    }
}
