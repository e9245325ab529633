package io.tetherdb.aggregate;

import static io.tetherdb.aggregate.AggregationFixtures.canonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.error.MemoryLimitExceededException;
import io.tetherdb.query.ValueOrder;

/**
 * A {@code $group} keyed by an indexed field, with no stage before it but a {@code $match}, whose
 * groups outgrow the memory limit reads the documents again in index order and hands out each group
 * when its key changes: the same groups as the hashed way (checked on random data against the same
 * documents without the index; the order of documents within a group, which MongoDB leaves open
 * without a {@code $sort}, and so which of {@code 1} and {@code 1.0} names the group, may differ),
 * one group held at a time (so many groups fit a small memory limit without {@code allowDiskUse}),
 * and {@code explain()} says so.
 */
@ExtendWith(TetherTestExtension.class)
class StreamingGroupTests {

    private TetherDB db;

    @BeforeEach
    void open() {
        db = TetherDB.inMemory();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Document stage(Document explain, int i) {
        return (Document) explain.getList("stages").get(i);
    }

    @Test
    void givesTheSameGroupsAsTheHashedWayOnRandomData() {
        Random random = new Random(1616);
        for (int round = 0; round < 25; round++) {
            TetherCollection indexed = db.collection("indexed" + round);
            TetherCollection plain = db.collection("plain" + round);
            indexed.createIndex("{k: 1}");
            indexed.createIndex("{m: 1}");
            List<Map<String, ?>> documents = new ArrayList<>();
            int n = 1 + random.nextInt(200);
            int keys = 1 + random.nextInt(30);
            for (int i = 0; i < n; i++) {
                Document document = new Document("_id", String.format("d%04d", random.nextInt(100_000)) + "-" + i);
                switch (random.nextInt(8)) {
                    case 0 -> document.put("k", null);
                    case 1 -> { }
                    case 2 -> document.put("k", (double) random.nextInt(keys));
                    case 3 -> document.put("k", "s" + random.nextInt(keys));
                    case 4 -> document.put("k", new Document("a", random.nextInt(3)));
                    default -> document.put("k", random.nextInt(keys));
                }
                document.put("m", random.nextInt(10));
                document.put("v", random.nextInt(1000));
                documents.add(document);
            }
            indexed.putBatch(documents);
            plain.putBatch(documents);
            String match = switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> "{$match: {m: {$gte: " + random.nextInt(10) + "}}}, ";
                case 2 -> "{$match: {k: {$gte: " + random.nextInt(keys) + "}}}, ";
                default -> "{$match: {v: {$lt: " + random.nextInt(1000) + "}}}, ";
            };
            String pipeline = "[" + match + "{$group: {_id: '$k', n: {$sum: 1}, total: {$sum: '$v'}, avg: {$avg: '$v'},"
                    + " min: {$min: '$v'}, max: {$max: '$v'}, some: {$addToSet: {$mod: ['$v', 3]}},"
                    + " top: {$topN: {n: 2, sortBy: {v: -1, _id: 1}, output: '$v'}}}}]";
            // small enough that a few groups outgrow it, large enough for one group; a match on
            // another field than the key leaves the group hashed, and then it spills
            AggregateOptions tight = AggregateOptions.defaults().maxMemory(2_500).allowDiskUse(true);
            assertThat(sorted(indexed.aggregate(pipeline, tight).toList()))
                    .as("round %d: %s", round, pipeline).isEqualTo(sorted(plain.aggregate(pipeline).toList()));
        }
    }

    /**
     * Groups in key order as text, numeric keys as doubles and sets sorted: the hashed way hands
     * groups out in another order, and documents within a group may come in another order.
     */
    private static String sorted(List<Document> groups) {
        List<Document> copy = new ArrayList<>();
        for (Document group : groups) {
            Document normal = new Document(group);
            if (normal.get("_id") instanceof Number n) {
                normal.put("_id", n.doubleValue());
            }
            if (normal.get("some") instanceof List<?> some) {
                List<Object> values = new ArrayList<>(some);
                values.sort(ValueOrder.natural());
                normal.put("some", values);
            }
            copy.add(normal);
        }
        copy.sort(Comparator.comparing(d -> d.get("_id"), ValueOrder.natural()));
        return canonical(copy);
    }

    @Test
    void manyGroupsStreamUnderAMemoryLimitThatHashingExceeds() {
        TetherCollection events = db.collection("events");
        List<Map<String, ?>> documents = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            documents.add(Map.of("_id", "e" + i, "user", "user-" + (i % 5_000), "bytes", i));
        }
        events.putBatch(documents);
        String pipeline = "[{$group: {_id: '$user', n: {$sum: 1}, bytes: {$sum: '$bytes'}, sizes: {$push: '$bytes'}}}]";
        AggregateOptions tight = AggregateOptions.defaults().maxMemory(64 * 1024);
        assertThatExceptionOfType(MemoryLimitExceededException.class)
                .isThrownBy(() -> events.aggregate(pipeline, tight).toList()).withMessageContaining("$group");

        events.createIndex("{user: 1}");
        try (Stream<Document> groups = events.aggregate(pipeline, tight).stream()) {
            List<Document> all = groups.toList();
            assertThat(all).hasSize(5_000);
            assertThat(all).extracting(d -> (String) d.get("_id")).isSorted();
            assertThat(all.get(0)).containsEntry("_id", "user-0").containsEntry("n", 4)
                    .containsEntry("bytes", 0 + 5_000 + 10_000 + 15_000);
            assertThat(all.get(0).getList("sizes")).containsExactlyInAnyOrder(0, 5_000, 10_000, 15_000);
        }
        // one group larger than the limit still fails
        AggregateOptions tiny = AggregateOptions.defaults().maxMemory(200);
        assertThatExceptionOfType(MemoryLimitExceededException.class)
                .isThrownBy(() -> events.aggregate(pipeline, tiny).toList()).withMessageContaining("$group");
    }

    @Test
    void explainShowsTheIndexOrderAGroupPastTheMemoryLimitStreamsIn() {
        TetherCollection readings = db.collection("readings");
        List<Map<String, ?>> documents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            documents.add(Map.of("_id", "r" + i, "sensor", "s" + (i % 7), "value", i));
        }
        readings.putBatch(documents);
        String pipeline = "[{$match: {sensor: {$gte: 's2'}}}, {$group: {_id: '$sensor', n: {$sum: 1}}}, {$sort: {n: -1}}]";
        Document hashed = readings.aggregate(pipeline).explain();
        assertThat(stage(hashed, 1)).doesNotContainKey("streamsPastMemoryLimit");

        readings.createIndex("{sensor: 1}");
        Document streamable = readings.aggregate(pipeline).explain();
        Document streaming = stage(streamable, 1).getDocument("streamsPastMemoryLimit");
        assertThat(stage(streamable, 1)).containsKey("$group");
        assertThat(streaming.getDocument("sort")).isEqualTo(new Document("sensor", 1));
        assertThat(streaming.getDocument("plan").getString("stage")).isEqualTo("IXSCAN");
        assertThat(streaming.getDocument("plan").getString("index")).isEqualTo("sensor_1");
        assertThat(stage(streamable, 2)).containsKey("$sort");
        assertThat(readings.aggregate(pipeline).toList()).hasSize(5);

        // another stage first, a dotted key through the index, or an expression key: hashed
        readings.createIndex("{value: 1}");
        assertThat(stage(readings.aggregate("[{$sort: {value: 1}}, {$group: {_id: '$sensor'}}]").explain(), 1))
                .doesNotContainKey("streamsPastMemoryLimit");
        assertThat(stage(readings.aggregate("[{$group: {_id: {$toUpper: '$sensor'}}}]").explain(), 1))
                .doesNotContainKey("streamsPastMemoryLimit");
        assertThat(stage(readings.aggregate("[{$limit: 5}, {$group: {_id: '$sensor'}}]").explain(), 1))
                .doesNotContainKey("streamsPastMemoryLimit");
    }

    @Test
    void anArrayKeyMakesTheIndexMultikeySoTheGroupHashes() {
        TetherCollection tagged = db.collection("tagged");
        tagged.createIndex("{tags: 1}");
        tagged.putBatch(List.of(Map.of("_id", "a", "tags", List.of("x", "y")), Map.of("_id", "b", "tags", "x"),
                Map.of("_id", "c", "tags", List.of("x", "y"))));
        String pipeline = "[{$group: {_id: '$tags', n: {$sum: 1}}}]";
        assertThat(stage(tagged.aggregate(pipeline).explain(), 1)).doesNotContainKey("streamsPastMemoryLimit");
        assertThat(sorted(tagged.aggregate(pipeline).toList()))
                .isEqualTo("[{_id: 'x', n: 1}, {_id: ['x', 'y'], n: 2}]");
    }
}
