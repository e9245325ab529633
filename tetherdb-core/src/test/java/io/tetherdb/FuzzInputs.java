package io.tetherdb;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators shared by the bad-input property suites: relaxed-JSON text that is valid, random
 * edits of it, and strings from an alphabet that is mostly JSON punctuation, so that random input
 * reaches deep into the parsers instead of failing on the first character.
 */
public final class FuzzInputs {

    /** Characters that matter to JSON, to filters and to regular-expression literals. */
    private static final String JSON_ALPHABET = "{}[]:,'\"\\/$.-+eE0123456789 \n\tabnulltrefsNaIfiy*#_\u0000\u00e9\ud83d\ude00\ud800";

    private static final List<String> OPERATORS = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
            "$all", "$exists", "$contains", "$regex", "$options", "$size", "$type", "$mod", "$elemMatch", "$not",
            "$and", "$or", "$nor", "$comment", "$where", "$regularExpression", "$bogus");

    private static final List<String> SCALARS = List.of("0", "-1", "1.5", "-0.0", "1e308", "1e400", "-1e400",
            "1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "+Infinity", "true", "false", "null",
            "''", "'a'", "\"\\ud800\"", "\"\\udc00x\"", "'x.y'", "'$x'", "/^a/i", "/[/", "/a/q", "0x10", "01",
            "'string'", "'number'", "2", "{}", "[]", "[1, 2]", "[-1, 0]", "[0, 0]", "['a', null]", "[{}]", "[{a: 1}]",
            "[{a: {$gt: 1}}, {}]", "[{$and: [{b: 1}]}]", "{$gt: 1, $lt: 5}", "{$regex: 'a', $options: 'i'}");

    private static final List<String> FIELDS = List.of("a", "b", "a.b", "a.0", "'a..b'", "'.a'", "''", "'$a'",
            "_id", "_tags", "'a.b.c.d'", "x", "'\\ud800'", "'\u00e9'");

    private FuzzInputs() {
    }

    /** @return strings made mostly of JSON punctuation, up to 60 characters */
    public static Arbitrary<String> jsonishStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(JSON_ALPHABET.toCharArray()).ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    /**
     * @param depth how many levels of objects and arrays may still be opened
     * @return relaxed-JSON text of a filter-like value: an object whose keys are fields or
     *         operators and whose values are scalars, arrays or further such objects
     */
    public static Arbitrary<String> filterText(int depth) {
        return object(depth, Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.of(OPERATORS)));
    }

    /** @return relaxed-JSON text of a document: fields, scalars, arrays and sub-documents */
    public static Arbitrary<String> documentText(int depth) {
        return object(depth, Arbitraries.oneOf(Arbitraries.of("a", "b", "c", "x", "tags", "'n m'", "'\u00e9'"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4)));
    }

    private static Arbitrary<String> object(int depth, Arbitrary<String> keys) {
        Arbitrary<String> entry = Combinators.combine(keys, value(depth - 1, keys))
                .as((key, value) -> key + ": " + value);
        return entry.list().ofMaxSize(4).map(entries -> "{" + String.join(", ", entries) + "}");
    }

    private static Arbitrary<String> value(int depth, Arbitrary<String> keys) {
        Arbitrary<String> scalar = Arbitraries.of(SCALARS);
        if (depth <= 0) {
            return scalar;
        }
        Arbitrary<String> array = Arbitraries.lazy(() -> value(depth - 1, keys)).list().ofMaxSize(3)
                .map(values -> "[" + String.join(", ", values) + "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, scalar),
                net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(3, Arbitraries.lazy(() -> object(depth - 1, keys))));
    }

    /**
     * @param valid the arbitrary whose values are edited
     * @return the values with up to five random single-character insertions, deletions or
     *         replacements
     */
    public static Arbitrary<String> mutated(Arbitrary<String> valid) {
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 10_000), Arbitraries.chars().with(JSON_ALPHABET.toCharArray()))
                .as((kind, position, c) -> new int[] {kind, position, c}).list().ofMinSize(1).ofMaxSize(5);
        return Combinators.combine(valid, edits).as(FuzzInputs::apply);
    }

    private static String apply(String text, List<int[]> edits) {
        StringBuilder out = new StringBuilder(text);
        for (int[] edit : new ArrayList<>(edits)) {
            int position = out.length() == 0 ? 0 : edit[1] % (out.length() + 1);
            char c = (char) edit[2];
            switch (edit[0]) {
                case 0 -> out.insert(position, c);
                case 1 -> {
                    if (position < out.length()) {
                        out.deleteCharAt(position);
                    }
                }
                default -> {
                    if (position < out.length()) {
                        out.setCharAt(position, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
