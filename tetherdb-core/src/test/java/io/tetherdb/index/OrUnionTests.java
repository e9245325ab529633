package io.tetherdb.index;

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
import io.tetherdb.query.Sort;

/**
 * An {@code $or} whose branches each have an index runs as an index union: each branch's keys are
 * read, a document matching several branches is returned once, and the results and counts are
 * those of a scan of every document.
 */
@ExtendWith(TetherTestExtension.class)
class OrUnionTests {

    private TetherDB db;
    private TetherCollection docs;
    private List<Document> all;

    @BeforeEach
    void open() {
        db = TetherDB.builder().cleanupInterval(Duration.ZERO).open();
        docs = db.collection("docs");
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(new Document().append("_id", String.format("d%03d", i)).append("a", i % 10).append("b", i % 7)
                    .append("c", i % 3).append("tags", List.of("t" + i % 4, "t" + i % 5)));
        }
        docs.putBatch(batch);
        docs.createIndex("{a: 1}");
        docs.createIndex("{b: -1}");
        docs.createIndex("{tags: 1}");
        all = docs.find().toList();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Explanation check(String text) {
        Filter filter = Filter.parse(text);
        List<String> expected = all.stream().filter(filter::matches).map(Document::getId).toList();
        assertThat(docs.query(filter)).extracting(Document::getId).as("%s", filter).containsExactlyElementsOf(expected);
        assertThat(docs.count(filter)).as("count %s", filter).isEqualTo(expected.size());
        return docs.find(filter).explain();
    }

    @Test
    void eachBranchReadsItsIndexAndADocumentInSeveralBranchesComesOnce() {
        Explanation explained = check("{$or: [{a: 3}, {b: {$gte: 5}}]}");

        assertThat(explained.stage()).isEqualTo("OR");
        assertThat(explained.index()).isEqualTo("a_1,b_-1");
        assertThat(explained.bounds()).isEqualTo("$or: a_1 a: [3, 3] | b_-1 b: [5, number max]");
        assertThat(explained.keysExamined()).isEqualTo(20 + 56);
        assertThat(explained.returned()).isLessThan(explained.keysExamined());
        assertThat(docs.find("{$or: [{a: 3}, {b: {$gte: 5}}]}").explainCount().stage()).isEqualTo("OR");
    }

    @Test
    void theRestOfTheFilterAndMultikeyBranchesAreCheckedOnEveryDocument() {
        assertThat(check("{c: 1, $or: [{a: {$in: [1, 2]}}, {tags: 't3'}]}").stage()).isEqualTo("OR");
        assertThat(check("{$or: [{tags: 't1'}, {tags: {$in: ['t1', 't2']}}, {a: 9}]}").stage()).isEqualTo("OR");
        assertThat(check("{$and: [{$or: [{a: 1}, {b: 1}]}, {$or: [{c: 2}, {a: 2}]}]}").stage()).isEqualTo("OR");
        assertThat(docs.find("{$or: [{a: 1}, {b: 1}]}").sort(Sort.descending("_id")).limit(3).toList())
                .extracting(Document::getId).containsExactly("d197", "d191", "d190");
    }

    @Test
    void anOrWithABranchNoIndexServesIsAScan() {
        assertThat(check("{$or: [{a: 3}, {c: 1}]}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{$or: [{a: 3}, {b: {$ne: 2}}]}").stage()).isEqualTo("COLLSCAN");
        assertThat(check("{a: 4, $or: [{b: 1}, {b: 2}]}").stage()).as("an index on the rest wins").isEqualTo("IXSCAN");
    }
}
