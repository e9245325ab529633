package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;

/**
 * Index-driven reads take the matched ids in batches that grow from a few to a share of the heap:
 * a query with a limit reads only the first, a query that reads every match goes through batches
 * larger than the old fixed maximum and returns each match once.
 */
class IndexMatchesBatchTests {

    private static final int DOCUMENTS = 600_000;

    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.builder().inMemory().cleanupInterval(Duration.ZERO).open();
        items = db.collection("items");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            // one document in six has g = "a": a sixth of the collection, narrow enough for the index
            batch.add(Map.of("_id", String.format("d%07d", i), "g", i % 6 == 0 ? "a" : "b" + i % 6, "i", i));
            if (batch.size() == 10_000) {
                items.putBatch(batch);
                batch.clear();
            }
        }
        items.createIndex("{g: 1}");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theBatchLimitGrowsWithTheHeapAndNeverFallsBelowTheOldOne() {
        assertThat(IndexMatches.maxBatch(64L << 20)).isEqualTo(IndexMatches.MIN_MAX_BATCH);
        assertThat(IndexMatches.maxBatch(4L << 30)).isEqualTo((int) ((4L << 30) / 16 / 96));
        assertThat(IndexMatches.maxBatch(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE / 2);
    }

    @Test
    void aQueryOverEveryMatchReturnsEachOnceThroughTheLargeBatches() {
        FindQuery query = items.find("{g: 'a'}");
        assertThat(query.explain().stage()).isEqualTo("IXSCAN");
        Set<String> ids = new HashSet<>();
        long sum = 0;
        for (Document document : query.toList()) {
            assertThat(document.get("g")).isEqualTo("a");
            assertThat(ids.add(document.getId())).as("returned twice: %s", document.getId()).isTrue();
            sum += document.getInteger("i");
        }
        // 100,000 matches: batches of 16, 64, ..., 65,536 hold 87,376 of them, the next one the rest
        assertThat(ids).hasSize(DOCUMENTS / 6);
        long expected = 0;
        for (int i = 0; i < DOCUMENTS; i += 6) {
            expected += i;
        }
        assertThat(sum).isEqualTo(expected);
        assertThat(query.explain().keysExamined()).isEqualTo(DOCUMENTS / 6);
    }

    @Test
    void aQueryWithALimitReadsOnlyTheFirstBatch() {
        FindQuery query = items.find("{g: 'a'}").limit(10);
        assertThat(query.toList()).hasSize(10);
        assertThat(query.explain().keysExamined()).isEqualTo(16);
    }
}
