package io.tetherdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Generators shared by the bad-input suites: relaxed-JSON text that is valid, random edits of it,
 * and strings from an alphabet that is mostly JSON punctuation, so that random input reaches deep
 * into the parsers instead of failing on the first character. Each generator draws only from the
 * {@link Random} it is given (as {@link RandomCases} hands one to each case), so a case's seed
 * replays its input; the class holds no state and is thread-safe.
 */
public final class FuzzInputs {

    /** Characters that matter to JSON, to filters and to regular-expression literals. */
    private static final char[] JSON_ALPHABET =
            "{}[]:,'\"\\/$.-+eE0123456789 \n\tabnulltrefsNaIfiy*#_\u0000\u00e9\ud83d\ude00\ud800".toCharArray();

    /** Characters that sit on a boundary of some encoding: NUL, the end of ASCII, surrogates, U+FFFF. */
    private static final char[] EDGE_CHARS = {'\u0000', ' ', '\u007f', '\u0080', '\u00ff', '\u0100', '\u07ff',
        '\u0800', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\ufffe', '\uffff'};

    private static final List<String> OPERATORS = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
            "$all", "$exists", "$contains", "$regex", "$options", "$size", "$type", "$mod", "$elemMatch", "$not",
            "$and", "$or", "$nor", "$comment", "$where", "$regularExpression", "$bogus");

    private static final List<String> SCALARS = List.of("0", "-1", "1.5", "-0.0", "1e308", "1e400", "-1e400",
            "1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "+Infinity", "true", "false", "null",
            "''", "'a'", "\"\\ud800\"", "\"\\udc00x\"", "'x.y'", "'$x'", "/^a/i", "/[/", "/a/q", "0x10", "01",
            "'string'", "'number'", "2", "{}", "[]", "[1, 2]", "[-1, 0]", "[0, 0]", "['a', null]", "[{}]", "[{a: 1}]",
            "[{a: {$gt: 1}}, {}]", "[{$and: [{b: 1}]}]", "{$gt: 1, $lt: 5}", "{$regex: 'a', $options: 'i'}",
            "{$numberDecimal: '12.50'}", "{$numberDecimal: '-1E+6111'}", "{$numberDecimal: '1E-6177'}",
            "{$numberDecimal: 'NaN'}", "{$numberDecimal: '-0'}", "{$numberDecimal: '12345678901234567890123456789012345'}",
            "{$numberDecimal: 12}", "{$numberDecimal: '1', x: 1}", "{x: 1, $numberDecimal: '1'}", "{$numberDecimal: 'x'}");

    private static final List<String> FIELDS = List.of("a", "b", "a.b", "a.0", "'a..b'", "'.a'", "''", "'$a'",
            "_id", "_tags", "'a.b.c.d'", "x", "'\\ud800'", "'\u00e9'");

    private static final List<String> DOCUMENT_FIELDS = List.of("a", "b", "c", "x", "tags", "'n m'", "'\u00e9'");

    private static final char[] ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private FuzzInputs() {
    }

    /**
     * @param random the source; not null
     * @return half the time up to 60 characters mostly of JSON punctuation, half the time up to 30
     *         characters from all of UTF-16 (lone surrogates and NUL included)
     */
    public static String jsonishString(Random random) {
        return random.nextBoolean() ? fromAlphabet(random, JSON_ALPHABET, 60) : anyString(random, 30);
    }

    /**
     * @param random the source; not null
     * @param maxLength the most characters
     * @return any UTF-16 text, lone surrogates included, often short and often with characters on
     *         an encoding boundary
     */
    public static String anyString(Random random, int maxLength) {
        char[] chars = new char[length(random, maxLength)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = switch (random.nextInt(4)) {
                case 0 -> EDGE_CHARS[random.nextInt(EDGE_CHARS.length)];
                case 1 -> (char) (' ' + random.nextInt(95)); // printable ASCII, where the grammar lives
                default -> (char) random.nextInt(Character.MAX_VALUE + 1);
            };
        }
        return new String(chars);
    }

    /**
     * @param random the source; not null
     * @param alphabet the characters to draw from; not empty
     * @param maxLength the most characters
     * @return text of those characters only, often short
     */
    public static String fromAlphabet(Random random, char[] alphabet, int maxLength) {
        char[] chars = new char[length(random, maxLength)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(chars);
    }

    /** A length up to {@code maxLength}: a quarter of the time 0 to 3, so that short texts are common. */
    private static int length(Random random, int maxLength) {
        return random.nextInt(4) == 0 ? random.nextInt(Math.min(3, maxLength) + 1) : random.nextInt(maxLength + 1);
    }

    /**
     * @param random the source; not null
     * @param depth how many levels of objects and arrays may still be opened
     * @return relaxed-JSON text of a filter-like value: an object whose keys are fields or
     *         operators and whose values are scalars, arrays or further such objects
     */
    public static String filterText(Random random, int depth) {
        return object(random, depth,
                r -> r.nextBoolean() ? FIELDS.get(r.nextInt(FIELDS.size())) : OPERATORS.get(r.nextInt(OPERATORS.size())));
    }

    /**
     * @param random the source; not null
     * @param depth how many levels of objects and arrays may still be opened
     * @return relaxed-JSON text of a document: fields, scalars, arrays and sub-documents
     */
    public static String documentText(Random random, int depth) {
        return object(random, depth, r -> r.nextBoolean() ? DOCUMENT_FIELDS.get(r.nextInt(DOCUMENT_FIELDS.size()))
                : ALPHA[r.nextInt(ALPHA.length)] + fromAlphabet(r, ALPHA, 3)); // 1 to 4 letters
    }

    /** Up to 4 entries, each a key and a value of at most {@code depth - 1} further levels. */
    private static String object(Random random, int depth, Function<Random, String> keys) {
        int size = random.nextInt(5);
        List<String> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            entries.add(keys.apply(random) + ": " + value(random, depth - 1, keys));
        }
        return "{" + String.join(", ", entries) + "}";
    }

    /** A scalar 5 times in 10, an array of up to 3 values 2 in 10, an object 3 in 10, while depth remains. */
    private static String value(Random random, int depth, Function<Random, String> keys) {
        int pick = random.nextInt(10);
        if (depth <= 0 || pick < 5) {
            return SCALARS.get(random.nextInt(SCALARS.size()));
        }
        if (pick < 7) {
            int size = random.nextInt(4);
            List<String> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(value(random, depth - 1, keys));
            }
            return "[" + String.join(", ", values) + "]";
        }
        return object(random, depth - 1, keys);
    }

    /**
     * @param random the source; not null
     * @param valid the text to edit; not null
     * @return the text after one to five random single-character insertions, deletions or
     *         replacements of characters from the JSON alphabet
     */
    public static String mutated(Random random, String valid) {
        StringBuilder out = new StringBuilder(valid);
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits; e++) {
            int position = random.nextInt(out.length() + 1);
            char c = JSON_ALPHABET[random.nextInt(JSON_ALPHABET.length)];
            switch (random.nextInt(3)) {
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
