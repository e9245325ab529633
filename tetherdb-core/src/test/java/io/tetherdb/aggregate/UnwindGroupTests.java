package io.tetherdb.aggregate;

import static io.tetherdb.aggregate.AggregationFixtures.canonical;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;

/**
 * A {@code $group} right after a {@code $unwind} reads each unwound row as a view of its document
 * rather than a copy: on random documents (arrays, scalars, empty arrays, null and missing fields,
 * embedded documents) and pipelines, it gives what the two stages give apart (a {@code $match: {}}
 * between them keeps them apart), {@code $$ROOT} included.
 */
@ExtendWith(TetherTestExtension.class)
class UnwindGroupTests {

    private static final List<String> UNWINDS = List.of("'$tags'", "{path: '$tags', preserveNullAndEmptyArrays: true}",
            "{path: '$tags', includeArrayIndex: 'i'}", "'$in.list'");

    private static final List<String> GROUPS = List.of(
            "{_id: '$tags', n: {$sum: 1}, total: {$sum: '$v'}}",
            "{_id: null, all: {$push: '$$ROOT'}, first: {$first: '$$CURRENT.tags'}}",
            "{_id: {t: '$tags', i: '$i'}, vs: {$push: '$v'}, ids: {$addToSet: '$_id'}}",
            "{_id: '$in.list', n: {$count: {}}, top: {$top: {sortBy: {v: -1}, output: ['$_id', '$tags']}}}",
            "{_id: {$type: '$tags'}, max: {$max: '$tags'}, min: {$min: '$in'}}");

    @Test
    void aGroupAfterAnUnwindGivesWhatTheStagesGiveApart() {
        Random random = new Random(42);
        try (TetherDB db = TetherDB.inMemory()) {
            for (int round = 0; round < 40; round++) {
                TetherCollection collection = db.collection("c" + round);
                List<Map<String, ?>> documents = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(40); i++) {
                    Document document = new Document("_id", "d" + i);
                    document.put("v", random.nextInt(100));
                    Object tags = switch (random.nextInt(7)) {
                        case 0 -> null;
                        case 1 -> List.of();
                        case 2 -> "t" + random.nextInt(4);
                        case 3 -> List.of("t" + random.nextInt(4), random.nextInt(3), List.of("t1"));
                        default -> List.of("t" + random.nextInt(4), "t" + random.nextInt(4));
                    };
                    if (random.nextInt(8) > 0) {
                        document.put("tags", tags);
                    }
                    if (random.nextBoolean()) {
                        document.put("in", new Document("list", List.of(random.nextInt(3), random.nextInt(3))));
                    }
                    documents.add(document);
                }
                collection.putBatch(documents);
                String unwind = "{$unwind: " + UNWINDS.get(random.nextInt(UNWINDS.size())) + "}";
                String group = "{$group: " + GROUPS.get(random.nextInt(GROUPS.size())) + "}";
                String together = "[" + unwind + ", " + group + ", {$sort: {_id: 1}}]";
                String apart = "[" + unwind + ", {$match: {}}, " + group + ", {$sort: {_id: 1}}]";
                assertThat(canonical(collection.aggregate(together).toList())).as(together)
                        .isEqualTo(canonical(collection.aggregate(apart).toList()));
            }
        }
    }

    @Test
    void explainStillShowsBothStages() {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection collection = db.collection("c");
            collection.put(Map.of("tags", List.of("a", "b")));
            Document explain = collection.aggregate("[{$unwind: '$tags'}, {$group: {_id: '$tags'}}]").explain();
            assertThat(explain.getList("stages")).hasSize(3);
            assertThat((Document) explain.getList("stages").get(1)).containsKey("$unwind");
            assertThat((Document) explain.getList("stages").get(2)).containsKey("$group");
        }
    }
}
