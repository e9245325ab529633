package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.tetherdb.aggregate.Accumulators;
import io.tetherdb.aggregate.AggregateOptions;
import io.tetherdb.aggregate.Aggregates;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import io.tetherdb.query.Sort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's core example, as written there, so that the page a newcomer reads stays true. */
@ExtendWith(TetherTestExtension.class)
class ReadmeExampleTests {

    @TempDir
    Path directory;

    @Test
    void theCoreExampleRunsAsWritten() {
        Path myDb = directory.resolve("my.db");
        try (TetherDB db = TetherDB.open(myDb)) {
            String id = db.put(Map.of("name", "John", "age", 30));
            db.put(Map.of("name", "Jane"), PutOptions.id("user_jane").ttl(Duration.ofSeconds(10)).tags("user"));
            Optional<Document> jane = db.get("user_jane");
            List<Document> adults = db.query("{ 'age': { '$gte': 18 } }");
            try (Stream<Document> s = db.stream(Filters.gt("age", 25))) {
                assertThat(s.map(Document::getId)).containsExactly(id);
            }
            TetherCollection users = db.collection("users");
            List<Document> page = users.find("{city: 'Oslo'}").sort("{age: -1}").skip(10).limit(5).toList();
            List<String> ids = users.putBatch(List.of(Map.of("a", 1), Map.of("a", 2)));
            int removed = users.deleteBatch(ids);
            db.flush();

            assertThat(jane.orElseThrow().getTags()).containsExactly("user");
            assertThat(adults).extracting(Document::getId).containsExactly(id);
            assertThat(page).isEmpty();
            assertThat(removed).isEqualTo(2);
        }
    }

    @Test
    void theAggregationExampleRunsAsWritten() {
        try (TetherDB db = TetherDB.inMemory()) {
            db.collection("readings").putBatch(List.of(
                    Map.of("sensor", "s1", "value", 2, "at", java.time.Instant.parse("2024-01-01T10:00:00Z"),
                            "tags", List.of("a", "b")),
                    Map.of("sensor", "s1", "value", 4, "at", java.time.Instant.parse("2024-01-01T12:00:00Z"),
                            "tags", List.of("a")),
                    Map.of("sensor", "s2", "value", 9, "at", java.time.Instant.parse("2024-01-02T10:00:00Z"),
                            "tags", List.of("c"))));
            TetherCollection readings = db.collection("readings");
            readings.createIndex("{sensor: 1}");
            List<Document> perDay = readings.aggregate("""
                    [{$match: {sensor: 's1'}},
                     {$group: {_id: {$dateTrunc: {date: '$at', unit: 'day'}}, mean: {$avg: '$value'}, n: {$sum: 1}}},
                     {$sort: {_id: 1}}]""").toList();
            List<Document> busiest = readings.aggregate(List.of(
                    Aggregates.unwind("$tags"),
                    Aggregates.group("$tags", Accumulators.sum("n", 1), Accumulators.max("peak", "$value")),
                    Aggregates.sort(Sort.descending("n")), Aggregates.limit(3))).toList();
            Document plan = readings.aggregate("[{$match: {sensor: 's1'}}, {$count: 'n'}]").explain();
            AggregateOptions big = AggregateOptions.defaults().allowDiskUse(true).maxTime(Duration.ofSeconds(30));

            assertThat(perDay).containsExactly(new Document("_id", java.time.Instant.parse("2024-01-01T00:00:00Z"))
                    .append("mean", 3.0).append("n", 2));
            assertThat(busiest.get(0)).isEqualTo(new Document("_id", "a").append("n", 2).append("peak", 4));
            assertThat(plan.toJson()).contains("IXSCAN");
            assertThat(big.allowDiskUse()).isTrue();
        }
    }
}
