package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tetherdb.document.Document;

/**
 * Table of (filter, document, expected) cases, most taken from the examples in MongoDB's
 * documentation of each query operator and of querying arrays, embedded documents and null.
 */
class FilterSemanticsTests {

    static Stream<Arguments> cases() {
        return Stream.of(
                // Equality, implicit AND of fields and operators
                row("{qty: 20}", "{qty: 20}", true),
                row("{qty: 20}", "{qty: 20.0}", true),
                row("{qty: 20}", "{qty: 21}", false),
                row("{qty: 20}", "{}", false),
                row("{qty: {$eq: 20}}", "{qty: 20}", true),
                row("{'item.name': 'ab'}", "{item: {name: 'ab', code: '123'}}", true),
                row("{'item.name': 'ab'}", "{item: {name: 'cd'}}", false),
                row("{status: 'A', qty: {$lt: 30}}", "{status: 'A', qty: 25}", true),
                row("{status: 'A', qty: {$lt: 30}}", "{status: 'A', qty: 35}", false),
                row("{qty: {$gt: 10, $lt: 30}}", "{qty: 20}", true),
                row("{qty: {$gt: 10, $lt: 30}}", "{qty: 40}", false),
                // Numbers are one type: 1 == 1L == 1.0
                row("{n: 1}", "{n: 1.0}", true),
                row("{n: 1.0}", "{n: 1}", true),
                row("{n: 3000000000}", "{n: 3000000000.0}", true),
                row("{n: 9007199254740993}", "{n: 9007199254740992.0}", false),
                row("{n: {$gt: 9007199254740992.0}}", "{n: 9007199254740993}", true),
                // Embedded documents: exact equality, field order matters
                row("{size: {h: 14, w: 21, uom: 'cm'}}", "{size: {h: 14, w: 21, uom: 'cm'}}", true),
                row("{size: {w: 21, h: 14, uom: 'cm'}}", "{size: {h: 14, w: 21, uom: 'cm'}}", false),
                row("{size: {h: 14, w: 21}}", "{size: {h: 14, w: 21, uom: 'cm'}}", false),
                row("{'size.uom': 'in'}", "{size: {h: 14, w: 21, uom: 'in'}}", true),
                row("{'size.h': {$lt: 15}}", "{size: {h: 14}}", true),
                // Arrays: whole-array equality and element matching
                row("{tags: ['red', 'blank']}", "{tags: ['red', 'blank']}", true),
                row("{tags: ['red', 'blank']}", "{tags: ['blank', 'red']}", false),
                row("{tags: ['red', 'blank']}", "{tags: ['red', 'blank', 'plain']}", false),
                row("{tags: 'red'}", "{tags: ['blank', 'red']}", true),
                row("{tags: 'red'}", "{tags: ['blank']}", false),
                row("{tags: ['red']}", "{tags: [['red'], 'x']}", true),
                row("{tags: 'red'}", "{tags: [['red']]}", false),
                row("{dim_cm: {$gt: 25}}", "{dim_cm: [14, 21]}", false),
                row("{dim_cm: {$gt: 25}}", "{dim_cm: [22.85, 30]}", true),
                // Several range conditions may be met by different elements ...
                row("{dim_cm: {$gt: 15, $lt: 20}}", "{dim_cm: [14, 21]}", true),
                row("{dim_cm: {$gt: 15, $lt: 20}}", "{dim_cm: [10, 12]}", false),
                // ... unless inside $elemMatch
                row("{dim_cm: {$elemMatch: {$gt: 15, $lt: 20}}}", "{dim_cm: [14, 21]}", false),
                row("{dim_cm: {$elemMatch: {$gt: 15, $lt: 20}}}", "{dim_cm: [16, 21]}", true),
                row("{dim_cm: {$elemMatch: {$gt: 15}}}", "{dim_cm: 16}", false),
                row("{'dim_cm.1': {$gt: 25}}", "{dim_cm: [14, 30]}", true),
                row("{'dim_cm.1': {$gt: 25}}", "{dim_cm: [30, 14]}", false),
                row("{'tags.0': 'red'}", "{tags: ['red', 'x']}", true),
                row("{tags: {$size: 2}}", "{tags: ['a', 'b']}", true),
                row("{tags: {$size: 2}}", "{tags: ['a']}", false),
                row("{tags: {$size: 1}}", "{tags: 'a'}", false),
                row("{tags: {$size: 0}}", "{tags: []}", true),
                row("{tags: {$size: 2}}", "{tags: [['a', 'b']]}", false),
                // Arrays of embedded documents
                row("{instock: {warehouse: 'A', qty: 5}}", "{instock: [{warehouse: 'A', qty: 5}, {warehouse: 'C', qty: 15}]}", true),
                row("{instock: {qty: 5, warehouse: 'A'}}", "{instock: [{warehouse: 'A', qty: 5}]}", false),
                row("{'instock.qty': {$lte: 20}}", "{instock: [{warehouse: 'A', qty: 40}, {warehouse: 'B', qty: 15}]}", true),
                row("{'instock.0.qty': {$lte: 20}}", "{instock: [{warehouse: 'A', qty: 40}, {warehouse: 'B', qty: 15}]}", false),
                row("{instock: {$elemMatch: {qty: 5, warehouse: 'A'}}}", "{instock: [{warehouse: 'A', qty: 5}]}", true),
                row("{instock: {$elemMatch: {qty: {$gt: 10, $lte: 20}}}}", "{instock: [{qty: 5}, {qty: 60}]}", false),
                row("{'instock.qty': {$gt: 10, $lte: 20}}", "{instock: [{qty: 5}, {qty: 60}]}", true),
                row("{'instock.qty': 5, 'instock.warehouse': 'A'}", "{instock: [{warehouse: 'A', qty: 15}, {warehouse: 'B', qty: 5}]}", true),
                row("{instock: {$elemMatch: {qty: 5, warehouse: 'A'}}}", "{instock: [{warehouse: 'A', qty: 15}, {warehouse: 'B', qty: 5}]}", false),
                row("{'a.b': 1}", "{a: [[{b: 1}]]}", false),
                row("{'a.b.c': 1}", "{a: [{b: [{c: 1}]}]}", true),
                row("{'a.b': 1}", "{a: [{b: [0, 1]}]}", true),
                // Null and missing
                row("{item: null}", "{item: null}", true),
                row("{item: null}", "{}", true),
                row("{item: null}", "{item: 0}", false),
                row("{item: null}", "{item: [1, null]}", true),
                row("{item: null}", "{item: []}", false),
                row("{item: {$type: 'null'}}", "{item: null}", true),
                row("{item: {$type: 'null'}}", "{}", false),
                row("{item: {$exists: false}}", "{}", true),
                row("{item: {$exists: false}}", "{item: null}", false),
                row("{item: {$exists: true}}", "{item: null}", true),
                row("{'a.b': null}", "{a: 1}", true),
                row("{'a.b': null}", "{a: [{b: 1}, {c: 2}]}", true),
                row("{'a.b': null}", "{a: [{b: 1}]}", false),
                row("{'a.b': {$exists: true}}", "{a: [{c: 1}, {b: 2}]}", true),
                row("{'a.b': {$exists: false}}", "{a: [{c: 1}, {b: 2}]}", false),
                row("{a: {$gte: null}}", "{}", true),
                row("{a: {$lte: null}}", "{a: null}", true),
                row("{a: {$gt: null}}", "{a: null}", false),
                row("{a: {$lt: null}}", "{a: 1}", false),
                // $ne / $nin match missing fields and arrays without an equal element
                row("{qty: {$ne: 20}}", "{}", true),
                row("{qty: {$ne: 20}}", "{qty: 20}", false),
                row("{qty: {$ne: 20}}", "{qty: 20.0}", false),
                row("{qty: {$ne: 20}}", "{qty: '20'}", true),
                row("{tags: {$ne: 'a'}}", "{tags: ['a', 'b']}", false),
                row("{tags: {$ne: 'a'}}", "{tags: ['b', 'c']}", true),
                row("{qty: {$ne: null}}", "{}", false),
                row("{qty: {$ne: null}}", "{qty: 0}", true),
                row("{qty: {$nin: [5, 15]}}", "{}", true),
                row("{qty: {$nin: [5, 15]}}", "{qty: 15}", false),
                row("{tags: {$nin: ['a', 'x']}}", "{tags: ['b', 'x']}", false),
                row("{tags: {$nin: ['a', 'x']}}", "{tags: ['b', 'c']}", true),
                // $in
                row("{qty: {$in: [5, 15]}}", "{qty: 15}", true),
                row("{qty: {$in: [5, 15]}}", "{qty: 16}", false),
                row("{tags: {$in: ['school', 'home']}}", "{tags: ['school', 'book']}", true),
                row("{tags: {$in: [['a', 'b']]}}", "{tags: ['a', 'b']}", true),
                row("{qty: {$in: [null]}}", "{}", true),
                row("{tags: {$in: [{$regex: '^be'}, {$regex: '^st'}]}}", "{tags: ['stapler']}", true),
                row("{tags: {$in: [{$regex: '^BE', $options: 'i'}]}}", "{tags: ['best']}", true),
                row("{tags: {$in: [{$regularExpression: {pattern: '^st', options: ''}}]}}", "{tags: 'stapler'}", true),
                row("{tags: {$nin: [{$regex: '^st'}]}}", "{tags: 'stapler'}", false),
                // Type bracketing for comparisons
                row("{qty: {$gt: 3}}", "{qty: '5'}", false),
                row("{qty: {$lt: 'a'}}", "{qty: 1}", false),
                row("{qty: {$gt: 'a'}}", "{qty: 'b'}", true),
                row("{qty: {$gt: 3}}", "{qty: 3.5}", true),
                row("{qty: {$gte: 3}}", "{qty: 3}", true),
                row("{qty: {$lte: 3}}", "{qty: 3}", true),
                row("{qty: {$gt: 3}}", "{qty: 3}", false),
                row("{ok: {$gt: false}}", "{ok: true}", true),
                row("{ok: {$gt: 0}}", "{ok: true}", false),
                row("{v: {$gt: {a: 1}}}", "{v: {a: 2}}", true),
                row("{v: {$gt: [1]}}", "{v: [1, 2]}", true),
                // $and, $or, $nor, $not
                row("{$and: [{price: {$ne: 1.99}}, {price: {$exists: true}}]}", "{price: 2}", true),
                row("{$and: [{price: {$ne: 1.99}}, {price: {$exists: true}}]}", "{}", false),
                row("{$or: [{qty: {$lt: 20}}, {price: 10}]}", "{qty: 30, price: 10}", true),
                row("{$or: [{qty: {$lt: 20}}, {price: 10}]}", "{qty: 30, price: 11}", false),
                row("{$nor: [{price: 1.99}, {sale: true}]}", "{price: 2}", true),
                row("{$nor: [{price: 1.99}, {sale: true}]}", "{price: 2, sale: true}", false),
                row("{$nor: [{price: 1.99}, {sale: true}]}", "{}", true),
                row("{price: {$not: {$gt: 1.99}}}", "{price: 1.5}", true),
                row("{price: {$not: {$gt: 1.99}}}", "{}", true),
                row("{price: {$not: {$gt: 1.99}}}", "{price: 2}", false),
                row("{item: {$not: {$regularExpression: {pattern: '^p.*', options: ''}}}}", "{item: 'pen'}", false),
                row("{item: {$not: {$regularExpression: {pattern: '^p.*', options: ''}}}}", "{item: 'ink'}", true),
                row("{item: {$not: {$regex: '^p.*'}}}", "{item: 'pen'}", false),
                row("{$and: [{$or: [{a: 1}, {b: 1}]}, {$or: [{c: 1}, {d: 1}]}]}", "{b: 1, c: 1}", true),
                // $exists
                row("{qty: {$exists: true, $nin: [5, 15]}}", "{qty: 10}", true),
                row("{qty: {$exists: true, $nin: [5, 15]}}", "{}", false),
                row("{qty: {$exists: 0}}", "{}", true),
                // $regex
                row("{sku: {$regex: '789$'}}", "{sku: 'abc789'}", true),
                row("{sku: {$regex: '^ABC', $options: 'i'}}", "{sku: 'abc789'}", true),
                row("{sku: {$regex: '^ABC'}}", "{sku: 'abc789'}", false),
                                row("{sku: {$regularExpression: {pattern: '^ABC', options: 'i'}}}", "{sku: 'abc789'}", true),
                row("{desc: {$regex: '^S', $options: 'm'}}", "{desc: 'First line\\nSecond line'}", true),
                row("{desc: {$regex: '^S'}}", "{desc: 'First line\\nSecond line'}", false),
                row("{desc: {$regex: 'M.*line', $options: 's'}}", "{desc: 'Multiple\\nline'}", true),
                row("{desc: {$regex: 'a b', $options: 'x'}}", "{desc: 'ab'}", true),
                row("{n: {$regex: '1'}}", "{n: 1}", false),
                row("{tags: {$regex: '^b'}}", "{tags: ['a', 'bc']}", true),
                row("{v: {$eq: {$regularExpression: {pattern: 'a', options: ''}}}}", "{v: 'a'}", false),
                // $size, $all
                row("{tags: {$all: ['ssl', 'security']}}", "{tags: ['appliance', 'school', 'ssl', 'security']}", true),
                row("{tags: {$all: ['ssl', 'security']}}", "{tags: ['ssl']}", false),
                row("{tags: {$all: [['ssl', 'security']]}}", "{tags: [['ssl', 'security'], 'x']}", true),
                row("{tags: {$all: [['ssl', 'security']]}}", "{tags: ['ssl', 'security']}", true),
                row("{tags: {$all: []}}", "{tags: []}", false),
                row("{tags: {$all: ['ssl']}}", "{tags: 'ssl'}", true),
                row("{qty: {$all: [{$elemMatch: {size: 'M', num: {$gt: 50}}}, {$elemMatch: {num: 100, color: 'green'}}]}}",
                        "{qty: [{size: 'S', num: 10, color: 'blue'}, {size: 'M', num: 100, color: 'blue'}, {size: 'L', num: 100, color: 'green'}]}", true),
                row("{qty: {$all: [{$elemMatch: {size: 'M', num: {$gt: 50}}}, {$elemMatch: {num: 100, color: 'green'}}]}}",
                        "{qty: [{size: 'M', num: 100, color: 'blue'}]}", false),
                row("{'qty.num': {$all: [50]}}", "{qty: [{num: 50}, {num: 100}]}", true),
                // $elemMatch
                row("{results: {$elemMatch: {$gte: 80, $lt: 85}}}", "{results: [82, 85, 88]}", true),
                row("{results: {$elemMatch: {$gte: 80, $lt: 85}}}", "{results: [75, 88, 89]}", false),
                row("{results: {$elemMatch: {product: 'xyz', score: {$gte: 8}}}}",
                        "{results: [{product: 'abc', score: 10}, {product: 'xyz', score: 5}]}", false),
                row("{results: {$elemMatch: {product: 'xyz', score: {$gte: 8}}}}",
                        "{results: [{product: 'abc', score: 10}, {product: 'xyz', score: 9}]}", true),
                row("{results: {$elemMatch: {product: 'xyz'}}}", "{results: [{product: 'xyz'}]}", true),
                row("{results: {$elemMatch: {$or: [{a: 1}, {b: 2}]}}}", "{results: [{b: 2}]}", true),
                row("{results: {$elemMatch: {$ne: 'x'}}}", "{results: ['x', 'y']}", true),
                row("{results: {$elemMatch: {$ne: 'x'}}}", "{results: ['x']}", false),
                row("{results: {$elemMatch: {$elemMatch: {$gt: 5}}}}", "{results: [[1], [6]]}", true),
                row("{results: {$elemMatch: {$size: 2}}}", "{results: [[1], [6, 7]]}", true),
                row("{results: {$elemMatch: {}}}", "{results: [1, {a: 1}]}", true),
                row("{results: {$elemMatch: {}}}", "{results: [1]}", false),
                // $type
                row("{zip: {$type: 'string'}}", "{zip: '10011'}", true),
                row("{zip: {$type: 2}}", "{zip: '10011'}", true),
                row("{zip: {$type: 'number'}}", "{zip: 10011}", true),
                row("{zip: {$type: 'number'}}", "{zip: 1.5}", true),
                row("{zip: {$type: 'int'}}", "{zip: 10011}", true),
                row("{zip: {$type: 'int'}}", "{zip: 3000000000}", false),
                row("{zip: {$type: 'long'}}", "{zip: 3000000000}", true),
                row("{zip: {$type: 'double'}}", "{zip: 1.5}", true),
                row("{zip: {$type: 1}}", "{zip: 1}", false),
                row("{zip: {$type: ['string', 'double']}}", "{zip: 1.5}", true),
                row("{zip: {$type: 'string'}}", "{zip: [1, '2']}", true),
                row("{zip: {$type: 'array'}}", "{zip: [1, 2]}", true),
                row("{zip: {$type: 'array'}}", "{zip: []}", true),
                row("{zip: {$type: 'array'}}", "{zip: 1}", false),
                row("{zip: {$type: 'object'}}", "{zip: {a: 1}}", true),
                row("{zip: {$type: 'bool'}}", "{zip: false}", true),
                row("{zip: {$type: 'null'}}", "{zip: [null]}", true),
                row("{zip: {$type: 'objectId'}}", "{zip: 'x'}", false),
                // $mod: truncation toward zero, remainder takes the dividend's sign
                row("{qty: {$mod: [4, 0]}}", "{qty: 12}", true),
                row("{qty: {$mod: [4, 0]}}", "{qty: 13}", false),
                row("{qty: {$mod: [4, 0]}}", "{qty: 12.9}", true),
                row("{qty: {$mod: [4.5, 0]}}", "{qty: 12}", true),
                row("{qty: {$mod: [-4, 0]}}", "{qty: 8}", true),
                row("{qty: {$mod: [4, -1]}}", "{qty: -5}", true),
                row("{qty: {$mod: [4, 3]}}", "{qty: -5}", false),
                row("{qty: {$mod: [4, 0]}}", "{qty: '12'}", false),
                row("{qty: {$mod: [4, 0]}}", "{qty: [1, 8]}", true),
                // $contains (TetherDB's own)
                row("{_tags: {$contains: 'a'}}", "{_tags: ['a', 'b']}", true),
                row("{_tags: {$contains: 'a'}}", "{_tags: ['ab']}", false),
                row("{name: {$contains: 'oh'}}", "{name: 'John'}", true),
                row("{name: {$contains: 'x'}}", "{name: 'John'}", false),
                row("{n: {$contains: 1}}", "{n: 1}", false),
                row("{n: {$contains: 1}}", "{n: [1.0]}", true),
                row("{n: {$contains: 1}}", "{}", false),
                row("{'items.name': {$contains: 'b'}}", "{items: [{name: 'abc'}]}", true),
                row("{'items.tags': {$contains: 'x'}}", "{items: [{tags: ['y']}, {tags: ['x']}]}", true));
    }

    private static Arguments row(String filter, String document, boolean expected) {
        return Arguments.of(filter, document, expected);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("cases")
    void matchesAsMongoDbDocuments(String filter, String document, boolean expected) {
        Filter compiled = Filter.parse(filter);
        assertThat(compiled.matches(Document.parse(document))).isEqualTo(expected);
        // The canonical form means the same thing.
        Filter reparsed = Filter.of(compiled.toDocument());
        assertThat(reparsed).isEqualTo(compiled);
        assertThat(reparsed.matches(Document.parse(document))).isEqualTo(expected);
    }
}
