package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A query planned on an index that is dropped before the query reaches it plans again without the
 * index. Before, it failed with {@code IllegalStateException: Index ... was dropped}. The drop is
 * made at the exact moment through the store's clock, which a query reads when it starts reading.
 */
@ExtendWith(TetherTestExtension.class)
class DroppedIndexQueryTests {

    @ParameterizedTest
    @ValueSource(strings = {"toList", "count", "explain", "explainCount"})
    void queryWhoseIndexIsDroppedAfterPlanningPlansAgain(String call) {
        MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).open()) {
            TetherCollection items = db.collection("items");
            items.createIndex("{n: 1}");
            for (int i = 0; i < 100; i++) {
                items.put(Map.of("_id", "i" + i, "n", i % 10));
            }
            Map<String, Function<FindQuery, Object>> calls = Map.of(
                    "toList", cursor -> cursor.toList().size(),
                    "count", FindQuery::count,
                    "explain", cursor -> cursor.explain().returned(),
                    "explainCount", cursor -> cursor.explainCount().returned());
            // the first reading of the clock once the query has planned is the one that opens it
            clock.onNextReadingWithin("replanning", () -> items.dropIndex("n_1"));

            Object result = calls.get(call).apply(items.find(Filters.eq("n", 3)));

            assertThat(((Number) result).longValue()).isEqualTo(10);
            assertThat(items.listIndexes()).extracting(index -> index.definition().name()).doesNotContain("n_1");
            List<Document> again = items.find(Filters.eq("n", 3)).toList();
            assertThat(again).hasSize(10);
        }
    }
}
