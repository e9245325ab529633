package io.tetherdb.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.tetherdb.document.Decimals;
import io.tetherdb.document.Document;
import io.tetherdb.document.Json;

/**
 * Converts filter operands into the immutable values a compiled filter holds, compares them
 * structurally and renders them back to document form. Thread-safe and stateless.
 */
final class Operands {

    static final String REGULAR_EXPRESSION = "$regularExpression";
    static final String REGEX = QueryOperator.REGEX.keyword();
    static final String OPTIONS = QueryOperator.OPTIONS.keyword();

    private Operands() {
    }

    /**
     * Normalizes a value at the top of an operand: a regular expression written as
     * {@code {$regularExpression: {pattern, options}}} or {@code {$regex, $options}} becomes a
     * {@link Pattern}; everything else is normalized as by {@link #normalize}.
     */
    static Object normalizeTop(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            Pattern regex = regexValue(map, where);
            if (regex != null) {
                return regex;
            }
        }
        return normalize(value, where);
    }

    /**
     * Copies a value into an immutable form of the types documents hold. Maps become unmodifiable
     * ordered maps, collections and arrays unmodifiable lists, narrower numbers Integer or Double,
     * {@link BigInteger} and {@code {$numberDecimal: "..."}} maps {@link BigDecimal}, which must be
     * within {@link Decimals}' limits as in a document.
     */
    static Object normalize(Object value, String where) {
        return normalize(value, where, 0);
    }

    private static Object normalize(Object value, String where, int depth) {
        if (depth > Json.MAX_NESTING_DEPTH) {
            throw new InvalidQueryException("Operand of " + where + " is nested deeper than "
                    + Json.MAX_NESTING_DEPTH + " levels");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Instant
                || value instanceof Pattern) {
            return value;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return decimal(value instanceof BigInteger i ? Decimals.of(i) : (BigDecimal) value, where);
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Enum<?> e) {
            // stored as its name, as DocumentCodec writes it, so that a filter can find it
            return e.name();
        }
        if (value instanceof java.util.UUID || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (isDecimalWrapper(value)) {
            return decimalValue((Map<?, ?>) value, where);
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new InvalidQueryException("Operand of " + where + " has a non-string field name: "
                            + e.getKey());
                }
                copy.put(key, normalize(e.getValue(), where, depth + 1));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            for (Object element : collection) {
                copy.add(normalize(element, where, depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return normalize(Arrays.asList(array), where, depth);
        }
        throw new InvalidQueryException("Operand of " + where + " has an unsupported type "
                + value.getClass().getName());
    }

    private static BigDecimal decimal(BigDecimal value, String where) {
        String problem = Decimals.problem(value);
        if (problem != null) {
            throw new InvalidQueryException("Decimal " + value + " in the operand of " + where + " " + problem);
        }
        return value;
    }

    /** @return the decimal that a {@code {$numberDecimal: "..."}} map, built in Java rather than parsed, stands for */
    static BigDecimal decimalValue(Map<?, ?> map, String where) {
        if (!(map.get(Json.NUMBER_DECIMAL) instanceof String text)) {
            throw new InvalidQueryException(Json.NUMBER_DECIMAL + " in " + where + " needs the decimal as a string");
        }
        try {
            return Decimals.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(Json.NUMBER_DECIMAL + " in " + where + " " + e.getMessage(), e);
        }
    }

    /** @return whether the map is a {@code {$numberDecimal: "..."}} wrapper */
    static boolean isDecimalWrapper(Object value) {
        return value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey(Json.NUMBER_DECIMAL);
    }

    /** @return the pattern if the map is one of the regular-expression value forms, else null */
    static Pattern regexValue(Map<?, ?> map, String where) {
        if (map.size() == 1 && map.get(REGULAR_EXPRESSION) instanceof Map<?, ?> spec) {
            Object pattern = spec.get("pattern");
            Object options = spec.containsKey("options") ? spec.get("options") : "";
            if (!(pattern instanceof String p) || !(options instanceof String o)
                    || !spec.keySet().stream().allMatch(k -> k.equals("pattern") || k.equals("options"))) {
                throw new InvalidQueryException(REGULAR_EXPRESSION + " in " + where
                        + " needs a string 'pattern' and an optional string 'options'");
            }
            return compileRegex(p, o, where);
        }
        if (map.containsKey(REGEX) && (map.size() == 1 || (map.size() == 2 && map.containsKey(OPTIONS)))) {
            return regex(map.get(REGEX), map.get(OPTIONS), where);
        }
        return null;
    }

    /** Builds a pattern from a {@code $regex} operand (string or pattern) and optional options. */
    static Pattern regex(Object source, Object options, String where) {
        if (options != null && !(options instanceof String)) {
            throw new InvalidQueryException(OPTIONS + " in " + where + " must be a string");
        }
        String extra = options == null ? "" : (String) options;
        if (source instanceof Map<?, ?> map && map.containsKey(REGULAR_EXPRESSION)) {
            // {$regex: /^a/, $options: 'i'} in text: the literal arrives as {$regularExpression: ...}
            Pattern literal = regexValue(map, where);
            if (literal != null) {
                source = literal;
            }
        }
        if (source instanceof Pattern p) {
            return extra.isEmpty() ? p : compileRegex(p.pattern(), optionsOf(p) + extra, where);
        }
        if (!(source instanceof String s)) {
            throw new InvalidQueryException(REGEX + " in " + where + " must be a string or a regular expression");
        }
        return compileRegex(s, extra, where);
    }

    static Pattern compileRegex(String source, String options, String where) {
        int flags = 0;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            switch (c) {
                case 'i':
                    flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    break;
                case 'm':
                    flags |= Pattern.MULTILINE;
                    break;
                case 's':
                    flags |= Pattern.DOTALL;
                    break;
                case 'x':
                    flags |= Pattern.COMMENTS;
                    break;
                case 'u':
                    // MongoDB (5.1+) accepts 'u' as redundant: its patterns always match Unicode text by
                    // code point, and so do Java's, with 'i' already folding case by Unicode
                    // (UNICODE_CASE). UNICODE_CHARACTER_CLASS is not set, since \w, \d and \b would
                    // then match more than they do without 'u', and the flag must change no answer.
                    break;
                default:
                    throw new InvalidQueryException("Invalid flag '" + c + "' in regular expression options of "
                            + where);
            }
        }
        try {
            return Pattern.compile(source, flags);
        } catch (PatternSyntaxException e) {
            throw new InvalidQueryException("Regular expression /" + source + "/ in " + where
                    + " does not compile: " + e.getDescription(), e);
        }
    }

    /**
     * @return the MongoDB options string ({@code imsx} subset) that a pattern's flags stand for; a
     *         {@code u} given when the pattern was compiled changes nothing and is not repeated
     */
    static String optionsOf(Pattern pattern) {
        int flags = pattern.flags();
        StringBuilder options = new StringBuilder();
        if ((flags & Pattern.CASE_INSENSITIVE) != 0) {
            options.append('i');
        }
        if ((flags & Pattern.MULTILINE) != 0) {
            options.append('m');
        }
        if ((flags & Pattern.DOTALL) != 0) {
            options.append('s');
        }
        if ((flags & Pattern.COMMENTS) != 0) {
            options.append('x');
        }
        return options.toString();
    }

    /** @return whether the map is non-empty and its first field name starts with {@code $} */
    static boolean startsWithOperator(Map<?, ?> map) {
        Iterator<?> keys = map.keySet().iterator();
        return keys.hasNext() && String.valueOf(keys.next()).startsWith("$");
    }

    /** Structural equality of normalized operands: patterns by source and options, arrays by content. */
    static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Pattern x && b instanceof Pattern y) {
            return x.pattern().equals(y.pattern()) && optionsOf(x).equals(optionsOf(y));
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<? extends Map.Entry<?, ?>> ix = x.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> iy = y.entrySet().iterator();
            while (ix.hasNext()) {
                Map.Entry<?, ?> ex = ix.next();
                Map.Entry<?, ?> ey = iy.next();
                if (!ex.getKey().equals(ey.getKey()) || !deepEquals(ex.getValue(), ey.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static int deepHash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Pattern p) {
            return p.pattern().hashCode() * 31 + optionsOf(p).hashCode();
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (Object element : list) {
                h = 31 * h + deepHash(element);
            }
            return h;
        }
        if (value instanceof Map<?, ?> map) {
            int h = 7;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                h = 31 * h + (e.getKey().hashCode() ^ deepHash(e.getValue()));
            }
            return h;
        }
        return value.hashCode();
    }

    /**
     * Renders a normalized operand as a document value: maps become {@link Document}s, lists
     * {@link ArrayList}s and patterns {@code {$regularExpression: {pattern, options}}}.
     */
    static Object render(Object value) {
        if (value instanceof Pattern p) {
            return Document.of(REGULAR_EXPRESSION,
                    new Document().append("pattern", p.pattern()).append("options", optionsOf(p)));
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Map<?, ?> map) {
            Document copy = new Document();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put((String) e.getKey(), render(e.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(render(element));
            }
            return copy;
        }
        return value;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof Collection || value instanceof Object[]) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return "a " + Objects.toString(value.getClass().getSimpleName());
    }
}
