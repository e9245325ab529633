package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.TetherException;
import io.tetherdb.query.Filters;
import io.tetherdb.update.FindAndModifyOptions;
import io.tetherdb.update.InvalidUpdateException;
import io.tetherdb.update.Update;
import io.tetherdb.update.UpdateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Updates that reach only top-level fields re-encode just those fields: the stored documents must
 * be exactly (field order included) what updating the whole decoded document gives, which
 * {@code findOneAndUpdate} still does, for every kind of value, compressed records and records
 * with an expiry time, and errors must be the same.
 */
class FieldUpdateWriteTests {

    private static final List<String> DOCUMENTS = List.of(
            "{n: 1, s: 'text', d: 2.5, arr: [1, 2, {x: 1}], sub: {a: 1, b: [true, null]}, flag: false}",
            "{n: 2147483647, big: 9007199254740993, s: 'ünïcødé ✓', nothing: null, arr: []}",
            "{}",
            "{when: 'noon', dec: {$numberDecimal: '1.10'}, n: -5, list: ['b', 'a']}");

    private static final List<String> UPDATES = List.of(
            "{$inc: {n: 1}}", "{$inc: {visits: 1}}", "{$inc: {n: 1, visits: 2, d: 0.5}}", "{$inc: {n: 2147483647}}",
            "{$inc: {dec: 1}}", "{$set: {s: 'other', added: {deep: [1, 2]}}}", "{$set: {n: 1}}",
            "{$set: {'sub.a': 5, 'sub.c.d': 1}}", "{$set: {'fresh.x': 1}}", "{$set: {'arr.1': 7}}",
            "{$unset: {s: '', missing: ''}}", "{$unset: {n: 1}, $set: {z: 1, a: 2}}", "{$push: {arr: 9}}",
            "{$push: {list: {$each: ['c'], $sort: 1}}}", "{$addToSet: {arr: 1}}", "{$pull: {arr: {x: 1}}}",
            "{$pop: {arr: 1}}", "{$min: {n: 0}}", "{$max: {n: 0, newMax: 3}}", "{$mul: {n: 3, m: 2}}",
            "{$currentDate: {seen: true}}", "{$setOnInsert: {ignored: 1}, $set: {t: 'x'}}",
            "{$pullAll: {arr: [1, 2]}}", "{$inc: {s: 1}}", "{$set: {'n.x': 1}}", "{$push: {s: 1}}",
            "{$inc: {big: 9223372036854775807}}", "{$inc: {'arr.2.x': 1}}");

    private TetherDB db;

    @BeforeEach
    void open() {
        // compression from 32 bytes, so that most records here are stored compressed
        db = TetherDB.builder().compressMinSize(32).cleanupInterval(Duration.ZERO).open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void topLevelUpdatesStoreWhatUpdatingTheWholeDocumentGives() {
        TetherCollection fast = db.collection("fast");
        TetherCollection whole = db.collection("whole");
        int compared = 0;
        for (int d = 0; d < DOCUMENTS.size(); d++) {
            for (String updateText : UPDATES) {
                String id = d + " " + updateText;
                Map<String, Object> document = Json.parseDocument(DOCUMENTS.get(d));
                document.put("_id", id);
                PutOptions options = d % 2 == 0 ? PutOptions.defaults() : PutOptions.defaults().ttl(Duration.ofDays(1));
                fast.put(document, options);
                whole.put(document, options);
                Update update = Update.parse(updateText);
                String fastOutcome = outcome(() -> fast.updateOne(Filters.eq("_id", id), update));
                String wholeOutcome = outcome(() -> whole.findOneAndUpdate(Filters.eq("_id", id), update,
                        FindAndModifyOptions.defaults()));
                assertThat(fastOutcome).as("outcome of %s", id).isEqualTo(wholeOutcome);
                Document fastDocument = fast.get(id).orElseThrow();
                Document wholeDocument = whole.get(id).orElseThrow();
                if (updateText.contains("$currentDate")) {
                    assertThat(fastDocument.keySet()).containsExactlyElementsOf(wholeDocument.keySet());
                    continue;
                }
                assertThat(fastDocument.toJson()).as(id).isEqualTo(wholeDocument.toJson());
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(100);
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void theNumberOfChangedDocumentsCountsOnlyRealChanges() {
        TetherCollection items = db.collection("items");
        items.put(Json.parseDocument("{_id: 'a', n: 1, s: 'x'}"));
        assertThat(items.updateOne("{_id: 'a'}", "{$set: {n: 1}}").modifiedCount()).isZero();
        assertThat(items.updateOne("{_id: 'a'}", "{$unset: {missing: 1}}").modifiedCount()).isZero();
        assertThat(items.updateMany("{s: 'x'}", "{$set: {n: 2}}").modifiedCount()).isOne();
        assertThat(items.get("a").orElseThrow().toJson()).isEqualTo("{\"_id\":\"a\",\"n\":2,\"s\":\"x\"}");
    }

    @Test
    void anUpdateThatDoesNotApplyFailsAsOnTheWholeDocumentAndChangesNothing() {
        TetherCollection items = db.collection("items");
        items.put(Json.parseDocument("{_id: 'a', n: 'text', m: 1}"));
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> items.updateOne("{_id: 'a'}", "{$inc: {m: 1, n: 1}}"))
                .withMessageContaining("n");
        assertThat(items.get("a").orElseThrow().toJson()).isEqualTo("{\"_id\":\"a\",\"n\":\"text\",\"m\":1}");
    }

    @Test
    void anUpdateThatMakesTheDocumentTooLargeIsRefusedAndChangesNothing() {
        try (TetherDB small = TetherDB.builder().maxDocumentSize(100).open()) {
            TetherCollection items = small.collection("items");
            items.put(Json.parseDocument("{_id: 'a', s: 'short'}"));
            assertThatExceptionOfType(DocumentTooLargeException.class)
                    .isThrownBy(() -> items.updateOne("{_id: 'a'}", "{$set: {s: '" + "x".repeat(200) + "'}}"))
                    .withMessageContaining("a");
            assertThat(items.get("a").orElseThrow().toJson()).isEqualTo("{\"_id\":\"a\",\"s\":\"short\"}");
        }
    }

    @Test
    void indexesFollowTopLevelUpdates() {
        TetherCollection items = db.collection("items");
        items.createIndex("{n: 1}");
        items.put(Json.parseDocument("{_id: 'a', n: 1, s: 'x'}"));
        items.updateOne("{_id: 'a'}", "{$inc: {n: 10}, $set: {s: 'y'}}");
        assertThat(items.find("{n: 11}").toList()).extracting(Document::getId).containsExactly("a");
        assertThat(items.find("{n: 1}").toList()).isEmpty();
        assertThat(db.verify().isClean()).isTrue();
    }

    private static String outcome(java.util.function.Supplier<Object> write) {
        try {
            write.get();
            return "ok";
        } catch (TetherException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
