package io.tetherdb.aggregate;

import static io.tetherdb.aggregate.AggregationFixtures.canonical;
import static io.tetherdb.aggregate.AggregationFixtures.documents;
import static io.tetherdb.aggregate.AggregationFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;

/**
 * Table tests after the examples of MongoDB's aggregation manual, one or more for every stage,
 * accumulator and expression operator TetherDB supports: each runs a pipeline over a small
 * collection and compares the results, with their number types, to what the manual shows (ids
 * are strings here, as TetherDB's are). Pipelines whose output order MongoDB leaves open end with
 * a {@code $sort}.
 */
@ExtendWith(TetherTestExtension.class)
class AggregationManualExamplesTests {

    static final String SALES = """
            [{_id: '1', item: 'abc', price: 10, quantity: 2, date: {$date: '2014-03-01T08:00:00Z'}},
             {_id: '2', item: 'jkl', price: 20, quantity: 1, date: {$date: '2014-03-01T09:00:00Z'}},
             {_id: '3', item: 'xyz', price: 5, quantity: 10, date: {$date: '2014-03-15T09:00:00Z'}},
             {_id: '4', item: 'xyz', price: 5, quantity: 20, date: {$date: '2014-04-04T11:21:39.736Z'}},
             {_id: '5', item: 'abc', price: 10, quantity: 10, date: {$date: '2014-04-04T21:23:13.331Z'}},
             {_id: '6', item: 'def', price: 7.5, quantity: 5, date: {$date: '2015-06-04T05:08:13Z'}},
             {_id: '7', item: 'def', price: 7.5, quantity: 10, date: {$date: '2015-09-10T08:43:00Z'}},
             {_id: '8', item: 'abc', price: 10, quantity: 5, date: {$date: '2016-02-06T20:20:13Z'}}]""";

    static final String INVENTORY = """
            [{_id: '1', item: 'ABC', sizes: ['S', 'M', 'L']},
             {_id: '2', item: 'EFG', sizes: []},
             {_id: '3', item: 'IJK', sizes: 'M'},
             {_id: '4', item: 'LMN'},
             {_id: '5', item: 'XYZ', sizes: null}]""";

    static final String SCORES = """
            [{_id: '1', student: 'Maya', homework: [10, 5, 10], quiz: [10, 8], extraCredit: 0},
             {_id: '2', student: 'Ryan', homework: [5, 6, 5], quiz: [8, 8], extraCredit: 8}]""";

    static final String ARTWORK = """
            [{_id: '1', title: 'The Pillars of Society', artist: 'Grosz', year: 1926, price: 199.99},
             {_id: '2', title: 'Melancholy III', artist: 'Munch', year: 1902, price: 280.00},
             {_id: '3', title: 'Dancer', artist: 'Miro', year: 1925, price: 76.04},
             {_id: '4', title: 'The Great Wave off Kanagawa', artist: 'Hokusai', price: 167.30},
             {_id: '5', title: 'The Persistence of Memory', artist: 'Dali', year: 1931, price: 483.00},
             {_id: '6', title: 'Composition VII', artist: 'Kandinsky', year: 1913, price: 385.00},
             {_id: '7', title: 'The Scream', artist: 'Munch', year: 1893},
             {_id: '8', title: 'Blue Flower', artist: "O'Keefe", year: 1918, price: 118.42}]""";

    static final String GAMES = """
            [{playerId: 'PlayerA', gameId: 'G1', score: 31},
             {playerId: 'PlayerB', gameId: 'G1', score: 33},
             {playerId: 'PlayerC', gameId: 'G1', score: 99},
             {playerId: 'PlayerD', gameId: 'G1', score: 1},
             {playerId: 'PlayerA', gameId: 'G2', score: 10},
             {playerId: 'PlayerB', gameId: 'G2', score: 14},
             {playerId: 'PlayerC', gameId: 'G2', score: 66},
             {playerId: 'PlayerD', gameId: 'G2', score: 80}]""";

    static Stream<Arguments> examples() {
        return Stream.of(
                // ---- stages
                example("$match then $group count", SALES,
                        "[{$match: {item: 'abc'}}, {$group: {_id: null, count: {$sum: 1}}}]",
                        "[{_id: null, count: 3}]"),
                example("$project inclusion keeps _id, document order", SCORES,
                        "[{$project: {extraCredit: 1, student: 1}}]",
                        "[{_id: '1', student: 'Maya', extraCredit: 0}, {_id: '2', student: 'Ryan', extraCredit: 8}]"),
                example("$project exclusion of _id with computed field", SCORES,
                        "[{$project: {_id: 0, student: 1, total: {$sum: '$homework'}}}]",
                        "[{student: 'Maya', total: 25}, {student: 'Ryan', total: 16}]"),
                example("$project exclusion", SCORES, "[{$project: {homework: 0, quiz: 0}}]",
                        "[{_id: '1', student: 'Maya', extraCredit: 0}, {_id: '2', student: 'Ryan', extraCredit: 8}]"),
                example("$project nested path and $$REMOVE",
                        "[{_id: 'a', book: {title: 'T', isbn: '1', author: {last: 'L', first: 'F'}}, copies: 5}]",
                        "[{$project: {'book.title': 1, 'book.author.last': 1, copies: {$cond: [{$gt: ['$copies', 3]},"
                                + " '$$REMOVE', '$copies']}}}]",
                        "[{_id: 'a', book: {title: 'T', author: {last: 'L'}}}]"),
                example("$addFields sums arrays", SCORES,
                        "[{$addFields: {totalHomework: {$sum: '$homework'}, totalQuiz: {$sum: '$quiz'}}},"
                                + " {$addFields: {totalScore: {$add: ['$totalHomework', '$totalQuiz', '$extraCredit']}}},"
                                + " {$project: {homework: 0, quiz: 0}}]",
                        "[{_id: '1', student: 'Maya', extraCredit: 0, totalHomework: 25, totalQuiz: 18, totalScore: 43},"
                                + " {_id: '2', student: 'Ryan', extraCredit: 8, totalHomework: 16, totalQuiz: 16,"
                                + " totalScore: 40}]"),
                example("$set into an embedded document", "[{_id: '1', type: 'car', specs: {doors: 4, wheels: 4}}]",
                        "[{$set: {'specs.fuel_type': 'unleaded'}}]",
                        "[{_id: '1', type: 'car', specs: {doors: 4, wheels: 4, fuel_type: 'unleaded'}}]"),
                example("$unset fields and embedded fields",
                        "[{_id: '1', title: 'Antelope Antics', isbn: '0001122223334', author: {last: 'An', first: 'Auntie'}}]",
                        "[{$unset: ['isbn', 'author.first']}]",
                        "[{_id: '1', title: 'Antelope Antics', author: {last: 'An'}}]"),
                example("$sort descending then ascending", GAMES,
                        "[{$sort: {score: -1, playerId: 1}}, {$limit: 3}, {$project: {_id: 0, playerId: 1, score: 1}}]",
                        "[{playerId: 'PlayerC', score: 99}, {playerId: 'PlayerD', score: 80},"
                                + " {playerId: 'PlayerC', score: 66}]"),
                example("$skip and $limit after a later $sort", GAMES,
                        "[{$project: {_id: 0, score: 1}}, {$sort: {score: 1}}, {$skip: 2}, {$limit: 2}]",
                        "[{score: 14}, {score: 31}]"),
                example("$group total sale amount by item", SALES,
                        "[{$group: {_id: '$item', totalSaleAmount: {$sum: {$multiply: ['$price', '$quantity']}}}},"
                                + " {$match: {totalSaleAmount: {$gte: 100}}}, {$sort: {_id: 1}}]",
                        "[{_id: 'abc', totalSaleAmount: 170}, {_id: 'def', totalSaleAmount: 112.5},"
                                + " {_id: 'xyz', totalSaleAmount: 150}]"),
                example("$group by day with $dateToString, $avg and $sum", SALES,
                        "[{$match: {date: {$gte: {$date: '2014-01-01T00:00:00Z'},"
                                + " $lt: {$date: '2015-01-01T00:00:00Z'}}}},"
                                + " {$group: {_id: {$dateToString: {format: '%Y-%m-%d', date: '$date'}},"
                                + " totalSaleAmount: {$sum: {$multiply: ['$price', '$quantity']}},"
                                + " averageQuantity: {$avg: '$quantity'}, count: {$sum: 1}}},"
                                + " {$sort: {totalSaleAmount: -1}}]",
                        "[{_id: '2014-04-04', totalSaleAmount: 200, averageQuantity: 15.0, count: 2},"
                                + " {_id: '2014-03-15', totalSaleAmount: 50, averageQuantity: 10.0, count: 1},"
                                + " {_id: '2014-03-01', totalSaleAmount: 40, averageQuantity: 1.5, count: 2}]"),
                example("$group null _id over everything", SALES,
                        "[{$group: {_id: null, totalSaleAmount: {$sum: {$multiply: ['$price', '$quantity']}},"
                                + " averageQuantity: {$avg: '$quantity'}, count: {$sum: 1}}}]",
                        "[{_id: null, totalSaleAmount: 452.5, averageQuantity: 7.875, count: 8}]"),
                example("$group distinct values", SALES, "[{$group: {_id: '$item'}}, {$sort: {_id: 1}}]",
                        "[{_id: 'abc'}, {_id: 'def'}, {_id: 'jkl'}, {_id: 'xyz'}]"),
                example("$group by a compound key", SALES,
                        "[{$group: {_id: {year: {$year: '$date'}, item: '$item'}, n: {$count: {}}}},"
                                + " {$match: {n: {$gt: 1}}}, {$sort: {'_id.item': 1}}]",
                        "[{_id: {year: 2014, item: 'abc'}, n: 2}, {_id: {year: 2015, item: 'def'}, n: 2},"
                                + " {_id: {year: 2014, item: 'xyz'}, n: 2}]"),
                example("$count", SCORES, "[{$match: {extraCredit: {$gt: 0}}}, {$count: 'passing_scores'}]",
                        "[{passing_scores: 1}]"),
                example("$count of nothing gives no document", SCORES, "[{$match: {x: 1}}, {$count: 'n'}]", "[]"),
                example("$unwind treats a non-array as one element and drops null, missing and empty", INVENTORY,
                        "[{$unwind: '$sizes'}]",
                        "[{_id: '1', item: 'ABC', sizes: 'S'}, {_id: '1', item: 'ABC', sizes: 'M'},"
                                + " {_id: '1', item: 'ABC', sizes: 'L'}, {_id: '3', item: 'IJK', sizes: 'M'}]"),
                example("$unwind includeArrayIndex and preserveNullAndEmptyArrays", INVENTORY,
                        "[{$unwind: {path: '$sizes', includeArrayIndex: 'arrayIndex',"
                                + " preserveNullAndEmptyArrays: true}}]",
                        "[{_id: '1', item: 'ABC', sizes: 'S', arrayIndex: 0}, {_id: '1', item: 'ABC', sizes: 'M',"
                                + " arrayIndex: 1}, {_id: '1', item: 'ABC', sizes: 'L', arrayIndex: 2},"
                                + " {_id: '2', item: 'EFG', arrayIndex: null},"
                                + " {_id: '3', item: 'IJK', sizes: 'M', arrayIndex: null},"
                                + " {_id: '4', item: 'LMN', arrayIndex: null},"
                                + " {_id: '5', item: 'XYZ', sizes: null, arrayIndex: null}]"),
                example("$unwind then $group counts sizes", INVENTORY,
                        "[{$unwind: '$sizes'}, {$group: {_id: '$sizes', n: {$sum: 1}}}, {$sort: {_id: 1}}]",
                        "[{_id: 'L', n: 1}, {_id: 'M', n: 2}, {_id: 'S', n: 1}]"),
                example("$sortByCount", "[{tags: ['a', 'b']}, {tags: ['b']}, {tags: ['b', 'c']}, {tags: ['c']}]",
                        "[{$unwind: '$tags'}, {$sortByCount: '$tags'}, {$limit: 2}]",
                        "[{_id: 'b', count: 3}, {_id: 'c', count: 2}]"),
                example("$bucket with default and output", ARTWORK,
                        "[{$bucket: {groupBy: '$price', boundaries: [0, 200, 400], default: 'Other',"
                                + " output: {count: {$sum: 1}, titles: {$push: '$title'}}}}]",
                        "[{_id: 0, count: 4, titles: ['The Pillars of Society', 'Dancer',"
                                + " 'The Great Wave off Kanagawa', 'Blue Flower']},"
                                + " {_id: 200, count: 2, titles: ['Melancholy III', 'Composition VII']},"
                                + " {_id: 'Other', count: 2, titles: ['The Persistence of Memory', 'The Scream']}]"),
                example("$bucketAuto into 4 buckets", ARTWORK,
                        "[{$match: {price: {$exists: true}}}, {$bucketAuto: {groupBy: '$price', buckets: 4}}]",
                        "[{_id: {min: 76.04, max: 167.3}, count: 2}, {_id: {min: 167.3, max: 280.0}, count: 2},"
                                + " {_id: {min: 280.0, max: 483.0}, count: 2}, {_id: {min: 483.0, max: 483.0}, count: 1}]"),
                example("$bucketAuto keeps equal values together", "[{v: 1}, {v: 1}, {v: 1}, {v: 2}, {v: 3}, {v: 4}]",
                        "[{$bucketAuto: {groupBy: '$v', buckets: 3, output: {n: {$sum: 1}, vs: {$addToSet: '$v'}}}}]",
                        "[{_id: {min: 1, max: 2}, n: 3, vs: [1]}, {_id: {min: 2, max: 4}, n: 2, vs: [2, 3]},"
                                + " {_id: {min: 4, max: 4}, n: 1, vs: [4]}]"),
                example("$facet with two pipelines", ARTWORK,
                        "[{$facet: {byArtist: [{$match: {artist: 'Munch'}}, {$count: 'n'}],"
                                + " byYear: [{$match: {year: {$lt: 1910}}}, {$project: {_id: 0, title: 1}},"
                                + " {$sort: {title: 1}}]}}]",
                        "[{byArtist: [{n: 2}], byYear: [{title: 'Melancholy III'}, {title: 'The Scream'}]}]"),
                example("$replaceRoot with $mergeObjects-free newRoot",
                        "[{_id: '1', name: {first: 'John', last: 'Backus'}}, {_id: '2', name: {first: 'John', last: 'McCarthy'}}]",
                        "[{$replaceRoot: {newRoot: '$name'}}]",
                        "[{first: 'John', last: 'Backus'}, {first: 'John', last: 'McCarthy'}]"),
                example("$replaceWith an object expression",
                        "[{_id: '1', name: 'Arlene', age: 34, pets: {dogs: 2}}]",
                        "[{$replaceWith: {who: '$name', dogs: '$pets.dogs', cats: '$pets.cats'}}]",
                        "[{who: 'Arlene', dogs: 2}]"),
                example("$sample of more than there are returns all", SCORES,
                        "[{$sample: {size: 5}}, {$sort: {_id: 1}}, {$project: {student: 1}}]",
                        "[{_id: '1', student: 'Maya'}, {_id: '2', student: 'Ryan'}]"),
                // ---- accumulators
                example("$min $max $first $last", SALES,
                        "[{$sort: {date: 1}}, {$group: {_id: '$item', minQ: {$min: '$quantity'}, maxQ: {$max: '$quantity'},"
                                + " firstDate: {$first: '$date'}, lastQ: {$last: '$quantity'}}}, {$sort: {_id: 1}}]",
                        "[{_id: 'abc', minQ: 2, maxQ: 10, firstDate: {$date: '2014-03-01T08:00:00Z'}, lastQ: 5},"
                                + " {_id: 'def', minQ: 5, maxQ: 10, firstDate: {$date: '2015-06-04T05:08:13Z'}, lastQ: 10},"
                                + " {_id: 'jkl', minQ: 1, maxQ: 1, firstDate: {$date: '2014-03-01T09:00:00Z'}, lastQ: 1},"
                                + " {_id: 'xyz', minQ: 10, maxQ: 20, firstDate: {$date: '2014-03-15T09:00:00Z'}, lastQ: 20}]"),
                example("$push and $addToSet", SALES,
                        "[{$sort: {_id: 1}}, {$group: {_id: {$year: '$date'}, items: {$addToSet: '$item'},"
                                + " quantities: {$push: '$quantity'}}}, {$sort: {_id: 1}}]",
                        "[{_id: 2014, items: ['abc', 'jkl', 'xyz'], quantities: [2, 1, 10, 20, 10]},"
                                + " {_id: 2015, items: ['def'], quantities: [5, 10]},"
                                + " {_id: 2016, items: ['abc'], quantities: [5]}]"),
                example("$sum and $avg ignore non-numbers, $avg of none is null",
                        "[{g: 1, v: 1}, {g: 1, v: 'x'}, {g: 1}, {g: 2, v: 'y'}]",
                        "[{$group: {_id: '$g', s: {$sum: '$v'}, a: {$avg: '$v'}, c: {$count: {}}}}, {$sort: {_id: 1}}]",
                        "[{_id: 1, s: 1, a: 1.0, c: 3}, {_id: 2, s: 0, a: null, c: 1}]"),
                example("$stdDevPop and $stdDevSamp",
                        "[{q: 1, score: 62}, {q: 1, score: 67}, {q: 1, score: 75}, {q: 1, score: 78}, {q: 2, score: 5}]",
                        "[{$group: {_id: '$q', pop: {$stdDevPop: '$score'}, samp: {$stdDevSamp: '$score'}}},"
                                + " {$project: {pop: {$round: ['$pop', 6]}, samp: {$round: ['$samp', 6]}}}, {$sort: {_id: 1}}]",
                        "[{_id: 1, pop: 6.344289, samp: 7.325754}, {_id: 2, pop: 0.0, samp: null}]"),
                example("$top and $bottom", GAMES,
                        "[{$match: {gameId: 'G1'}}, {$group: {_id: '$gameId', top: {$top: {sortBy: {score: -1},"
                                + " output: ['$playerId', '$score']}}, bottom: {$bottom: {sortBy: {score: -1},"
                                + " output: ['$playerId', '$score']}}}}]",
                        "[{_id: 'G1', top: ['PlayerC', 99], bottom: ['PlayerD', 1]}]"),
                example("$topN and $bottomN", GAMES,
                        "[{$group: {_id: '$gameId', best: {$topN: {n: 2, sortBy: {score: -1}, output: '$playerId'}},"
                                + " worst: {$bottomN: {n: 2, sortBy: {score: -1}, output: '$playerId'}}}}, {$sort: {_id: 1}}]",
                        "[{_id: 'G1', best: ['PlayerC', 'PlayerB'], worst: ['PlayerA', 'PlayerD']},"
                                + " {_id: 'G2', best: ['PlayerD', 'PlayerC'], worst: ['PlayerB', 'PlayerA']}]"),
                // ---- expressions
                example("arithmetic", "[{a: 10, b: 4, c: 2.5, n: -3.7}]",
                        "[{$project: {_id: 0, add: {$add: ['$a', '$b', 1]}, sub: {$subtract: ['$a', '$b']},"
                                + " mul: {$multiply: ['$a', '$c']}, div: {$divide: ['$a', '$b']}, mod: {$mod: ['$a', '$b']},"
                                + " abs: {$abs: '$n'}, ceil: {$ceil: '$n'}, floor: {$floor: '$n'}, round: {$round: ['$c', 0]},"
                                + " trunc: {$trunc: '$n'}, sqrt: {$sqrt: 16}, pow: {$pow: ['$b', 2]}, nul: {$add: ['$a', '$none']}}}]",
                        "[{add: 15, sub: 6, mul: 25.0, div: 2.5, mod: 2, abs: 3.7, ceil: -3.0, floor: -4.0, round: 2.0,"
                                + " trunc: -3.0, sqrt: 4.0, pow: 16, nul: null}]"),
                example("$add and $subtract with dates", "[{d: {$date: '2024-01-01T00:00:00Z'}}]",
                        "[{$project: {_id: 0, later: {$add: ['$d', 3600000]}, diff: {$subtract: [{$add: ['$d', 10]}, '$d']}}}]",
                        "[{later: {$date: '2024-01-01T01:00:00Z'}, diff: 10}]"),
                example("comparison, missing sorts below null", "[{qty: 250}]",
                        "[{$project: {_id: 0, eq: {$eq: ['$qty', 250]}, ne: {$ne: ['$qty', 250]}, gt: {$gt: ['$qty', 250]},"
                                + " gte: {$gte: ['$qty', 250]}, lt: {$lt: ['$qty', 250]}, lte: {$lte: ['$qty', 250]},"
                                + " cmp: {$cmp: ['$qty', 300]}, missingIsNotNull: {$eq: ['$none', null]},"
                                + " missingBelowNull: {$lt: ['$none', null]}, typeOrder: {$lt: [5, 'a']}}}]",
                        "[{eq: true, ne: false, gt: false, gte: true, lt: false, lte: true, cmp: -1, missingIsNotNull: false,"
                                + " missingBelowNull: true, typeOrder: true}]"),
                example("boolean", "[{qty: 250}]",
                        "[{$project: {_id: 0, and: {$and: [{$gt: ['$qty', 100]}, {$lt: ['$qty', 250]}]},"
                                + " or: {$or: [{$gt: ['$qty', 250]}, {$lt: ['$qty', 200]}, 1]},"
                                + " not: {$not: [{$gt: ['$qty', 250]}]}, truthyZero: {$and: [0]}, truthyEmpty: {$and: [[]]}}}]",
                        "[{and: false, or: true, not: true, truthyZero: false, truthyEmpty: true}]"),
                example("$cond $ifNull $switch", "[{qty: 250, d: null}]",
                        "[{$project: {_id: 0, discount: {$cond: {if: {$gte: ['$qty', 250]}, then: 30, else: 20}},"
                                + " arr: {$cond: [false, 1, 2]}, desc: {$ifNull: ['$d', '$missing', 'Unspecified']},"
                                + " grade: {$switch: {branches: [{case: {$lt: ['$qty', 100]}, then: 'low'},"
                                + " {case: {$lt: ['$qty', 300]}, then: 'mid'}], default: 'high'}}}}]",
                        "[{discount: 30, arr: 2, desc: 'Unspecified', grade: 'mid'}]"),
                example("strings", "[{item: 'ABC1', description: 'product 1', city: 'Bern, CH', s: 'caf\u00e9'}]",
                        "[{$project: {_id: 0, c: {$concat: ['$item', ' - ', '$description']}, sub: {$substrCP: ['$s', 1, 3]},"
                                + " lo: {$toLower: '$item'}, up: {$toUpper: '$description'}, sp: {$split: ['$city', ', ']},"
                                + " len: {$strLenCP: '$s'}, re: {$regexMatch: {input: '$description', regex: '^PRO',"
                                + " options: 'i'}}, nullConcat: {$concat: ['a', '$none']}}}]",
                        "[{c: 'ABC1 - product 1', sub: 'af\u00e9', lo: 'abc1', up: 'PRODUCT 1', sp: ['Bern', 'CH'], len: 4,"
                                + " re: true, nullConcat: null}]"),
                example("arrays", "[{items: [1, 2, 3, 4, 5], names: ['a', 'b']}]",
                        "[{$project: {_id: 0, size: {$size: '$items'}, at: {$arrayElemAt: ['$items', -1]},"
                                + " big: {$filter: {input: '$items', as: 'i', cond: {$gt: ['$$i', 2]}, limit: 2}},"
                                + " doubled: {$map: {input: '$items', in: {$multiply: ['$$this', 2]}}},"
                                + " has: {$in: ['b', '$names']}, first2: {$slice: ['$items', 2]},"
                                + " last2: {$slice: ['$items', -2]}, mid: {$slice: ['$items', 1, 2]},"
                                + " outside: {$arrayElemAt: ['$items', 9]}}}]",
                        "[{size: 5, at: 5, big: [3, 4], doubled: [2, 4, 6, 8, 10], has: true, first2: [1, 2],"
                                + " last2: [4, 5], mid: [2, 3]}]"),
                example("$type and conversions",
                        "[{i: 5, l: 5000000000, d: 2.5, s: '42', b: true, n: null, a: [1], o: {x: 1},"
                                + " t: {$date: '2018-03-27T16:58:51.538Z'}}]",
                        "[{$project: {_id: 0, types: ['$i', '$l', '$d', '$s', '$b', '$n', '$a', '$o', '$t'],"
                                + " ts: {$map: {input: ['$i', '$l', '$d', '$s', '$b', '$n', '$a', '$o', '$t'],"
                                + " in: {$type: '$$this'}}}, missing: {$type: '$none'},"
                                + " toInt: {$toInt: '$s'}, toDouble: {$toDouble: '$s'}, toStringD: {$toString: '$d'},"
                                + " toStringT: {$toString: '$t'}, toDate: {$toDate: 1522169931538},"
                                + " conv: {$convert: {input: 'x', to: 'int', onError: -1}},"
                                + " convNull: {$convert: {input: '$none', to: 'int', onNull: 0}},"
                                + " toLong: {$toLong: '$t'}, toBool: {$toBool: 0}}}, {$project: {types: 0}}]",
                        "[{ts: ['int', 'long', 'double', 'string', 'bool', 'null', 'array', 'object', 'date'],"
                                + " missing: 'missing', toInt: 42, toDouble: 42.0, toStringD: '2.5',"
                                + " toStringT: '2018-03-27T16:58:51.538Z', toDate: {$date: '2018-03-27T16:58:51.538Z'},"
                                + " conv: -1, convNull: 0, toLong: 1522169931538, toBool: false}]"),
                example("date parts in UTC and in a time zone", "[{d: {$date: '2014-01-01T08:15:39.736Z'}}]",
                        "[{$project: {_id: 0, y: {$year: '$d'}, m: {$month: '$d'}, day: {$dayOfMonth: '$d'},"
                                + " h: {$hour: '$d'}, hNY: {$hour: {date: '$d', timezone: 'America/New_York'}},"
                                + " hOffset: {$hour: {date: '$d', timezone: '+05:30'}}, min: {$minute: '$d'},"
                                + " sec: {$second: '$d'}, ms: {$millisecond: '$d'}, dow: {$dayOfWeek: '$d'},"
                                + " doy: {$dayOfYear: '$d'}}}]",
                        "[{y: 2014, m: 1, day: 1, h: 8, hNY: 3, hOffset: 13, min: 15, sec: 39, ms: 736, dow: 4, doy: 1}]"),
                example("$dateToString formats and zones", "[{d: {$date: '2014-01-01T08:15:39.736Z'}}]",
                        "[{$project: {_id: 0, ymd: {$dateToString: {format: '%Y-%m-%d', date: '$d'}},"
                                + " time: {$dateToString: {format: '%H:%M:%S:%L%z', date: '$d', timezone: 'America/New_York'}},"
                                + " tzMinutes: {$dateToString: {format: '%Z', date: '$d', timezone: '+04:30'}},"
                                + " dayOfYear: {$dateToString: {format: '%j', date: '$d'}}, iso: {$dateToString: {date: '$d'}},"
                                + " none: {$dateToString: {date: '$none', onNull: 'n/a'}}}}]",
                        "[{ymd: '2014-01-01', time: '03:15:39:736-0500', tzMinutes: '270', dayOfYear: '001',"
                                + " iso: '2014-01-01T08:15:39.736Z', none: 'n/a'}]"),
                example("$dateFromString with format, zone and onError",
                        "[{s: '2017-02-08T12:10:40.787', f: '15-06-2018', bad: 'not a date'}]",
                        "[{$project: {_id: 0, utc: {$dateFromString: {dateString: '$s'}},"
                                + " ny: {$dateFromString: {dateString: '$s', timezone: 'America/New_York'}},"
                                + " fmt: {$dateFromString: {dateString: '$f', format: '%d-%m-%Y'}},"
                                + " err: {$dateFromString: {dateString: '$bad', onError: 'invalid'}},"
                                + " offset: {$dateFromString: {dateString: '2017-02-08T12:10:40+05:00'}}}}]",
                        "[{utc: {$date: '2017-02-08T12:10:40.787Z'}, ny: {$date: '2017-02-08T17:10:40.787Z'},"
                                + " fmt: {$date: '2018-06-15T00:00:00Z'}, err: 'invalid',"
                                + " offset: {$date: '2017-02-08T07:10:40Z'}}]"),
                example("$dateTrunc by unit, bin size, week start and zone",
                        "[{d: {$date: '2020-05-18T14:10:30Z'}}]",
                        "[{$project: {_id: 0, year: {$dateTrunc: {date: '$d', unit: 'year'}},"
                                + " quarter: {$dateTrunc: {date: '$d', unit: 'quarter'}},"
                                + " month2: {$dateTrunc: {date: '$d', unit: 'month', binSize: 2}},"
                                + " week: {$dateTrunc: {date: '$d', unit: 'week'}},"
                                + " weekMonday: {$dateTrunc: {date: '$d', unit: 'week', startOfWeek: 'monday'}},"
                                + " day: {$dateTrunc: {date: '$d', unit: 'day', timezone: 'America/Los_Angeles'}},"
                                + " hour6: {$dateTrunc: {date: '$d', unit: 'hour', binSize: 6}},"
                                + " min15: {$dateTrunc: {date: '$d', unit: 'minute', binSize: 15}}}}]",
                        "[{year: {$date: '2020-01-01T00:00:00Z'}, quarter: {$date: '2020-04-01T00:00:00Z'},"
                                + " month2: {$date: '2020-05-01T00:00:00Z'}, week: {$date: '2020-05-17T00:00:00Z'},"
                                + " weekMonday: {$date: '2020-05-18T00:00:00Z'}, day: {$date: '2020-05-18T07:00:00Z'},"
                                + " hour6: {$date: '2020-05-18T12:00:00Z'}, min15: {$date: '2020-05-18T14:00:00Z'}}]"),
                example("$let and $$ROOT/$$CURRENT", "[{_id: 'x', price: 10, tax: 0.5, applyDiscount: true}]",
                        "[{$project: {_id: 0, finalTotal: {$let: {vars: {total: {$add: ['$price', '$tax']},"
                                + " discounted: {$cond: {if: '$applyDiscount', then: 0.9, else: 1}}},"
                                + " in: {$multiply: ['$$total', '$$discounted']}}}, id: '$$ROOT._id',"
                                + " price: '$$CURRENT.price'}}]",
                        "[{finalTotal: 9.450000000000001, id: 'x', price: 10}]"),
                example("$literal keeps $ text", "[{a: 1}]",
                        "[{$project: {_id: 0, costsOneDollar: {$eq: ['$a', {$literal: 1}]}, text: {$literal: '$1'}}}]",
                        "[{costsOneDollar: true, text: '$1'}]"),
                example("field paths through arrays", "[{a: [{b: 1}, {b: 2}, {c: 3}, 4]}]",
                        "[{$project: {_id: 0, bs: '$a.b', n: {$size: '$a.b'}}}]", "[{bs: [1, 2], n: 2}]"));
    }

    private static Arguments example(String name, String documents, String pipeline, String expected) {
        return Arguments.of(name, documents, pipeline, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsAsTheManualShows(String name, String documents, String pipeline, String expected) {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection collection = db.collection("c");
            collection.putBatch(documents(documents));
            List<Document> results = collection.aggregate(pipeline(pipeline)).toList();
            List<Document> wanted = documents(expected);
            if (!wanted.isEmpty() && !results.isEmpty() && !wanted.get(0).containsKey("_id")
                    && results.get(0).containsKey("_id") && !pipeline.contains("_id")) {
                results.forEach(r -> r.remove("_id"));
            }
            assertThat(canonical(results)).isEqualTo(canonical(wanted));
        }
    }
}
