package io.tetherdb.update;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tetherdb.document.Document;
import io.tetherdb.error.TetherException;

/**
 * MongoDB's error rules for updates: each invalid update, or update that cannot apply to a
 * document, is an {@link InvalidUpdateException} naming the operator and the path, and the
 * document given is never changed.
 */
class UpdateErrorTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                      | must not be empty
            {$foo: {a: 1}}                          | Unknown update operator '$foo'
            {name: 'x'}                             | has no operators
            {$set: {a: 1}, name: 'x'}               | mixes operators ($set) with plain fields ('name')
            {$set: 1}                               | $set takes a document of fields
            {$set: {a: 1}, $inc: {'a.b': 1}}        | Updating the path 'a.b' would create a conflict at 'a'
            {$set: {a: 1}, $unset: {a: 1}}          | would create a conflict at 'a'
            {$set: {'a.$[]': 1, 'a.0': 2}}          | would create a conflict at 'a.$[]'
            {$rename: {a: 'b'}, $set: {b: 1}}       | would create a conflict at 'b'
            {$inc: {a: 'x'}}                        | Cannot increment with non-numeric argument: $inc on 'a'
            {$mul: {a: true}}                       | Cannot multiply with non-numeric argument: $mul on 'a'
            {$pop: {a: 2}}                          | $pop expects 1 or -1 but $pop on 'a' was given 2
            {$pullAll: {a: 1}}                      | $pullAll requires an array argument but $pullAll on 'a'
            {$rename: {a: 1}}                       | The 'to' field for $rename must be a string
            {$rename: {a: 'a'}}                     | must differ: 'a'
            {$rename: {a: 'a.b'}}                   | must not be on the same path: 'a' and 'a.b'
            {$rename: {'a.$[]': 'b'}}               | may not be dynamic array elements
            {$currentDate: {a: 'now'}}              | $currentDate on 'a' takes true or {$type: 'date'}
            {$currentDate: {a: {$type: 'timestamp'}}} | TetherDB has no timestamp type
            {$push: {a: {$each: 1}}}                | The argument to $each in $push on 'a' must be an array
            {$push: {a: {$each: [1], $slice: 'x'}}} | $push on 'a': $slice must be a whole number
            {$push: {a: {$each: [1], $foo: 1}}}     | Unrecognized clause in $push: $foo
            {$push: {a: {$each: [1], $sort: 2}}}    | $sort takes 1, -1 or a document
            {$addToSet: {a: {$each: [1], x: 1}}}    | found unexpected fields beside $each
            {$set: {'a.$x': 1}}                     | the dollar ($) prefixed field '$x' in 'a.$x' is not valid
            {$set: {'a..b': 1}}                     | $set: Field path 'a..b' has an empty segment
            {$set: {'a.$.b.$': 1}}                  | too many positional (i.e. '$') elements found in path 'a.$.b.$'
            {$set: {'a.$[X]': 1}}                   | the array filter identifier 'X' in path 'a.$[X]' must begin with a lowercase letter
            {$set: {'$[]': 1}}                      | cannot start with a positional operator
            {$pull: {a: {$foo: 1}}}                 | $pull on 'a': invalid condition
            """)
    void refusesInvalidUpdates(String update, String message) {
        assertThatExceptionOfType(InvalidUpdateException.class).isThrownBy(() -> Update.parse(update))
                .withMessageContaining(message);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource(delimiter = '|', textBlock = """
            {_id: 'd', a: 'x'}      | {$inc: {a: 1}}                | Cannot apply $inc to a value of non-numeric type: the document {_id: "d"} has the field 'a' of non-numeric type string
            {_id: 'd', a: [1]}      | {$mul: {'a': 2}}              | non-numeric type array
            {_id: 'd', a: 1}        | {$push: {a: 2}}               | $push: the field 'a' must be an array but is of type int in the document {_id: "d"}
            {_id: 'd', a: 'x'}      | {$addToSet: {a: 2}}           | $addToSet: the field 'a' must be an array but is of type string
            {_id: 'd', a: 1}        | {$pop: {a: 1}}                | $pop: the field 'a' must be an array
            {_id: 'd', a: {b: 1}}   | {$pull: {a: 1}}               | $pull: the field 'a' must be an array but is of type object
            {_id: 'd', a: 1}        | {$set: {'a.b': 1}}            | $set on 'a.b': cannot create field 'b' in element {a: 1}
            {_id: 'd', a: [1, 2]}   | {$set: {'a.x': 1}}            | cannot create field 'x' in element {a: [1,2]}
            {_id: 'd', a: null}     | {$inc: {'a.b.c': 1}}          | cannot create field 'b' in element {a: null}
            {_id: 'd'}              | {$set: {_id: 'e'}}            | Performing an update on the path '_id' would modify the immutable field '_id'
            {_id: 'd'}              | {$unset: {_id: 1}}            | would modify the immutable field '_id'
            {_id: 'd', a: 1}        | {$rename: {a: '_id'}}         | would modify the immutable field '_id'
            {_id: 'd', a: 1}        | {$set: {'a.$[]': 1}}          | Cannot apply array updates to non-array element a: 1
            {_id: 'd'}              | {$inc: {'a.$[]': 1}}          | The path 'a' must exist in the document in order to apply array updates
            {_id: 'd', a: [{b: 1}]} | {$rename: {'a.b': 'c'}}       | $rename: the source field cannot be an array element
            {_id: 'd', a: 1, c: [1]} | {$rename: {'a': 'c.d'}}      | $rename: the destination field cannot be an array element
            {_id: 'd', a: {$numberDecimal: '1E+10'}} | {$mul: {a: {$numberDecimal: '9E+6111'}}} | Failed to apply $mul to the current value
            """)
    void refusesUpdatesThatDoNotApply(String document, String update, String message) {
        Document before = Document.parse(document);
        String json = before.toJson();
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> Update.parse(update).apply(before, null, UpdateOptions.defaults(), Instant.EPOCH))
                .withMessageContaining(message);
        org.assertj.core.api.Assertions.assertThat(before.toJson()).isEqualTo(json);
    }

    @Test
    void arrayFiltersMustFitTheUpdate() {
        Update update = Update.parse("{$set: {'a.$[x]': 1}}");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> update.checkArrayFilters(UpdateOptions.defaults()))
                .withMessageContaining("No array filter found for identifier 'x'");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> update.checkArrayFilters(UpdateOptions.defaults().arrayFilters("{x: 1}", "{y: 2}")))
                .withMessageContaining("The array filter for identifier 'y' was not used");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> UpdateOptions.defaults().arrayFilters("{x: 1, y: 2}"))
                .withMessageContaining("expected a single top-level field name");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> UpdateOptions.defaults().arrayFilters("{x: 1}", "{'x.b': 2}"))
                .withMessageContaining("multiple array filters with the same top-level field name 'x'");
    }

    @Test
    void malformedTextAndReplacementsAreRefused() {
        assertThatExceptionOfType(InvalidUpdateException.class).isThrownBy(() -> Update.parse("{$set: {a: }"))
                .withMessageContaining("Malformed update");
        assertThatExceptionOfType(InvalidUpdateException.class)
                .isThrownBy(() -> Update.checkReplacement(Map.of("$set", Map.of("a", 1))))
                .withMessageContaining("must not contain update operators");
        assertThatExceptionOfType(TetherException.class)
                .isThrownBy(() -> Updates.combine(Updates.set("a", 1), Updates.set("a", 2)))
                .withMessageContaining("'a'");
    }
}
