package io.tetherdb.aggregate;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.query.InvalidQueryException;

/**
 * Pipelines that are not valid, or that fail on a document: each is an
 * {@link InvalidQueryException} that names the stage or operator and where it stands, thrown when
 * the pipeline is given (for its shape) or when it meets the document (for its values), and a
 * rejected {@code $out} writes nothing.
 */
@ExtendWith(TetherTestExtension.class)
class AggregationErrorTests {

    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.inMemory();
        items = db.collection("items");
        items.putBatch(List.of(json("{_id: 'a', n: 1, s: 'x', arr: [1, 2], d: 0}"), json("{_id: 'b', n: 2, s: 'y'}")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Stream<Arguments> invalidPipelines() {
        return Stream.of(
                Arguments.of("{$match: {}}", "must be a JSON array of stages"),
                Arguments.of("[{$match: {}", "Malformed pipeline"),
                Arguments.of("[5]", "stage 0 of the pipeline is 5"),
                Arguments.of("[{$match: {}, $limit: 1}]", "exactly one field"),
                Arguments.of("[{$match: {}}, {$graphLookup: {}}]", "Unsupported stage '$graphLookup' at stage 1 of the pipeline"),
                Arguments.of("[{$project: {x: {$frobnicate: 1}}}]", "Unsupported expression operator '$frobnicate' in $project (stage 0"),
                Arguments.of("[{$group: {_id: null, x: {$median: '$n'}}}]", "Unsupported accumulator '$median' in $group (stage 0 of the pipeline) field 'x'"),
                Arguments.of("[{$group: {x: {$sum: 1}}}]", "must include an _id"),
                Arguments.of("[{$group: {_id: null, x: 1}}]", "The field 'x' in $group (stage 0 of the pipeline) must be an accumulator"),
                Arguments.of("[{$group: {_id: null, 'a.b': {$sum: 1}}}]", "Invalid output field name 'a.b'"),
                Arguments.of("[{$group: {_id: null, x: {$sum: [1, 2]}}}]", "$sum in $group (stage 0 of the pipeline) field 'x' is a unary operator"),
                Arguments.of("[{$group: {_id: null, x: {$count: 1}}}]", "$count in $group"),
                Arguments.of("[{$group: {_id: null, x: {$topN: {sortBy: {n: 1}, output: '$n'}}}}]", "missing 'n'"),
                Arguments.of("[{$match: {n: {$bogus: 1}}}]", "Invalid filter in $match (stage 0 of the pipeline)"),
                Arguments.of("[{$match: 5}]", "$match (stage 0 of the pipeline) takes a filter object"),
                Arguments.of("[{$project: {a: 1, b: 0}}]", "cannot mix inclusion"),
                Arguments.of("[{$project: {}}]", "requires at least one output field"),
                Arguments.of("[{$sort: {}}]", "$sort (stage 0 of the pipeline) takes an object naming at least one field"),
                Arguments.of("[{$sort: {n: 2}}]", "invalid sort"),
                Arguments.of("[{$limit: 0}]", "$limit (stage 0 of the pipeline) takes a positive integer"),
                Arguments.of("[{$skip: -1}]", "non-negative"),
                Arguments.of("[{$skip: 'x'}]", "takes an integer"),
                Arguments.of("[{$count: '$n'}]", "$count (stage 0 of the pipeline) takes a field name"),
                Arguments.of("[{$unwind: 'arr'}]", "must be a field path prefixed by '$'"),
                Arguments.of("[{$unwind: {path: '$arr', bogus: 1}}]", "unknown argument 'bogus'"),
                Arguments.of("[{$bucket: {groupBy: '$n', boundaries: [5, 1]}}]", "sorted in ascending order"),
                Arguments.of("[{$bucket: {groupBy: '$n', boundaries: [1, 'a']}}]", "same type"),
                Arguments.of("[{$bucket: {groupBy: '$n', boundaries: [0, 5], default: 3}}]", "'default' value 3"),
                Arguments.of("[{$bucketAuto: {groupBy: '$n', buckets: 2, granularity: 'R7'}}]", "unknown 'granularity' 'R7'; it must be one of [R5, R10, R20, R40, R80, 1-2-5, E6"),
                Arguments.of("[{$bucketAuto: {groupBy: '$n', buckets: 2, granularity: 5}}]", "unknown 'granularity' int"),
                Arguments.of("[{$bucketAuto: {groupBy: '$n', buckets: 0}}]", "positive"),
                Arguments.of("[{$facet: {a: [{$out: 'x'}]}}]", "$out (stage 0 of the $facet 'a' pipeline) is not allowed inside $facet"),
                Arguments.of("[{$facet: {a: {$match: {}}}}]", "must be an array of stages"),
                Arguments.of("[{$out: 'x'}, {$match: {}}]", "$out (stage 0 of the pipeline) must be the last stage"),
                Arguments.of("[{$out: {db: 'other', coll: 'x'}}]", "another database"),
                Arguments.of("[{$merge: {into: 'x', on: 'n'}}]", "'on' supports only _id"),
                Arguments.of("[{$merge: {into: 'x', whenMatched: [{$set: {a: 1}}]}}]", "'whenMatched' must be one of"),
                Arguments.of("[{$lookup: {from: 'x', localField: 'a', as: 'b'}}]", "missing 'foreignField'"),
                Arguments.of("[{$lookup: {from: 'x', foreignField: 'a', as: 'b', pipeline: []}}]", "missing 'localField'"),
                Arguments.of("[{$lookup: {from: 'x', as: 'b'}}]", "$lookup (stage 0 of the pipeline) takes either 'localField' and 'foreignField', or a 'pipeline'"),
                Arguments.of("[{$lookup: {from: 'x', localField: 'a', foreignField: 'a', let: {v: '$a'}, as: 'b'}}]", "'let' needs a 'pipeline'"),
                Arguments.of("[{$lookup: {from: 'x', pipeline: [], let: {V: '$a'}, as: 'b'}}]", "invalid variable name 'V'"),
                Arguments.of("[{$lookup: {from: 'x', pipeline: [], let: 5, as: 'b'}}]", "'let' must be an object of variables"),
                Arguments.of("[{$lookup: {from: 'x', pipeline: {$match: {}}, as: 'b'}}]", "'pipeline' must be an array of stages"),
                Arguments.of("[{$lookup: {from: 'x', pipeline: [{$match: {$expr: {$eq: ['$a', '$$v']}}}], as: 'b'}}]", "Use of undefined variable 'v' in $eq in $expr in $match (stage 0 of the $lookup pipeline)"),
                Arguments.of("[{$lookup: {from: 'x', let: {v: '$n'}, pipeline: [{$out: 'y'}], as: 'b'}}]", "$out (stage 0 of the $lookup pipeline) is not allowed inside $lookup"),
                Arguments.of("[{$lookup: {from: 'x', let: {v: '$n'}, pipeline: [{$bogus: 1}], as: 'b'}}]", "Unsupported stage '$bogus' at stage 0 of the $lookup pipeline"),
                Arguments.of("[{$lookup: {from: 'x', let: {v: {$frob: 1}}, pipeline: [], as: 'b'}}]", "Unsupported expression operator '$frob' in $lookup (stage 0 of the pipeline) let variable 'v'"),
                Arguments.of("[{$lookup: {from: 'x', pipeline: [], as: 'b', other: 1}}]", "unknown argument 'other'"),
                Arguments.of("[{$match: {$expr: {$frob: 1}}}]", "Unsupported expression operator '$frob' in $expr in $match (stage 0 of the pipeline)"),
                Arguments.of("[{$match: {$expr: '$$v'}}]", "Use of undefined variable 'v'"),
                Arguments.of("[{$sample: {size: -1}}]", "non-negative"),
                Arguments.of("[{$replaceRoot: {root: '$a'}}]", "unknown argument 'root'"),
                Arguments.of("[{$project: {x: {$add: 1, $subtract: 2}}}]", "Unknown expression operator or misplaced field name"),
                Arguments.of("[{$project: {x: '$$nope'}}]", "Use of undefined variable 'nope'"),
                Arguments.of("[{$project: {x: {$let: {vars: {Bad: 1}, in: 1}}}}]", "invalid variable name 'Bad'"),
                Arguments.of("[{$project: {x: {$subtract: [1]}}}]", "$subtract in $project (stage 0 of the pipeline) field 'x' takes exactly 2 arguments"),
                Arguments.of("[{$project: {x: {$cond: {if: true, then: 1}}}}]", "missing 'else'"),
                Arguments.of("[{$project: {x: {$regexMatch: {input: '$s', regex: '('}}}}]", "invalid regular expression"),
                Arguments.of("[{$project: {x: {$dateToString: {date: {$toDate: '2020-01-01'}, format: '%Q'}}}}]", "invalid format character '%Q'"),
                Arguments.of("[{$project: {x: {$dateTrunc: {date: {$toDate: '2020-01-01'}, unit: 'fortnight'}}}}]", "unit must be one of"),
                Arguments.of("[{$project: {x: {$year: {date: {$toDate: '2020-01-01'}, timezone: 'Mars/Olympus'}}}}]", "unrecognized time zone identifier 'Mars/Olympus'"),
                Arguments.of("[{$project: {x: {$convert: {input: '$s', to: 'objectId'}}}}]", "unsupported conversion target type 'objectId'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPipelines")
    void aPipelineOfTheWrongShapeIsRefusedWithWhatAndWhere(String pipeline, String message) {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> items.aggregate(pipeline).toList())
                .withMessageContaining(message);
    }

    static Stream<Arguments> failingDocuments() {
        return Stream.of(
                Arguments.of("[{$project: {x: {$divide: ['$n', '$d']}}}]", "can't $divide by zero"),
                Arguments.of("[{$project: {x: {$add: ['$n', '$s']}}}]", "$add in $project (stage 0 of the pipeline) field 'x' only supports numeric types, not string"),
                Arguments.of("[{$project: {x: {$size: '$s'}}}]", "$size in $project (stage 0 of the pipeline) field 'x': argument must be an array, but is string"),
                Arguments.of("[{$project: {x: {$concat: ['$s', '$n']}}}]", "$concat in $project (stage 0 of the pipeline) field 'x' only supports strings, not int"),
                Arguments.of("[{$project: {x: {$toInt: '$s'}}}]", "Failed to parse number 'x'"),
                Arguments.of("[{$project: {x: {$switch: {branches: [{case: false, then: 1}]}}}}]", "could not find a matching branch"),
                Arguments.of("[{$project: {x: {$year: '$s'}}}]", "can't convert from BSON type string to Date"),
                Arguments.of("[{$replaceRoot: {newRoot: '$n'}}]", "'newRoot' must evaluate to an object, but the result was int 1 for the document with _id a"),
                Arguments.of("[{$bucket: {groupBy: '$n', boundaries: [5, 10]}}]", "falls in no bucket and no 'default' is given"),
                Arguments.of("[{$bucketAuto: {groupBy: '$s', buckets: 2, granularity: 'R5'}}]", "with 'granularity' R5 every 'groupBy' value must be a number, but one is string"),
                Arguments.of("[{$bucketAuto: {groupBy: '$missing', buckets: 2, granularity: 'E12'}}]", "must be a number, but one is missing"),
                Arguments.of("[{$bucketAuto: {groupBy: {$subtract: [0, '$n']}, buckets: 2, granularity: 'POWERSOF2'}}]", "a number at or above 0 (not NaN), but one is -1"),
                Arguments.of("[{$project: {x: {$arrayElemAt: ['$arr', 0.5]}}}]", "32-bit integral"),
                Arguments.of("[{$project: {x: {$sqrt: -1}}}]", "greater than or equal to 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingDocuments")
    void anExpressionThatCannotBeEvaluatedOnADocumentFailsTheRun(String pipeline, String message) {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> items.aggregate(pipeline).toList())
                .withMessageContaining(message);
    }

    @Test
    void aRunThatFailsWritesNoOutput() {
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> items.aggregate("[{$project: {_id: 1, x: {$divide: [1, '$d']}}}, {$out: 'copy'}]")
                        .toList());
        assertThat(db.collection("copy").count()).isZero();
    }

    @Test
    void theShapeIsCheckedWhenThePipelineIsGivenNotWhenItRuns() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> items.aggregate("[{$nope: 1}]"));
    }
}
