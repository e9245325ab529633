package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import io.tetherdb.document.Document;

/**
 * Runs random (document, filter) pairs through {@link Filter} and through mongo-java-server's
 * {@link DefaultQueryMatcher}, an independent implementation of MongoDB's matching, and requires
 * the same answer. The seed is fixed and printed; set {@code -Dtetherdb.differential.seed=N} to try another
 * and {@code -Dtetherdb.differential.pairs=N} to run more pairs.
 *
 * <p>Where mongo-java-server departs from MongoDB's documented behaviour we follow MongoDB and do
 * not compare those cases. The generator avoids them, or {@link #oracleDiverges} skips them:
 * <ol>
 * <li>{@code $gte}/{@code $lte}/{@code $gt}/{@code $lt} with a null operand: MongoDB treats
 * {@code $gte: null} and {@code $lte: null} as {@code $eq: null} (matching null and missing);
 * mongo-java-server never matches. Comparison operands are never null here.</li>
 * <li>{@code $regex} against non-strings: mongo-java-server matches the text of numbers, booleans
 * and lists ({@code toString()}); MongoDB matches strings only. Patterns here are anchored at the
 * start with letters no such text begins with.</li>
 * <li>Arrays nested directly in arrays on a dotted path ({@code {a: [[{b: 1}]]}} with
 * {@code 'a.b'}): mongo-java-server descends any number of array levels, MongoDB one per path
 * segment. Documents here have no array directly inside an array.</li>
 * <li>Embedded-document equality: mongo-java-server ignores field order, MongoDB does not.
 * Generated embedded documents always keep their fields in one order.</li>
 * <li>{@code $in} whose list holds an array, tested against an array field: mongo-java-server only
 * compares the whole field array with the first element of the list. Skipped.</li>
 * <li>Object-form {@code $elemMatch} over elements that are not documents: MongoDB only considers
 * document elements, mongo-java-server treats a scalar element as a document lacking every field
 * (so {@code {x: {$exists: false}}} or {@code {x: null}} would match it). Skipped.</li>
 * <li>{@code $not}, and {@code $exists: false}, on a path that passes through an array
 * ({@code {'a.y': {$not: {$gt: 3}}}} on {@code {a: [{y: 5}, {y: 1}]}} or on {@code {a: []}}):
 * mongo-java-server negates per element ("some element does not match"), MongoDB negates the
 * whole condition ("no element matches"). Skipped.</li>
 * <li>Several operators on one field whose path passes through or ends at an array: mongo-java-server
 * requires one element to satisfy them all ({@code {dim: {$gt: 15, $lt: 20}}} does not match
 * {@code {dim: [14, 21]}} there, contrary to MongoDB's documentation), and next to {@code $ne},
 * {@code $nin} or {@code $all} it evaluates only that one operator. Next to {@code $regex} it
 * evaluates only the {@code $regex}, on any value ({@code {$regex: '^a', $gt: 'b'}} matches
 * {@code 'ab'} there). Skipped.</li>
 * <li>An empty document as the value to compare with ({@code {a: {}}}, {@code {a: {$ne: {}}}}):
 * mongo-java-server treats it as a condition every non-document satisfies, MongoDB as the value
 * {@code {}}. Skipped.</li>
 * <li>{@code $all} on a value that is not an array, or on a dotted path: mongo-java-server never
 * matches a non-array, MongoDB treats {@code $all} as an AND of equalities
 * ({@code {tags: {$all: ['ssl']}}} matches {@code {tags: 'ssl'}}, and {@code $all: [null]} matches
 * a missing field). Skipped.</li>
 * <li>An embedded document to compare with, on a path that passes through or ends at an array:
 * mongo-java-server also matches an array holding a document that merely has those fields
 * ({@code {b: {x: 1}}} matches {@code {b: [{x: 1, y: 2}]}} there), MongoDB requires an exactly
 * equal element, as its documentation's {@code instock} examples show. Skipped.</li>
 * <li>{@code $contains} is TetherDB's own and has no counterpart there; it is covered by
 * {@link FilterSemanticsTests}.</li>
 * <li>A named segment after an array element that is not a document ({@code 'a.y'} on
 * {@code {a: [3]}}): MongoDB finds nothing there, neither a value nor a missing field, so
 * {@code {'a.y': null}} does not match and {@code {'a.y': {$nin: [null]}}} does (its
 * {@code null_query_semantics} tests show it); mongo-java-server takes the element for a
 * missing field. Likewise a digit segment on an array of documents ({@code 'c.0'} on
 * {@code {c: [{y: 1}]}}): MongoDB looks it up as a position and also as a field of each element
 * document, where it is missing, so {@code {'c.0': {$ne: null}}} does not match; mongo-java-server
 * only takes the position. Conditions with null or {@code $exists} on such paths are skipped;
 * {@link ArrayPathTests} covers them.</li>
 * </ol>
 */
class FilterDifferentialTests {

    private static final long DEFAULT_SEED = 20_260_101L;
    private static final int PAIRS = Integer.getInteger("tetherdb.differential.pairs", 20_000);

    private static final String[] TOP_FIELDS = { "a", "b", "c" };
    private static final String[] SUB_FIELDS = { "x", "y" };
    private static final String[] STRINGS = { "a", "ab", "b", "B", "abc", "" };

    private final DefaultQueryMatcher oracle = new DefaultQueryMatcher();

    @Test
    void agreesWithAnIndependentImplementationOfMongoDbMatching() {
        long seed = Long.getLong("tetherdb.differential.seed", DEFAULT_SEED);
        System.out.println("FilterDifferentialTests seed: " + seed + " (replay with -Dtetherdb.differential.seed="
                + seed + ")");
        Random random = new Random(seed);
        int compared = 0;
        int matched = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Document document = randomDocument(random);
            Document filterDocument = randomFilter(random, 0);
            if (oracleDiverges(filterDocument, document)) {
                continue;
            }
            boolean ours = Filter.of(filterDocument).matches(document);
            boolean theirs = oracle.matches(toOracle(document), toOracle(filterDocument));
            compared++;
            if (ours) {
                matched++;
            }
            if (ours != theirs && failures.size() < 20) {
                failures.add("filter " + filterDocument.toJson() + " on " + document.toJson() + ": TetherDB " + ours
                        + ", mongo-java-server " + theirs);
            }
        }
        System.out.println("FilterDifferentialTests compared " + compared + " pairs, " + matched + " matched");
        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(compared).isGreaterThan(PAIRS / 2);
        // A generator whose filters never (or always) match would test little.
        assertThat(matched).isBetween(compared / 20, compared - compared / 20);
    }

    // ---- documents

    private static Document randomDocument(Random random) {
        Document document = new Document();
        for (String field : TOP_FIELDS) {
            if (random.nextInt(5) > 0) {
                document.put(field, randomValue(random, 0));
            }
        }
        return document;
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth == 0 ? 10 : 7);
        switch (kind) {
            case 0:
            case 1:
            case 2:
                return randomNumber(random);
            case 3:
                return STRINGS[random.nextInt(STRINGS.length)];
            case 4:
                return random.nextInt(4) == 0 ? null : random.nextBoolean();
            case 5:
                return randomSubDocument(random, depth);
            case 6:
                return depth == 0 ? randomSubDocument(random, depth) : randomNumber(random);
            default:
                return randomArray(random, depth);
        }
    }

    private static Object randomNumber(Random random) {
        int n = random.nextInt(7) - 3;
        switch (random.nextInt(4)) {
            case 0:
                return (long) n;
            case 1:
                return (double) n;
            case 2:
                return n + 0.5;
            default:
                return n;
        }
    }

    private static Document randomSubDocument(Random random, int depth) {
        Document document = new Document();
        for (String field : SUB_FIELDS) {
            if (random.nextInt(4) > 0) {
                document.put(field, depth < 1 ? randomValue(random, depth + 1) : randomNumber(random));
            }
        }
        return document;
    }

    private static List<Object> randomArray(Random random, int depth) {
        List<Object> array = new ArrayList<>();
        int size = random.nextInt(4);
        boolean documents = random.nextInt(3) == 0;
        for (int i = 0; i < size; i++) {
            // Never an array directly inside an array (divergence 3).
            array.add(documents ? randomSubDocument(random, depth + 1) : randomScalar(random));
        }
        return array;
    }

    private static Object randomScalar(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return STRINGS[random.nextInt(STRINGS.length)];
            case 1:
                return random.nextInt(5) == 0 ? null : random.nextBoolean();
            default:
                return randomNumber(random);
        }
    }

    // ---- filters

    private static Document randomFilter(Random random, int depth) {
        int kind = random.nextInt(depth < 2 ? 12 : 10);
        if (kind == 10 || kind == 11) {
            String operator = new String[] { "$and", "$or", "$nor" }[random.nextInt(3)];
            List<Object> children = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                children.add(randomFilter(random, depth + 1));
            }
            return Document.of(operator, children);
        }
        Document filter = new Document();
        int fields = 1 + random.nextInt(2);
        for (int i = 0; i < fields; i++) {
            filter.put(randomPath(random), randomCondition(random, depth));
        }
        return filter;
    }

    private static String randomPath(Random random) {
        String top = TOP_FIELDS[random.nextInt(TOP_FIELDS.length)];
        switch (random.nextInt(6)) {
            case 0:
            case 1:
                return top + "." + SUB_FIELDS[random.nextInt(SUB_FIELDS.length)];
            case 2:
                return top + "." + random.nextInt(2);
            default:
                return top;
        }
    }

    private static Object randomCondition(Random random, int depth) {
        switch (random.nextInt(8)) {
            case 0:
                return randomEqualityOperand(random);
            case 1:
                return Document.of(new String[] { "$eq", "$ne" }[random.nextInt(2)], randomEqualityOperand(random));
            default:
                Document operators = new Document();
                int n = 1 + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    String operator = randomOperator(random);
                    if (!operators.containsKey(operator)) {
                        operators.put(operator, randomOperand(random, operator, depth));
                    }
                }
                return operators;
        }
    }

    private static Object randomEqualityOperand(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return null;
            case 1:
                return randomSubDocument(random, 1);
            case 2:
                return randomArray(random, 1);
            default:
                return randomScalar(random);
        }
    }

    private static String randomOperator(Random random) {
        String[] operators = { "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$size", "$all",
            "$elemMatch", "$type", "$mod", "$regex", "$not", "$eq", "$ne" };
        return operators[random.nextInt(operators.length)];
    }

    private static Object randomOperand(Random random, String operator, int depth) {
        switch (operator) {
            case "$gt":
            case "$gte":
            case "$lt":
            case "$lte":
                // Never null (divergence 1).
                Object value = randomScalar(random);
                return value == null ? 0 : value;
            case "$in":
            case "$nin":
                return listOf(random, () -> random.nextInt(8) == 0 ? randomArray(random, 1) : randomScalar(random));
            case "$all":
                return listOf(random, () -> randomScalar(random));
            case "$exists":
                return random.nextBoolean();
            case "$size":
                return random.nextInt(3);
            case "$type":
                String[] types = { "string", "number", "int", "long", "double", "bool", "null", "array", "object" };
                return random.nextInt(4) == 0 ? List.of(types[random.nextInt(types.length)], "string")
                        : types[random.nextInt(types.length)];
            case "$mod":
                return List.of(2 + random.nextInt(2), random.nextInt(2));
            case "$regex":
                // Anchored at a letter that no number, boolean or list text starts with (divergence 2).
                return new String[] { "^a", "^b", "^ab" }[random.nextInt(3)];
            case "$elemMatch":
                if (random.nextBoolean()) {
                    return Document.of("$gte", randomNumber(random)).append("$lt", randomNumber(random));
                }
                return Document.of(SUB_FIELDS[random.nextInt(2)], randomNumber(random));
            case "$not":
                String inner = new String[] { "$gt", "$lt", "$in", "$exists", "$size", "$type" }[random.nextInt(6)];
                return Document.of(inner, randomOperand(random, inner, depth));
            default:
                return randomEqualityOperand(random);
        }
    }

    private static List<Object> listOf(Random random, Supplier<Object> element) {
        List<Object> list = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            list.add(element.get());
        }
        return list;
    }

    // ---- exclusions

    /** Whether a filter uses one of the divergences 5 to 10 on this document. */
    private static boolean oracleDiverges(Map<?, ?> filter, Document document) {
        for (Map.Entry<?, ?> e : filter.entrySet()) {
            String key = (String) e.getKey();
            if (key.startsWith("$")) {
                for (Object child : (List<?>) e.getValue()) {
                    if (oracleDiverges((Map<?, ?>) child, document)) {
                        return true;
                    }
                }
            } else if (conditionDiverges(key.split("\\."), e.getValue(), document)) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionDiverges(String[] path, Object condition, Document document) {
        if ((passesNonDocumentElement(document, path, 0)
                || Arrays.stream(path).anyMatch(s -> s.matches("\\d+")) && touchesArray(document, path, 0, false))
                && mentionsNullOrExists(condition)) {
            return true; // 13
        }
        if (!(condition instanceof Map<?, ?> operators)) {
            return false;
        }
        if (holdsEmptyDocument(operators)) {
            return true; // 9
        }
        if (!Operands.startsWithOperator(operators)) {
            return touchesArray(document, path, 0, true); // 11
        }
        if (operators.size() > 1 && (operators.containsKey("$regex") || touchesArray(document, path, 0, true))) {
            return true; // 8
        }
        for (Map.Entry<?, ?> e : operators.entrySet()) {
            Object operand = e.getValue();
            switch ((String) e.getKey()) {
                case "$in":
                case "$nin":
                    if (((List<?>) operand).stream().anyMatch(List.class::isInstance)) {
                        return true; // 5
                    }
                    break;
                case "$elemMatch":
                    if (!Operands.startsWithOperator((Map<?, ?>) operand) && hasScalarArrayElement(document)) {
                        return true; // 6
                    }
                    break;
                case "$not":
                    if (touchesArray(document, path, 0, false) || conditionDiverges(path, operand, document)) {
                        return true; // 7
                    }
                    break;
                case "$exists":
                    if (Boolean.FALSE.equals(operand) && touchesArray(document, path, 0, false)) {
                        return true; // 7
                    }
                    break;
                case "$all":
                    if (path.length > 1 || !(document.get(path[0]) instanceof List)) {
                        return true; // 10
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    private static boolean holdsEmptyDocument(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() || map.values().stream().anyMatch(FilterDifferentialTests::holdsEmptyDocument);
        }
        return value instanceof List<?> list && list.stream().anyMatch(FilterDifferentialTests::holdsEmptyDocument);
    }

    /** Whether the path passes through an array (or, with {@code leaf}, also ends at one). */
    private static boolean touchesArray(Object value, String[] path, int index, boolean leaf) {
        if (index == path.length) {
            return leaf && value instanceof List;
        }
        if (value instanceof List<?>) {
            return true;
        }
        return value instanceof Map<?, ?> map && touchesArray(map.get(path[index]), path, index + 1, leaf);
    }

    /** Whether a segment of the path, other than the last, meets an array with a non-document element. */
    private static boolean passesNonDocumentElement(Object value, String[] path, int index) {
        if (index == path.length) {
            return false;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!(element instanceof Map) || passesNonDocumentElement(element, path, index)) {
                    return true;
                }
            }
            return false;
        }
        return value instanceof Map<?, ?> map && passesNonDocumentElement(map.get(path[index]), path, index + 1);
    }

    private static boolean mentionsNullOrExists(Object condition) {
        if (condition == null) {
            return true;
        }
        if (condition instanceof Map<?, ?> map) {
            return map.containsKey("$exists")
                    || map.values().stream().anyMatch(FilterDifferentialTests::mentionsNullOrExists);
        }
        return condition instanceof List<?> list
                && list.stream().anyMatch(FilterDifferentialTests::mentionsNullOrExists);
    }

    private static boolean hasScalarArrayElement(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(FilterDifferentialTests::hasScalarArrayElement);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(e -> !(e instanceof Map) || hasScalarArrayElement(e));
        }
        return false;
    }

    // ---- conversion to mongo-java-server's types

    private static de.bwaldvogel.mongo.bson.Document toOracle(Map<?, ?> map) {
        de.bwaldvogel.mongo.bson.Document document = new de.bwaldvogel.mongo.bson.Document();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            document.put((String) e.getKey(), toOracleValue(e.getValue()));
        }
        return document;
    }

    private static Object toOracleValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return toOracle(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(toOracleValue(element));
            }
            return copy;
        }
        if (value instanceof Pattern pattern) {
            return new BsonRegularExpression(pattern.pattern(), Operands.optionsOf(pattern));
        }
        return value;
    }
}
