package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tetherdb.document.Document;

/**
 * Table of (filter, document, expected) cases for paths that meet arrays, above all array-index
 * paths ({@code tags.0}, {@code a.0.b}), and for object {@code $elemMatch} over elements that are
 * arrays.
 *
 * <p>The reference is MongoDB's matcher (its path iterator, {@code BSONElementIterator}, which
 * every query operator reads values through; its {@code match_numeric_components} and
 * {@code null_query_semantics} tests pin the results down). Following a path yields a sequence of
 * values, some of which may be "missing"; a positive operator matches when one of them satisfies
 * it ({@code $eq: null}, {@code $lte: null}, {@code $gte: null} and {@code $in: [null]} are
 * satisfied by a missing one), and {@code $ne}, {@code $nin}, {@code $not} and
 * {@code $exists: false} are the negation of the whole positive condition. The path yields:
 * <ol>
 * <li>Through documents, the field's value; a missing field, or a scalar (null included) with
 * segments still to follow, yields "missing": {@code {'a.b': null}} matches {@code {a: 4}}.</li>
 * <li>An array at the end of the path yields itself and each of its elements (one level).</li>
 * <li>An array with segments still to follow yields nothing of its own. Each element that is a
 * document is walked with the rest of the path, the next segment taken as a field name (even
 * {@code 0}), and may yield "missing". If the next segment is a canonical position ({@code 0},
 * {@code 1}, never {@code 01}) and the array has that element, the element is also selected: at
 * the end of the path it is yielded <em>whole</em> (an array there is not expanded:
 * {@code {'a.0': 42}} does not match {@code {a: [[42]]}}); a document is walked with the segments
 * after the position; an array is treated as in this rule with those segments; a scalar yields
 * nothing. Every other element yields nothing: neither a value nor "missing".</li>
 * </ol>
 * Hence {@code {'tags.0': null}} matches {@code {}} and {@code {tags: [null]}} but not
 * {@code {tags: []}}, where walking yields nothing at all (so {@code $ne: null} and
 * {@code $exists: false} do match it); {@code {'a.x': null}} does not match {@code {a: [1]}}; and,
 * less obviously, {@code {'a.0': null}} matches {@code {a: [{x: 1}]}}, because the element
 * document {@code {x: 1}} has no field "0", just as {@code {'a.x': null}} matches
 * {@code {a: [{y: 1}]}}. An object {@code $elemMatch} applies its filter to each element that is
 * a document or an array, an array being the document of its elements under the names "0", "1",
 * ..., as BSON stores it.
 */
class ArrayPathTests {

    static Stream<Arguments> indexPaths() {
        return Stream.of(
                // a position beyond the end yields nothing: not null, not missing
                row("{'tags.0': {$lte: null}}", "{tags: []}", false),
                row("{'tags.0': {$lte: null}}", "{}", true),
                row("{'tags.0': {$lte: null}}", "{tags: [null]}", true),
                row("{'tags.0': {$lte: null}}", "{tags: [1]}", false),
                row("{'tags.0': {$gte: null}}", "{tags: []}", false),
                row("{'tags.0': null}", "{tags: []}", false),
                row("{'tags.0': {$eq: null}}", "{tags: []}", false),
                row("{'tags.0': null}", "{tags: null}", true),
                row("{'tags.0': null}", "{tags: 'x'}", true),
                row("{'tags.0': {$in: [null, 1]}}", "{tags: []}", false),
                row("{'tags.0': {$in: [null, 1]}}", "{tags: [1]}", true),
                row("{'tags.0': {$ne: null}}", "{tags: []}", true),
                row("{'tags.0': {$ne: null}}", "{tags: [null]}", false),
                row("{'tags.0': {$ne: null}}", "{}", false),
                row("{'tags.0': {$not: {$eq: null}}}", "{tags: []}", true),
                row("{'tags.0': {$not: {$lte: null}}}", "{tags: []}", true),
                row("{'tags.0': {$nin: [null]}}", "{tags: []}", true),
                row("{'tags.0': {$nin: [null, 1]}}", "{tags: [1]}", false),
                row("{'tags.0': {$exists: true}}", "{tags: []}", false),
                row("{'tags.0': {$exists: false}}", "{tags: []}", true),
                row("{'tags.0': {$exists: true}}", "{tags: [null]}", true),
                row("{'tags.0': {$exists: false}}", "{tags: 5}", true),
                row("{'tags.0': {$type: 'null'}}", "{tags: []}", false),
                row("{'tags.0': {$type: 'null'}}", "{tags: [null]}", true),
                row("{'tags.0': {$not: {$type: 'null'}}}", "{tags: []}", true),
                row("{'a.1': null}", "{a: [5]}", false),
                row("{'a.1': {$exists: false}}", "{a: [5]}", true),
                row("{'a.1': {$ne: null}}", "{a: [5]}", true),
                row("{'a.1': {$nin: [null, 5]}}", "{a: [5]}", true),
                row("{'a.0': 5}", "{a: [5]}", true),
                // a position at the end selects the element whole: an array there is not expanded
                row("{'a.0': null}", "{a: [[]]}", false),
                row("{'a.0': {$exists: true}}", "{a: [[]]}", true),
                row("{'a.0': []}", "{a: [[]]}", true),
                row("{'a.0': {$size: 0}}", "{a: [[]]}", true),
                row("{'a.0': {$type: 'array'}}", "{a: [[]]}", true),
                row("{'a.0': 42}", "{a: [[42]]}", false),
                row("{'a.0': {$gt: 41}}", "{a: [[42]]}", false),
                row("{'a.0': {$type: 'number'}}", "{a: [[42]]}", false),
                row("{'a.0': [42]}", "{a: [[42]]}", true),
                row("{'a.0': {$ne: 42}}", "{a: [[42]]}", true),
                row("{'a.0': {$elemMatch: {$eq: 42}}}", "{a: [[42]]}", true),
                // a position followed by more segments
                row("{'a.0.0': 42}", "{a: [[42]]}", true),
                row("{'a.0.0': null}", "{a: [[]]}", false),
                row("{'a.0.0': {$exists: false}}", "{a: [[]]}", true),
                row("{'a.0.0': 42}", "{a: [[[42]]]}", false),
                row("{'a.0.b': null}", "{a: []}", false),
                row("{'a.0.b': {$exists: false}}", "{a: []}", true),
                row("{'a.0.b': null}", "{a: [{}]}", true),
                row("{'a.0.b': 1}", "{a: [{b: 1}]}", true),
                row("{'a.0.b': 1}", "{a: [{x: 0}, {b: 1}]}", false),
                row("{'a.0.b': 1}", "{a: [[{b: 1}]]}", true),
                row("{'a.0.b': null}", "{a: [5]}", false),
                row("{'a.0.b': {$exists: false}}", "{a: [5]}", true),
                row("{'a.0.b': null}", "{a: [[5]]}", false),
                row("{'a.0.b': null}", "{a: [[]]}", false),
                // ... where "0" is also looked up as a field of every element document, missing in {b: 1}
                row("{'a.0.b': null}", "{a: [{b: 1}]}", true),
                row("{'a.0.b': {$ne: null}}", "{a: [{b: 1}]}", false),
                row("{'a.0.b': {$exists: true}}", "{a: [{b: 1}]}", true),
                // a digit segment is also a field name of element documents
                row("{'a.0': 5}", "{a: [{'0': 5}]}", true),
                row("{'a.0': 5}", "{a: [{x: 1}, {'0': 5}]}", true),
                row("{'a.1': 5}", "{a: [{'1': 5}]}", true),
                row("{'a.0': {x: 1}}", "{a: [{x: 1}]}", true),
                row("{'a.0': null}", "{a: [{x: 1}]}", true),
                row("{'a.0': {$exists: false}}", "{a: [{x: 1}]}", false),
                row("{'a.0': 42}", "{a: [{'0': [42]}]}", true),
                row("{'a.0': 42}", "{a: {'0': [42]}}", true),
                row("{'a.0': 42}", "{a: {'0': [[42]]}}", false),
                row("{'a.0.0': 42}", "{a: [{'0': 42}]}", true),
                // only the canonical form of a number is a position
                row("{'a.00': 5}", "{a: [5]}", false),
                row("{'a.00': 5}", "{a: [{'00': 5}]}", true),
                row("{'a.01': null}", "{a: [5, 6]}", false),
                row("{'a.01': {$exists: false}}", "{a: [5, 6]}", true),
                row("{'a.00': 5}", "{a: {'00': 5}}", true),
                // a named segment finds nothing in an element that is not a document
                row("{'a.x': null}", "{a: []}", false),
                row("{'a.x': null}", "{a: [1]}", false),
                row("{'a.x': null}", "{a: [1, {}]}", true),
                row("{'a.x': null}", "{a: [[{x: 1}]]}", false),
                row("{'a.x': null}", "{a: [[{}]]}", false),
                row("{'a.x': {$in: [null]}}", "{a: [5, {x: 5}]}", false),
                row("{'a.x': {$ne: null}}", "{a: [1]}", true),
                row("{'a.x': {$nin: [null, 1]}}", "{a: ['s', null]}", true),
                row("{'a.x': {$exists: false}}", "{a: [1]}", true),
                row("{'a.x': {$exists: true}}", "{a: [1, {x: null}]}", true),
                row("{'a.x': null}", "{a: 4}", true),
                row("{'a.x': null}", "{a: null}", true));
    }

    static Stream<Arguments> elemMatch() {
        return Stream.of(
                // an empty filter matches every element that is a document or an array
                row("{a: {$elemMatch: {}}}", "{a: [[]]}", true),
                row("{a: {$elemMatch: {}}}", "{a: [{}]}", true),
                row("{a: {$elemMatch: {}}}", "{a: [[1]]}", true),
                row("{a: {$elemMatch: {}}}", "{a: [1, []]}", true),
                row("{a: {$elemMatch: {}}}", "{a: [1, 'x', null]}", false),
                row("{a: {$elemMatch: {}}}", "{a: []}", false),
                row("{a: {$elemMatch: {}}}", "{a: {}}", false),
                // an array element is the document of its elements under "0", "1", ...
                row("{a: {$elemMatch: {b: {$exists: false}}}}", "{a: [[123]]}", true),
                row("{a: {$elemMatch: {b: {$exists: false}}}}", "{a: [123]}", false),
                row("{a: {$elemMatch: {'0': 123}}}", "{a: [[123]]}", true),
                row("{a: {$elemMatch: {'0': 123}}}", "{a: [123]}", false),
                row("{a: {$elemMatch: {'0': 123}}}", "{a: [[1, 123]]}", false),
                row("{a: {$elemMatch: {'1': 123}}}", "{a: [[1, 123]]}", true),
                row("{a: {$elemMatch: {'01': 123}}}", "{a: [[1, 123]]}", false),
                row("{a: {$elemMatch: {'0': {$exists: true}, '1': {$exists: false}}}}", "{a: [[1, 2], [3]]}", true),
                row("{a: {$elemMatch: {'0': {$exists: true}, '1': {$exists: false}}}}", "{a: [[1, 2]]}", false),
                row("{a: {$elemMatch: {b: {$ne: [123]}}}}", "{a: [[123]]}", true),
                row("{a: {$elemMatch: {b: {$ne: [123]}}}}", "{a: [123]}", false),
                row("{a: {$elemMatch: {$or: [{}, {}]}}}", "{a: [[123]]}", true),
                row("{a: {$elemMatch: {$or: [{}, {}]}}}", "{a: [123]}", false),
                row("{a: {$elemMatch: {$and: [{'0': 1}, {'1': 2}]}}}", "{a: [[1, 2]]}", true),
                row("{a: {$elemMatch: {b: null}}}", "{a: [[]]}", true),
                row("{a: {$elemMatch: {b: {$ne: null}}}}", "{a: [[]]}", false),
                row("{a: {$elemMatch: {'0.0': 42}}}", "{a: [[[42]]]}", true),
                row("{a: {$elemMatch: {'0.0': 42}}}", "{a: [[{'0': 42}]]}", true),
                row("{a: {$elemMatch: {'0.0': 42}}}", "{a: [[42]]}", false),
                row("{a: {$elemMatch: {'0': {$elemMatch: {'0': 1}}}}}", "{a: [[[[1]]]]}", true),
                row("{a: {$all: [{$elemMatch: {'0': 1}}]}}", "{a: [[1]]}", true),
                row("{a: {$all: [{$elemMatch: {'0': 1}}]}}", "{a: [1]}", false),
                // the operator (value) form is unchanged: the operators apply to the elements
                row("{a: {$elemMatch: {$gt: 1}}}", "{a: [2]}", true),
                row("{a: {$elemMatch: {$gt: 1}}}", "{a: [1]}", false),
                row("{a: {$elemMatch: {$gt: 1}}}", "{a: [[2]]}", false),
                row("{a: {$elemMatch: {$eq: [2]}}}", "{a: [[2]]}", true),
                row("{a: {$elemMatch: {$gt: 1, $lt: 3}}}", "{a: [0, 5, 2]}", true),
                row("{a: {$elemMatch: {$gt: 1, $lt: 3}}}", "{a: [0, 5]}", false),
                row("{a: {$elemMatch: {$ne: null}}}", "{a: [[]]}", true),
                row("{a: {$elemMatch: {$eq: null}}}", "{a: [[]]}", false));
    }

    private static Arguments row(String filter, String document, boolean expected) {
        return Arguments.of(filter, document, expected);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("indexPaths")
    void followsArrayIndexPathsAsMongoDb(String filter, String document, boolean expected) {
        assertMatches(filter, document, expected);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("elemMatch")
    void appliesObjectElemMatchToDocumentAndArrayElements(String filter, String document, boolean expected) {
        assertMatches(filter, document, expected);
    }

    private static void assertMatches(String filter, String document, boolean expected) {
        Filter compiled = Filter.parse(filter);
        assertThat(compiled.matches(Document.parse(document))).as("%s on %s", filter, document).isEqualTo(expected);
        // The canonical form means the same thing.
        assertThat(Filter.of(compiled.toDocument()).matches(Document.parse(document))).isEqualTo(expected);
    }
}
