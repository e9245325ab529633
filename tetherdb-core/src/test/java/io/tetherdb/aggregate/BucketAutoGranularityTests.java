package io.tetherdb.aggregate;

import static io.tetherdb.aggregate.AggregationFixtures.canonical;
import static io.tetherdb.aggregate.AggregationFixtures.documents;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * {@code $bucketAuto} with a {@code granularity}: the table of MongoDB's manual ("Comparing
 * Different Granularities", 100 documents numbered 0 to 99 in 5 buckets), and cases worked out by
 * hand from the manual's rules for the other series, zeros, values below 1, decimals and the number
 * types of the boundaries (a preferred number is a double, a power of two is typed as
 * {@code $pow(2, n)} is).
 */
@ExtendWith(TetherTestExtension.class)
class BucketAutoGranularityTests {

    static Stream<Arguments> manualTable() {
        return Stream.of(
                Arguments.of("R20", 5, "[{_id: {min: 0, max: 20.0}, count: 20}, {_id: {min: 20.0, max: 40.0}, count: 20},"
                        + " {_id: {min: 40.0, max: 63.0}, count: 23}, {_id: {min: 63.0, max: 90.0}, count: 27},"
                        + " {_id: {min: 90.0, max: 100.0}, count: 10}]"),
                Arguments.of("E24", 5, "[{_id: {min: 0, max: 20.0}, count: 20}, {_id: {min: 20.0, max: 43.0}, count: 23},"
                        + " {_id: {min: 43.0, max: 68.0}, count: 25}, {_id: {min: 68.0, max: 91.0}, count: 23},"
                        + " {_id: {min: 91.0, max: 100.0}, count: 9}]"),
                Arguments.of("1-2-5", 5, "[{_id: {min: 0, max: 20.0}, count: 20}, {_id: {min: 20.0, max: 50.0}, count: 30},"
                        + " {_id: {min: 50.0, max: 100.0}, count: 50}]"),
                Arguments.of("POWERSOF2", 5, "[{_id: {min: 0, max: 32}, count: 32}, {_id: {min: 32, max: 64}, count: 32},"
                        + " {_id: {min: 64, max: 128}, count: 36}]"),
                // the other series and bucket counts, by the same rules
                Arguments.of("R5", 5, "[{_id: {min: 0, max: 25.0}, count: 25}, {_id: {min: 25.0, max: 63.0}, count: 38},"
                        + " {_id: {min: 63.0, max: 100.0}, count: 37}]"),
                Arguments.of("R5", 1, "[{_id: {min: 0, max: 100.0}, count: 100}]"),
                Arguments.of("R10", 4, "[{_id: {min: 0, max: 25.0}, count: 25}, {_id: {min: 25.0, max: 50.0}, count: 25},"
                        + " {_id: {min: 50.0, max: 80.0}, count: 30}, {_id: {min: 80.0, max: 100.0}, count: 20}]"),
                Arguments.of("R40", 4, "[{_id: {min: 0, max: 25.0}, count: 25}, {_id: {min: 25.0, max: 50.0}, count: 25},"
                        + " {_id: {min: 50.0, max: 75.0}, count: 25}, {_id: {min: 75.0, max: 100.0}, count: 25}]"),
                Arguments.of("R80", 4, "[{_id: {min: 0, max: 24.3}, count: 25}, {_id: {min: 24.3, max: 51.5}, count: 27},"
                        + " {_id: {min: 51.5, max: 77.5}, count: 26}, {_id: {min: 77.5, max: 103.0}, count: 22}]"),
                Arguments.of("E6", 3, "[{_id: {min: 0, max: 33.0}, count: 33}, {_id: {min: 33.0, max: 68.0}, count: 35},"
                        + " {_id: {min: 68.0, max: 100.0}, count: 32}]"),
                Arguments.of("E12", 4, "[{_id: {min: 0, max: 27.0}, count: 27}, {_id: {min: 27.0, max: 56.0}, count: 29},"
                        + " {_id: {min: 56.0, max: 82.0}, count: 26}, {_id: {min: 82.0, max: 100.0}, count: 18}]"),
                Arguments.of("E48", 4, "[{_id: {min: 0, max: 24.900000000000002}, count: 25}, {_id: {min: 24.900000000000002, max: 51.1},"
                        + " count: 27}, {_id: {min: 51.1, max: 78.7}, count: 27}, {_id: {min: 78.7, max: 100.0}, count: 21}]"),
                Arguments.of("E96", 4, "[{_id: {min: 0, max: 24.3}, count: 25}, {_id: {min: 24.3, max: 49.900000000000006}, count: 25},"
                        + " {_id: {min: 49.900000000000006, max: 75.0}, count: 25}, {_id: {min: 75.0, max: 100.0}, count: 25}]"),
                Arguments.of("E192", 5, "[{_id: {min: 0, max: 19.1}, count: 20}, {_id: {min: 19.1, max: 39.2}, count: 20},"
                        + " {_id: {min: 39.2, max: 59.7}, count: 20}, {_id: {min: 59.7, max: 79.60000000000001}, count: 20},"
                        + " {_id: {min: 79.60000000000001, max: 100.0}, count: 20}]"),
                Arguments.of("POWERSOF2", 12, "[{_id: {min: 0, max: 8}, count: 8}, {_id: {min: 8, max: 16}, count: 8},"
                        + " {_id: {min: 16, max: 32}, count: 16}, {_id: {min: 32, max: 64}, count: 32},"
                        + " {_id: {min: 64, max: 128}, count: 36}]"));
    }

    @ParameterizedTest(name = "{0}, {1} buckets")
    @MethodSource("manualTable")
    void roundsTheBoundariesOfAHundredNumbersAsTheManualShows(String granularity, int buckets, String expected) {
        List<Map<String, ?>> things = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            things.add(Map.of("n", i));
        }
        assertThat(run(things, "[{$bucketAuto: {groupBy: '$n', buckets: " + buckets + ", granularity: '" + granularity
                + "'}}]")).isEqualTo(canonical(documents(expected)));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // a bucket of zeros ends at the next bucket's start rounded down (R5 below 1.0 is 0.63)
                Arguments.of("zeros", "[{n: 0}, {n: 0}, {n: 0}, {n: 1}, {n: 2}, {n: 3}]",
                        "[{$bucketAuto: {groupBy: '$n', buckets: 2, granularity: 'R5'}}]",
                        "[{_id: {min: 0, max: 0.63}, count: 3}, {_id: {min: 0.63, max: 4.0}, count: 3}]"),
                // the first bucket starts at the smallest value rounded down, across decades
                Arguments.of("small values", "[{n: 0.012}, {n: 0.3}, {n: 7}, {n: 450}]",
                        "[{$bucketAuto: {groupBy: '$n', buckets: 2, granularity: '1-2-5'}}]",
                        "[{_id: {min: 0.01, max: 0.5}, count: 2}, {_id: {min: 0.5, max: 500.0}, count: 2}]"),
                // a value on the series rounds past itself
                Arguments.of("values on the series", "[{n: 10}, {n: 20}, {n: 50}, {n: 100}]",
                        "[{$bucketAuto: {groupBy: '$n', buckets: 2, granularity: '1-2-5'}}]",
                        "[{_id: {min: 5.0, max: 50.0}, count: 2}, {_id: {min: 50.0, max: 200.0}, count: 2}]"),
                // decimals round in decimal arithmetic
                Arguments.of("decimals", "[{n: {$numberDecimal: '1.5'}}, {n: {$numberDecimal: '2.5'}},"
                        + " {n: {$numberDecimal: '3.5'}}, {n: {$numberDecimal: '12'}}]",
                        "[{$bucketAuto: {groupBy: '$n', buckets: 2, granularity: 'E6'}}]",
                        "[{_id: {min: {$numberDecimal: '1.0'}, max: {$numberDecimal: '3.3'}}, count: 2},"
                        + " {_id: {min: {$numberDecimal: '3.3'}, max: {$numberDecimal: '15'}}, count: 2}]"),
                // powers of two: 2 to a negative power is a double, to another an int
                Arguments.of("powers of two of doubles", "[{n: 0.3}, {n: 0.7}, {n: 1.5}, {n: 3.0}]",
                        "[{$bucketAuto: {groupBy: '$n', buckets: 2, granularity: 'POWERSOF2'}}]",
                        "[{_id: {min: 0.25, max: 1}, count: 2}, {_id: {min: 1, max: 4}, count: 2}]"),
                Arguments.of("powers of two of exact powers", "[{n: 4}, {n: 8}, {n: 1099511627776}]",
                        "[{$bucketAuto: {groupBy: '$n', buckets: 3, granularity: 'POWERSOF2'}}]",
                        "[{_id: {min: 2, max: 8}, count: 1}, {_id: {min: 8, max: 16}, count: 1},"
                        + " {_id: {min: 16, max: 2199023255552}, count: 1}]"),
                // the output accumulators see every document of a bucket, absorbed ones included
                Arguments.of("output", "[{n: 1, k: 'a'}, {n: 2, k: 'b'}, {n: 2.2, k: 'c'}, {n: 9, k: 'd'}]",
                        "[{$bucketAuto: {groupBy: '$n', buckets: 3, granularity: 'R5', output: {ks: {$push: '$k'}}}}]",
                        "[{_id: {min: 0.63, max: 1.6}, ks: ['a']}, {_id: {min: 1.6, max: 2.5}, ks: ['b', 'c']},"
                        + " {_id: {min: 2.5, max: 10.0}, ks: ['d']}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundsAsTheManualsRulesSay(String name, String documents, String pipeline, String expected) {
        List<Map<String, ?>> input = new ArrayList<>(documents(documents));
        assertThat(run(input, pipeline)).isEqualTo(canonical(documents(expected)));
    }

    private static String run(List<Map<String, ?>> documents, String pipeline) {
        try (TetherDB db = TetherDB.inMemory()) {
            TetherCollection collection = db.collection("things");
            collection.putBatch(documents);
            List<Document> results = collection.aggregate(pipeline).toList();
            return canonical(results);
        }
    }
}
