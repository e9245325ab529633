package io.tetherdb.aggregate;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.AggregateResult;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.MemoryLimitExceededException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.query.Filters;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;

/**
 * The aggregation API's behaviour beyond single stages: index use and explain, $lookup across
 * collections, $out/$merge as one write, memory limits and spilling, time limits, laziness and the
 * builders.
 */
@ExtendWith(TetherTestExtension.class)
class AggregationTests {

    @TempDir
    Path directory;

    private TetherDB db;
    private TetherCollection readings;

    @BeforeEach
    void open() {
        db = TetherDB.builder().path(directory.resolve("agg.db")).cleanupInterval(Duration.ZERO).open();
        readings = db.collection("readings");
        List<Map<String, ?>> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(Map.of("_id", "r" + i, "sensor", "s" + (i % 3), "value", i, "tags", List.of("t" + (i % 2), "all")));
        }
        readings.putBatch(batch);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aLeadingMatchAndSortUseAnIndexAndExplainShowsThePlan() {
        readings.createIndex("{sensor: 1}");
        AggregateResult result = readings.aggregate(
                "[{$match: {sensor: 's1'}}, {$sort: {value: -1}}, {$limit: 2}, {$project: {_id: 0, value: 1}}]");
        assertThat(result.toList()).extracting(d -> d.get("value")).containsExactly(298, 295);
        Document explain = result.explain();
        Document cursor = (Document) ((Document) explain.getList("stages").get(0)).get("$cursor");
        Document plan = cursor.getDocument("plan");
        assertThat(plan.getString("stage")).isEqualTo("IXSCAN");
        assertThat(plan.getString("index")).isEqualTo("sensor_1");
        assertThat(plan.getLong("documentsExamined")).isEqualTo(100);
        assertThat(cursor.get("limit")).isEqualTo(2L);
        assertThat(explain.getList("stages")).hasSize(2);
        assertThat(((Document) explain.getList("stages").get(1))).containsKey("$project");
    }

    @Test
    void aPipelineWithoutALeadingMatchScansTheCollection() {
        Document explain = readings.aggregate("[{$group: {_id: '$sensor'}}]").explain();
        Document cursor = (Document) ((Document) explain.getList("stages").get(0)).get("$cursor");
        assertThat(cursor.getDocument("plan").getString("stage")).isEqualTo("COLLSCAN");
    }

    @Test
    void groupsWithTheBuilders() {
        List<Document> results = readings.aggregate(List.of(
                Aggregates.match(Filters.lt("value", 30)),
                Aggregates.group("$sensor", Accumulators.sum("n", 1), Accumulators.avg("mean", "$value"),
                        Accumulators.max("max", "$value"), Accumulators.topN("top2", 2, Sort.descending("value"), "$value")),
                Aggregates.sort(Sort.ascending("_id")))).toList();
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEqualTo(json("{_id: 's0', n: 10, mean: 13.5, max: 27, top2: [27, 24]}"));
    }

    @Test
    void unwindsAndCountsWithTheBuilders() {
        List<Document> results = readings.aggregate(List.of(Aggregates.unwind("$tags"), Aggregates.sortByCount("$tags")))
                .toList();
        assertThat(results).containsExactly(json("{_id: 'all', count: 300}"), json("{_id: 't0', count: 150}"),
                json("{_id: 't1', count: 150}"));
    }

    @Test
    void looksUpDocumentsOfAnotherCollectionThroughItsIndex() {
        TetherCollection sensors = db.collection("sensors");
        sensors.createIndex("{code: 1}");
        sensors.putBatch(List.of(json("{_id: 'a', code: 's0', room: 'kitchen'}"),
                json("{_id: 'b', code: 's1', room: 'hall'}"), json("{_id: 'c', code: 's1', room: 'attic'}")));
        List<Document> results = readings.aggregate("[{$match: {value: {$lt: 3}}}, {$sort: {value: 1}},"
                + " {$lookup: {from: 'sensors', localField: 'sensor', foreignField: 'code', as: 'sensorInfo'}},"
                + " {$project: {_id: 0, value: 1, rooms: '$sensorInfo.room'}}]").toList();
        assertThat(results).containsExactly(json("{value: 0, rooms: ['kitchen']}"),
                json("{value: 1, rooms: ['hall', 'attic']}"), json("{value: 2, rooms: []}"));
    }

    @Test
    void looksUpMoreDocumentsThanOneBatchHolds() {
        TetherCollection sensors = db.collection("sensors");
        sensors.putBatch(List.of(json("{_id: 'a', code: 's0'}"), json("{_id: 'b', code: 's1'}")));
        List<Document> results = readings.aggregate("[{$sort: {value: 1}}, {$lookup: {from: 'sensors',"
                + " localField: 'sensor', foreignField: 'code', as: 'info'}}, {$project: {value: 1, n: {$size: '$info'},"
                + " id: {$arrayElemAt: ['$info._id', 0]}}}]").toList();
        assertThat(results).hasSize(300);
        assertThat(results).extracting(d -> d.get("value")).isSorted();
        assertThat(results).filteredOn(d -> d.get("n").equals(1)).hasSize(200);
        assertThat(results.get(298)).isEqualTo(json("{_id: 'r298', value: 298, n: 1, id: 'b'}"));
        assertThat(results.get(299)).isEqualTo(json("{_id: 'r299', value: 299, n: 0}"));
    }

    @Test
    void lookupMatchesArrayElementsAndMissingFieldsAsMongoDbDoes() {
        TetherCollection left = db.collection("orders");
        left.putBatch(List.of(json("{_id: 'o1', items: ['x', 'y']}"), json("{_id: 'o2'}")));
        db.collection("items").putBatch(List.of(json("{_id: 'x'}"), json("{_id: 'y'}"), json("{_id: 'n', sku: null}")));
        List<Document> results = left.aggregate("[{$lookup: {from: 'items', localField: 'items', foreignField: '_id',"
                + " as: 'found'}}, {$lookup: {from: 'items', localField: 'none', foreignField: 'sku', as: 'nulls'}},"
                + " {$project: {ids: '$found._id', nulls: '$nulls._id'}}]").toList();
        // a missing local field equals null, which matches foreign documents with a null or missing field
        assertThat(results).containsExactly(json("{_id: 'o1', ids: ['x', 'y'], nulls: ['n', 'x', 'y']}"),
                json("{_id: 'o2', ids: [], nulls: ['n', 'x', 'y']}"));
    }

    @Test
    void outReplacesTheTargetCollectionInOneWrite() {
        TetherCollection stats = db.collection("stats");
        stats.put(json("{_id: 'old'}"));
        assertThat(readings.aggregate("[{$group: {_id: '$sensor', n: {$sum: 1}}}, {$out: 'stats'}]").toList()).isEmpty();
        assertThat(stats.find().sort("{_id: 1}").toList()).containsExactly(json("{_id: 's0', n: 100}"),
                json("{_id: 's1', n: 100}"), json("{_id: 's2', n: 100}"));
    }

    @Test
    void aRefusedOutWritesNothing() {
        TetherCollection stats = db.collection("stats");
        stats.put(json("{_id: 'old'}"));
        // group keys that are numbers cannot be TetherDB ids (strings)
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> readings.aggregate("[{$group: {_id: {$mod: ['$value', 2]}}}, {$out: 'stats'}]").toList())
                .withMessageContaining("_id");
        assertThat(stats.find().toList()).containsExactly(json("{_id: 'old'}"));
    }

    @Test
    void mergeCombinesWithExistingDocuments() {
        TetherCollection stats = db.collection("stats");
        stats.putBatch(List.of(json("{_id: 's0', label: 'zero', n: -1}"), json("{_id: 'other', n: 7}")));
        readings.aggregate("[{$group: {_id: '$sensor', n: {$sum: 1}}}, {$merge: {into: 'stats'}}]").toList();
        assertThat(stats.find().sort("{_id: 1}").toList()).containsExactly(json("{_id: 'other', n: 7}"),
                json("{_id: 's0', label: 'zero', n: 100}"), json("{_id: 's1', n: 100}"), json("{_id: 's2', n: 100}"));

        readings.aggregate(List.of(Aggregates.group("$sensor", Accumulators.sum("n", 2)),
                Aggregates.merge("stats", "replace", "discard"))).toList();
        assertThat(stats.get("s0")).contains(json("{_id: 's0', n: 200}"));
    }

    @Test
    void mergeWithWhenMatchedFailWritesNothingWhenOneMatches() {
        TetherCollection stats = db.collection("stats");
        stats.put(json("{_id: 's2', n: -1}"));
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> readings.aggregate(List.of(Aggregates.group("$sensor", Accumulators.sum("n", 1)),
                        Aggregates.merge("stats", "fail", "insert"))).toList())
                .withMessageContaining("s2").withMessageContaining("whenMatched is 'fail'");
        assertThat(stats.count()).isEqualTo(1);
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> readings.aggregate(List.of(Aggregates.group("$sensor", Accumulators.sum("n", 1)),
                        Aggregates.merge("stats", "merge", "fail"))).toList())
                .withMessageContaining("whenNotMatched is 'fail'");
        assertThat(stats.find().toList()).containsExactly(json("{_id: 's2', n: -1}"));
    }

    @Test
    void aGroupPastTheMemoryLimitFailsUnlessDiskUseIsAllowed() throws IOException {
        String pipeline = "[{$group: {_id: '$_id', values: {$push: '$tags'}}}, {$sort: {_id: 1}}]";
        assertThatExceptionOfType(MemoryLimitExceededException.class)
                .isThrownBy(() -> readings.aggregate(pipeline, AggregateOptions.defaults().maxMemory(10_000)).toList())
                .withMessageContaining("$group").withMessageContaining("10000 bytes").withMessageContaining("allowDiskUse")
                .satisfies(e -> assertThat(e.stage()).isEqualTo("$group"));

        AggregateOptions spilling = AggregateOptions.defaults().maxMemory(10_000).allowDiskUse(true);
        try (Stream<Document> results = readings.aggregate(pipeline, spilling).stream()) {
            List<Document> all = results.toList();
            assertThat(all).hasSize(300);
            assertThat(all.get(0)).isEqualTo(json("{_id: 'r0', values: [['t0', 'all']]}"));
            assertThat(spillFiles()).isNotEmpty();
        }
        assertThat(spillFiles()).as("spill files are deleted when the stream closes").isEmpty();
        assertThat(readings.aggregate(pipeline).toList()).isEqualTo(readings.aggregate(pipeline, spilling).toList());
    }

    @Test
    void aSpilledGroupMergesPartialStatesInInputOrder() {
        String pipeline = "[{$sort: {value: 1}}, {$group: {_id: '$sensor', n: {$sum: 1}, first: {$first: '$value'},"
                + " last: {$last: '$value'}, avg: {$avg: '$value'}, sd: {$stdDevPop: '$value'}, set: {$addToSet: '$tags'},"
                + " min: {$min: '$value'}, bottom: {$bottomN: {n: 2, sortBy: {value: 1}, output: '$value'}}}},"
                + " {$sort: {_id: 1}}]";
        List<Document> inMemory = readings.aggregate(pipeline).toList();
        List<Document> spilled = readings.aggregate(pipeline, AggregateOptions.defaults().maxMemory(2_000)
                .allowDiskUse(true)).toList();
        assertThat(spilled).isEqualTo(inMemory);
        assertThat(inMemory.get(1)).containsEntry("first", 1).containsEntry("last", 298)
                .containsEntry("bottom", List.of(295, 298));
    }

    @Test
    void sortAndBucketAutoAndFacetSpillToo() {
        AggregateOptions tight = AggregateOptions.defaults().maxMemory(5_000);
        AggregateOptions spilling = tight.allowDiskUse(true);
        for (String pipeline : List.of("[{$sort: {sensor: 1, value: -1}}, {$project: {_id: 1}}]",
                "[{$bucketAuto: {groupBy: '$value', buckets: 7}}]",
                "[{$facet: {a: [{$count: 'n'}], b: [{$match: {sensor: 's2'}}, {$count: 'n'}]}}]")) {
            String stage = pipeline.substring(3, pipeline.indexOf(':'));
            assertThatExceptionOfType(MemoryLimitExceededException.class)
                    .isThrownBy(() -> readings.aggregate(pipeline, tight).toList()).withMessageContaining(stage);
            assertThat(readings.aggregate(pipeline, spilling).toList()).isEqualTo(readings.aggregate(pipeline).toList());
        }
    }

    @Test
    void aSortFollowedByALimitKeepsOnlyTheBestDocuments() {
        List<Document> results = readings.aggregate("[{$project: {value: 1}}, {$sort: {value: -1}}, {$limit: 3}]",
                AggregateOptions.defaults().maxMemory(5_000)).toList();
        assertThat(results).extracting(d -> d.get("value")).containsExactly(299, 298, 297);
    }

    @Test
    void maxTimeAndTheStoreTimeoutStopALongRun() {
        assertThatExceptionOfType(QueryTimeoutException.class)
                .isThrownBy(() -> readings.aggregate("[{$group: {_id: '$sensor'}}]",
                        AggregateOptions.defaults().maxTime(Duration.ofNanos(1))).toList())
                .withMessageContaining("aggregate on collection 'readings'");
        try (TetherDB limited = TetherDB.builder().inMemory().cleanupInterval(Duration.ZERO)
                .queryTimeout(Duration.ofNanos(1)).open()) {
            TetherCollection c = limited.collection("c");
            c.put(json("{a: 1}"));
            assertThatExceptionOfType(QueryTimeoutException.class)
                    .isThrownBy(() -> c.aggregate("[{$project: {a: 1}}]").toList());
            assertThat(c.aggregate("[{$project: {_id: 0, a: 1}}]", AggregateOptions.defaults().maxTime(Duration.ZERO))
                    .toList()).containsExactly(json("{a: 1}"));
        }
    }

    @Test
    void runsLazilyAndAgain() {
        AggregateResult result = readings.aggregate("[{$match: {sensor: 's0'}}, {$sort: {value: 1}}, {$project: {_id: 0, value: 1}}]");
        try (Stream<Document> stream = result.stream()) {
            assertThat(stream.limit(2)).containsExactly(json("{value: 0}"), json("{value: 3}"));
        }
        assertThat(result.first()).contains(json("{value: 0}"));
        readings.put(Map.of("sensor", "s0", "value", -1));
        assertThat(result.toList()).hasSize(101).first().isEqualTo(json("{value: -1}"));
        assertThat(db.collection("empty").aggregate("[{$group: {_id: null, n: {$sum: 1}}}]").toList()).isEmpty();
    }

    @Test
    void theDefaultCollectionAggregatesToo() {
        db.put(Map.of("k", 1));
        db.put(Map.of("k", 2));
        assertThat(db.aggregate("[{$group: {_id: null, total: {$sum: '$k'}}}]").first())
                .contains(json("{_id: null, total: 3}"));
    }

    @Test
    void anExpressionThatFailsOnADocumentSaysWhatAndWhere() {
        readings.put(Map.of("_id", "zero", "value", 0, "sensor", "s9"));
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> readings.aggregate("[{$project: {q: {$divide: [1, '$value']}}}]").toList())
                .withMessageContaining("$divide").withMessageContaining("by zero");
    }

    private List<Path> spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".spill")).toList();
        }
    }
}
