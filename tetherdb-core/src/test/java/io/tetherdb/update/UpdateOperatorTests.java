package io.tetherdb.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;

/**
 * Table tests of every update operator, most taken from the examples of MongoDB's manual: each row
 * is a document, an update and the document MongoDB leaves, compared as JSON so that field order
 * counts.
 */
class UpdateOperatorTests {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    static Document apply(String document, String update) {
        return apply(document, update, UpdateOptions.defaults(), null);
    }

    static Document apply(String document, String update, UpdateOptions options, String query) {
        Document before = Document.parse(document);
        Document after = Update.parse(update).apply(before, query == null ? null : Filter.parse(query), options, NOW);
        return after == null ? before : after;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # $set (manual: products examples)
            {_id: 'p', quantity: 250, details: {model: '14QQ', make: 'Fashionaires'}} | {$set: {quantity: 500, 'details.make': 'Kustom Kidz', tags: ['coats']}} | {"_id":"p","quantity":500,"details":{"model":"14QQ","make":"Kustom Kidz"},"tags":["coats"]}
            {_id: 'p', ratings: [{by: 'Ira', rating: 3}, {by: 'Jo', rating: 5}]} | {$set: {'ratings.0.rating': 2}} | {"_id":"p","ratings":[{"by":"Ira","rating":2},{"by":"Jo","rating":5}]}
            {a: 1} | {$set: {'b.c.d': 2}} | {"a":1,"b":{"c":{"d":2}}}
            {a: [1, 2]} | {$set: {'a.4': 5}} | {"a":[1,2,null,null,5]}
            {a: [1]} | {$set: {'a.2.b': 1}} | {"a":[1,null,{"b":1}]}
            {a: {}} | {$set: {'a.0': 1}} | {"a":{"0":1}}
            {} | {$set: {z: 1, b: 2, a: 3, '10': 4, '9': 5}} | {"9":5,"10":4,"a":3,"b":2,"z":1}
            # $unset
            {_id: 'x', quantity: 1, instock: true, sku: 's'} | {$unset: {quantity: '', instock: ''}} | {"_id":"x","sku":"s"}
            {a: [1, 2, 3]} | {$unset: {'a.1': ''}} | {"a":[1,null,3]}
            {a: {b: 1}} | {$unset: {'a.c': '', 'x.y': 1}} | {"a":{"b":1}}
            {a: 5} | {$unset: {'a.b': 1}} | {"a":5}
            # $inc (manual: products)
            {_id: 1, sku: 'abc123', quantity: 10, metrics: {orders: 2, ratings: 3.5}} | {$inc: {quantity: -2, 'metrics.orders': 1}} | {"_id":1,"sku":"abc123","quantity":8,"metrics":{"orders":3,"ratings":3.5}}
            {a: 1} | {$inc: {b: 5}} | {"a":1,"b":5}
            {a: 1} | {$inc: {a: 0.5}} | {"a":1.5}
            # $mul
            {_id: 1, item: 'Hats', price: {$numberDecimal: '10.99'}, quantity: 25} | {$mul: {price: {$numberDecimal: '1.25'}, quantity: 2}} | {"_id":1,"item":"Hats","price":{"$numberDecimal":"13.7375"},"quantity":50}
            {_id: 2, item: 'Unknown'} | {$mul: {price: 100}} | {"_id":2,"item":"Unknown","price":0}
            {a: 2} | {$mul: {a: 1.5}} | {"a":3.0}
            # $min / $max (manual: scores)
            {_id: 1, highScore: 800, lowScore: 200} | {$min: {lowScore: 150}} | {"_id":1,"highScore":800,"lowScore":150}
            {_id: 1, highScore: 800, lowScore: 200} | {$min: {lowScore: 250}} | {"_id":1,"highScore":800,"lowScore":200}
            {_id: 1, highScore: 800, lowScore: 200} | {$max: {highScore: 950}} | {"_id":1,"highScore":950,"lowScore":200}
            {_id: 1, highScore: 950, lowScore: 200} | {$max: {highScore: 870}} | {"_id":1,"highScore":950,"lowScore":200}
            {a: 'x'} | {$max: {a: 1}} | {"a":"x"}
            {a: 'x'} | {$min: {a: 1}} | {"a":1}
            {} | {$max: {a: 1}} | {"a":1}
            # $rename (manual: students)
            {_id: 1, alias: ['The American Cincinnatus'], mobile: '555', nmae: {first: 'george', last: 'washington'}} | {$rename: {nmae: 'name'}} | {"_id":1,"alias":["The American Cincinnatus"],"mobile":"555","name":{"first":"george","last":"washington"}}
            {_id: 1, name: {first: 'george', last: 'washington'}} | {$rename: {'name.first': 'name.fname'}} | {"_id":1,"name":{"last":"washington","fname":"george"}}
            {_id: 1, name: 'x'} | {$rename: {wife: 'spouse'}} | {"_id":1,"name":"x"}
            {_id: 1, a: 1, b: 2} | {$rename: {a: 'b'}} | {"_id":1,"b":1}
            {_id: 1, a: 1} | {$rename: {a: 'x.y'}} | {"_id":1,"x":{"y":1}}
            # $setOnInsert does nothing on an update
            {_id: 1, a: 1} | {$setOnInsert: {b: 2}, $set: {a: 2}} | {"_id":1,"a":2}
            # $push (manual: students)
            {_id: 1, scores: [44, 78, 38, 80]} | {$push: {scores: 89}} | {"_id":1,"scores":[44,78,38,80,89]}
            {_id: 1, scores: [44]} | {$push: {scores: {$each: [90, 92, 85]}}} | {"_id":1,"scores":[44,90,92,85]}
            {_id: 5, quizzes: [{wk: 1, score: 10}, {wk: 2, score: 8}, {wk: 3, score: 5}, {wk: 4, score: 6}]} | {$push: {quizzes: {$each: [{wk: 5, score: 8}, {wk: 6, score: 7}, {wk: 7, score: 6}], $sort: {score: -1}, $slice: 3}}} | {"_id":5,"quizzes":[{"wk":1,"score":10},{"wk":2,"score":8},{"wk":5,"score":8}]}
            {_id: 1, scores: [100]} | {$push: {scores: {$each: [50, 60, 70], $position: 0}}} | {"_id":1,"scores":[50,60,70,100]}
            {_id: 1, scores: [100, 20]} | {$push: {scores: {$each: [50], $position: -1}}} | {"_id":1,"scores":[100,50,20]}
            {_id: 1, scores: [40, 50, 60]} | {$push: {scores: {$each: [80, 78, 86], $slice: -5}}} | {"_id":1,"scores":[50,60,80,78,86]}
            {_id: 1, scores: [89, 90]} | {$push: {scores: {$each: [100, 20], $slice: 3}}} | {"_id":1,"scores":[89,90,100]}
            {_id: 1, scores: [89, 70, 89]} | {$push: {scores: {$each: [], $slice: 0}}} | {"_id":1,"scores":[]}
            {_id: 2, tests: [89, 70, 89, 50]} | {$push: {tests: {$each: [40, 60], $sort: 1}}} | {"_id":2,"tests":[40,50,60,70,89,89]}
            {_id: 3, tests: [89, 70, 100, 20]} | {$push: {tests: {$each: [], $sort: -1}}} | {"_id":3,"tests":[100,89,70,20]}
            {_id: 1} | {$push: {scores: 1}} | {"_id":1,"scores":[1]}
            # $addToSet (manual: inventory)
            {_id: 1, item: 'polarizing_filter', tags: ['electronics', 'camera']} | {$addToSet: {tags: 'accessories'}} | {"_id":1,"item":"polarizing_filter","tags":["electronics","camera","accessories"]}
            {_id: 1, tags: ['electronics', 'camera', 'accessories']} | {$addToSet: {tags: 'camera'}} | {"_id":1,"tags":["electronics","camera","accessories"]}
            {_id: 2, item: 'cable', tags: ['electronics', 'supplies']} | {$addToSet: {tags: {$each: ['camera', 'electronics', 'accessories']}}} | {"_id":2,"item":"cable","tags":["electronics","supplies","camera","accessories"]}
            {_id: 1, letters: ['a', 'b']} | {$addToSet: {letters: ['c', 'd']}} | {"_id":1,"letters":["a","b",["c","d"]]}
            {_id: 1, a: [1]} | {$addToSet: {a: 1.0}} | {"_id":1,"a":[1]}
            # $pop (manual: students)
            {_id: 1, scores: [8, 9, 10]} | {$pop: {scores: -1}} | {"_id":1,"scores":[9,10]}
            {_id: 10, scores: [9, 10]} | {$pop: {scores: 1}} | {"_id":10,"scores":[9]}
            {_id: 1} | {$pop: {scores: 1}} | {"_id":1}
            # $pull (manual: stores, profiles, survey)
            {_id: 1, fruits: ['apples', 'pears', 'oranges', 'grapes', 'bananas'], vegetables: ['carrots', 'celery', 'squash', 'carrots']} | {$pull: {fruits: {$in: ['apples', 'oranges']}, vegetables: 'carrots'}} | {"_id":1,"fruits":["pears","grapes","bananas"],"vegetables":["celery","squash"]}
            {_id: 1, votes: [3, 5, 6, 7, 7, 8]} | {$pull: {votes: {$gte: 6}}} | {"_id":1,"votes":[3,5]}
            {_id: 1, results: [{item: 'A', score: 5}, {item: 'B', score: 8}]} | {$pull: {results: {score: 8, item: 'B'}}} | {"_id":1,"results":[{"item":"A","score":5}]}
            {_id: 2, results: [{item: 'C', score: 8, comment: 'Strongly agree'}, {item: 'B', score: 4}]} | {$pull: {results: {item: 'C', score: 8}}} | {"_id":2,"results":[{"item":"B","score":4}]}
            {_id: 1, results: [{answers: [{q: 1, a: 4}, {q: 2, a: 6}]}, {answers: [{q: 1, a: 8}]}]} | {$pull: {results: {answers: {$elemMatch: {q: 2, a: {$gte: 8}}}}}} | {"_id":1,"results":[{"answers":[{"q":1,"a":4},{"q":2,"a":6}]},{"answers":[{"q":1,"a":8}]}]}
            {_id: 1, a: [1, 2.0, '2', 3]} | {$pull: {a: 2}} | {"_id":1,"a":[1,"2",3]}
            # $pullAll (manual: survey)
            {_id: 1, scores: [0, 2, 5, 5, 1, 0]} | {$pullAll: {scores: [0, 5]}} | {"_id":1,"scores":[2,1]}
            # positional $[] and $[ident] (manual: students, grades)
            {_id: 1, grades: [85, 82, 80]} | {$inc: {'grades.$[]': 10}} | {"_id":1,"grades":[95,92,90]}
            {_id: 3, grades: [{grade: 80, mean: 75, std: 8}, {grade: 85, mean: 90, std: 6}]} | {$inc: {'grades.$[].std': -2}} | {"_id":3,"grades":[{"grade":80,"mean":75,"std":6},{"grade":85,"mean":90,"std":4}]}
            {_id: 1, a: []} | {$set: {'a.$[]': 1}} | {"_id":1,"a":[]}
            """, commentCharacter = '#')
    void appliesAsMongoDbDocuments(String document, String update, String expected) {
        assertThat(apply(document, update).toJson()).isEqualTo(Document.parse(expected).toJson());
    }

    @Test
    void filteredPositionalUsesArrayFilters() {
        UpdateOptions options = UpdateOptions.defaults().arrayFilters(List.of(Map.of("element", Map.of("$gte", 100))));
        assertThat(apply("{_id: 1, grades: [95, 92, 90]}", "{$set: {'grades.$[element]': 100}}", options, null).toJson())
                .isEqualTo("{\"_id\":1,\"grades\":[95,92,90]}");
        assertThat(apply("{_id: 3, grades: [95, 110, 100]}", "{$set: {'grades.$[element]': 100}}", options, null)
                .toJson()).isEqualTo("{\"_id\":3,\"grades\":[95,100,100]}");
        UpdateOptions byField = UpdateOptions.defaults().arrayFilters("{'elem.grade': {$gte: 85}}");
        assertThat(apply("{_id: 1, grades: [{grade: 80, mean: 75}, {grade: 85, mean: 90}, {grade: 85, mean: 85}]}",
                "{$set: {'grades.$[elem].mean': 100}}", byField, null).toJson())
                .isEqualTo("{\"_id\":1,\"grades\":[{\"grade\":80,\"mean\":75},{\"grade\":85,\"mean\":100},"
                        + "{\"grade\":85,\"mean\":100}]}");
        UpdateOptions nested = UpdateOptions.defaults().arrayFilters("{'t.type': 'quiz'}", "{'score': {$gte: 8}}");
        assertThat(apply("{_id: 1, results: [{type: 'quiz', questions: [10, 8, 9]}, {type: 'exam', questions: [9, 8]}]}",
                "{$inc: {'results.$[t].questions.$[score]': 2}}", nested, null).toJson())
                .isEqualTo("{\"_id\":1,\"results\":[{\"type\":\"quiz\",\"questions\":[12,10,11]},"
                        + "{\"type\":\"exam\",\"questions\":[9,8]}]}");
    }

    @Test
    void positionalUpdatesTheElementTheQueryMatched() {
        assertThat(apply("{_id: 1, grades: [85, 80, 80]}", "{$set: {'grades.$': 82}}", UpdateOptions.defaults(),
                "{_id: 1, grades: 80}").toJson()).isEqualTo("{\"_id\":1,\"grades\":[85,82,80]}");
        assertThat(apply("{_id: 4, grades: [{grade: 80, mean: 75}, {grade: 85, mean: 90}]}",
                "{$set: {'grades.$.std': 6}}", UpdateOptions.defaults(), "{'grades.grade': 85}").toJson())
                .isEqualTo("{\"_id\":4,\"grades\":[{\"grade\":80,\"mean\":75},{\"grade\":85,\"mean\":90,\"std\":6}]}");
        assertThat(apply("{_id: 5, grades: [{grade: 80, mean: 75, std: 8}, {grade: 85, mean: 90, std: 5},"
                + " {grade: 90, mean: 85, std: 3}]}", "{$inc: {'grades.$.std': -1}}", UpdateOptions.defaults(),
                "{grades: {$elemMatch: {grade: {$lte: 90}, mean: {$gt: 80}}}}").toJson())
                .contains("{\"grade\":85,\"mean\":90,\"std\":4}");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> apply("{a: [1, 2]}", "{$set: {'a.$': 5}}", UpdateOptions.defaults(), "{b: 1}"))
                .withMessageContaining("positional operator did not find the match needed from the query");
    }

    @Test
    void arithmeticPromotesAsMongoDb() {
        assertThat(apply("{a: 2147483647}", "{$inc: {a: 1}}").get("a")).isEqualTo(2147483648L);
        assertThat(apply("{a: 5}", "{$inc: {a: 1}}").get("a")).isEqualTo(6);
        assertThat(apply("{a: 5}", "{$inc: {a: 9000000000}}").get("a")).isEqualTo(9000000005L);
        assertThat(apply("{a: 5}", "{$mul: {a: 1000000000}}").get("a")).isEqualTo(5000000000L);
        assertThat(apply("{a: 5}", "{$inc: {a: 1.5}}").get("a")).isEqualTo(6.5d);
        assertThat(apply("{a: 0.1}", "{$inc: {a: {$numberDecimal: '0.1'}}}").get("a"))
                .isEqualTo(new BigDecimal("0.200000000000000"));
        assertThat(apply("{a: {$numberDecimal: '1.10'}}", "{$inc: {a: 2}}").get("a")).isEqualTo(new BigDecimal("3.10"));
        assertThat(apply("{}", "{$mul: {a: 2.5}}").get("a")).isEqualTo(0.0d);
        assertThat(apply("{}", "{$mul: {a: 2}}").get("a")).isEqualTo(0);
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> apply("{_id: 'x', a: 9223372036854775807}", "{$inc: {a: 1}}"))
                .withMessageContaining("$inc").withMessageContaining("'a'").withMessageContaining("overflows");
    }

    @Test
    void currentDateUsesTheGivenClock() {
        assertThat(apply("{a: 1}", "{$currentDate: {last: true, 'x.when': {$type: 'date'}}}").toJson())
                .isEqualTo(new Document("a", 1).append("last", NOW).append("x", new Document("when", NOW)).toJson());
    }

    @Test
    void reportsNoChangeWhenTheDocumentStaysTheSame() {
        Document document = Document.parse("{_id: 'x', a: 1, b: [1, 2], c: {d: 1}}");
        assertThat(Update.parse("{$set: {a: 1}, $addToSet: {b: 2}, $min: {'c.d': 5}}")
                .apply(document, null, UpdateOptions.defaults(), NOW)).isNull();
        assertThat(Update.parse("{$set: {a: 1.0}}").apply(document, null, UpdateOptions.defaults(), NOW)).isNotNull();
        assertThat(Update.parse("{$unset: {zz: 1}, $pop: {none: 1}, $pull: {b: 7}}").apply(document, null, UpdateOptions.defaults(),
                NOW)).isNull();
        assertThat(document.toJson()).isEqualTo("{\"_id\":\"x\",\"a\":1,\"b\":[1,2],\"c\":{\"d\":1}}");
    }

    @Test
    void upsertBuildsTheDocumentFromTheFilterEqualities() {
        Update update = Update.parse("{$set: {status: 'new'}, $setOnInsert: {created: 1}, $inc: {n: 1}}");
        Document inserted = update.applyToInsert(Filter.parse("{_id: 'k', 'a.b': 5, c: {$eq: 'x'}, d: {$gt: 3},"
                + " $and: [{e: true}]}"), UpdateOptions.defaults(), NOW);
        assertThat(inserted.toJson()).isEqualTo(
                "{\"_id\":\"k\",\"a\":{\"b\":5},\"c\":\"x\",\"e\":true,\"created\":1,\"n\":1,\"status\":\"new\"}");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> Update.parse("{$set: {_id: 'other'}}").applyToInsert(Filter.parse("{_id: 'k'}"),
                        UpdateOptions.defaults(), NOW))
                .withMessageContaining("immutable field '_id'");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> update.applyToInsert(Filter.parse("{a: 1, 'a.b': 2}"), UpdateOptions.defaults(), NOW))
                .withMessageContaining("'a'").withMessageContaining("'a.b'");
    }
}
