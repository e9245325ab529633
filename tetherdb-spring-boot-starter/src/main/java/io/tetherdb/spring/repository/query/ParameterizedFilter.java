package io.tetherdb.spring.repository.query;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryOperator;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.repository.query.Parameter;
import org.springframework.data.repository.query.Parameters;
import org.springframework.data.repository.query.QueryCreationException;

/**
 * The filter of a {@code @Query} method, parsed once into a document tree whose parameter
 * placeholders ({@code ?0}, {@code :name}, or quoted as Spring Data MongoDB allows: {@code '?0'},
 * {@code ":name"}) are typed slots. Binding copies the tree and puts each
 * argument's value into its slot; argument text is never parsed, spliced into query text or
 * evaluated. Each slot knows its place in the filter, so that a value that would be read as an
 * operator is neutralized (see {@link LiteralValues}). How a placeholder is bound depends on the
 * operator whose operand it is, which {@link #kindOf(QueryOperator)} decides for every entry of the
 * core's operator registry.
 *
 * <p>Immutable and thread-safe.
 */
final class ParameterizedFilter {

    static final SecureRandom RANDOM = new SecureRandom();

    /** A placeholder as it may appear inside quotes: {@code '?0'}, {@code ':name'}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\?\\d+|:[A-Za-z_$][A-Za-z0-9_$]*");

    /** Where a placeholder stands, which decides how its value is bound. */
    enum Kind {

        /** A value compared for equality: neutralized if it holds operator-like field names. */
        EQUALITY,
        /** A value ordered against: refused if it holds operator-like field names. */
        COMPARISON,
        /** A collection whose elements are compared for equality. */
        LIST,
        /** The operand of an operator that takes a typed value ($regex, $size, ...), passed as it is. */
        RAW,
        /** Query syntax (filters, operator documents): no placeholder may stand for it. */
        SYNTAX

    }

    /**
     * A placeholder in the parsed tree.
     *
     * @param parameter the bindable parameter's index
     * @param kind how the value is bound
     * @param operator the operator owning the slot, or null for a value compared for equality
     */
    record Slot(int parameter, Kind kind, QueryOperator operator) {
    }

    /**
     * @param operator an operator of a filter; not null
     * @return how a placeholder that stands for the operator's whole operand is bound
     */
    static Kind kindOf(QueryOperator operator) {
        return switch (operator) {
            // $comment takes any value and matches nothing: binding it like a value costs nothing
            case EQ, NE, CONTAINS, COMMENT -> Kind.EQUALITY;
            case GT, GTE, LT, LTE -> Kind.COMPARISON;
            case IN, NIN, ALL -> Kind.LIST;
            case REGEX, OPTIONS, SIZE, EXISTS, TYPE, MOD -> Kind.RAW;
            case NOT, ELEM_MATCH, AND, OR, NOR -> Kind.SYNTAX;
        };
    }

    private final Map<String, Object> tree;

    private final TetherQueryMethod method;

    private ParameterizedFilter(Map<String, Object> tree, TetherQueryMethod method) {
        this.tree = tree;
        this.method = method;
    }

    /**
     * Parses and checks a filter; an empty text matches every document.
     *
     * @param text the filter text with placeholders; not null
     * @param method the method it belongs to, for parameter names and messages; not null
     * @return the template
     * @throws QueryCreationException if the text is not a valid filter, uses SpEL, puts a
     *         placeholder inside a longer string, names an unknown parameter or puts one where no
     *         value goes
     */
    static ParameterizedFilter parse(String text, TetherQueryMethod method) {
        if (text.isBlank()) {
            return new ParameterizedFilter(Map.of(), method);
        }
        String marker = newMarker();
        if (text.contains(marker)) {
            throw method.invalid("the query text contains a reserved marker");
        }
        List<Integer> references = new ArrayList<>();
        String json = replacePlaceholders(text, marker, references, method);
        Document document;
        try {
            // filter text, which nests deeper than a document: Filter.parse allows the same depth
            document = Json.parseDocument(json, Json.MAX_NESTING_DEPTH);
        }
        catch (RuntimeException ex) {
            throw method.invalid("@Query is not valid JSON: " + ex.getMessage(), ex);
        }
        Parser parser = new Parser(marker, references, method);
        ParameterizedFilter template = new ParameterizedFilter(parser.filter(document), method);
        try {
            Filter.of(template.sample());
        }
        catch (RuntimeException ex) {
            throw method.invalid("@Query is not a valid filter: " + ex.getMessage(), ex);
        }
        return template;
    }

    /** @return a fresh marker that placeholders are replaced by before the text is parsed */
    static String newMarker() {
        return "tetherdb-parameter-" + Long.toHexString(RANDOM.nextLong()) + "-";
    }

    /**
     * A filter whose placeholders {@link #replacePlaceholders} already marked, such as the operand of
     * an {@code @Aggregation} pipeline's {@code $match}.
     *
     * @param document the parsed filter, markers in place of placeholders
     * @throws QueryCreationException if it is not a valid filter or puts a placeholder where no
     *         value goes
     */
    static ParameterizedFilter ofMarked(Map<String, ?> document, String marker, List<Integer> references,
            TetherQueryMethod method) {
        ParameterizedFilter template = new ParameterizedFilter(new Parser(marker, references, method).filter(document),
                method);
        try {
            Filter.of(template.sample());
        }
        catch (RuntimeException ex) {
            throw method.invalid("$match is not a valid filter: " + ex.getMessage(), ex);
        }
        return template;
    }

    static String replacePlaceholders(String text, String marker, List<Integer> references,
            TetherQueryMethod method) {
        Parameters<?, ?> bindable = method.getParameters().getBindableParameters();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < bindable.getNumberOfParameters(); i++) {
            Parameter parameter = bindable.getParameter(i);
            int index = i;
            parameter.getName().ifPresent((name) -> names.put(name, index));
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        char quote = 0;
        int quoteStart = -1;
        int literalStart = -1;
        char last = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(c).append(text.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == quote) {
                    String literal = text.substring(literalStart, i);
                    quote = 0;
                    last = '"';
                    if (PLACEHOLDER.matcher(literal).matches()) {
                        // '?0' as Spring Data MongoDB writes it: the whole string is the value, bound
                        // as unquoted ?0 is (a quoted placeholder never makes the argument a string)
                        out.setLength(quoteStart);
                        out.append('"').append(marker).append(references.size()).append('"');
                        references.add(literal.charAt(0) == '?' ? parameterIndex(literal.substring(1), bindable, method)
                                : parameterNamed(literal.substring(1), names, method));
                        i++;
                        continue;
                    }
                    refuseEmbeddedPlaceholder(literal, names, method);
                }
                out.append(c);
                i++;
                continue;
            }
            char next = (i + 1 < text.length()) ? text.charAt(i + 1) : 0;
            if ((c == '?' || c == ':') && next == '#') {
                throw method.invalid("SpEL expressions (" + c + next
                        + "{...}) are not supported in @Query; bind arguments "
                                + "with ?0 or :name");
            }
            if (c == '"' || c == '\'') {
                quote = c;
                quoteStart = out.length();
                literalStart = i + 1;
                last = c;
                out.append(c);
                i++;
            }
            else if (c == '?') {
                int end = i + 1;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    throw method.invalid("'?' at offset " + i + " is not followed by a "
                            + "parameter index such as ?0");
                }
                int index = parameterIndex(text.substring(i + 1, end), bindable, method);
                out.append('"').append(marker).append(references.size()).append('"');
                references.add(index);
                last = '"';
                i = end;
            }
            else if (c == ':' && Character.isJavaIdentifierStart(next) && (last == ':' || last == '['
                    || last == ',')) {
                int end = i + 1;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                int index = parameterNamed(text.substring(i + 1, end), names, method);
                out.append('"').append(marker).append(references.size()).append('"');
                references.add(index);
                last = '"';
                i = end;
            }
            else {
                if (!Character.isWhitespace(c)) {
                    last = c;
                }
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int parameterIndex(String digits, Parameters<?, ?> bindable, TetherQueryMethod method) {
        int index;
        try {
            index = Integer.parseInt(digits);
        }
        catch (NumberFormatException ex) {
            index = Integer.MAX_VALUE;
        }
        if (index >= bindable.getNumberOfParameters()) {
            throw method.invalid("?" + digits + " refers to a parameter the method "
                    + "does not have (it has " + bindable.getNumberOfParameters() + " bindable parameters)");
        }
        return index;
    }

    private static int parameterNamed(String name, Map<String, Integer> names, TetherQueryMethod method) {
        Integer index = names.get(name);
        if (index == null) {
            throw method.invalid(":" + name + " names no parameter; name one with "
                    + "@Param(\"" + name + "\") or compile with -parameters");
        }
        return index;
    }

    /**
     * Refuses a placeholder inside a longer string ({@code 'abc?0'}, {@code '^:prefix'}): Spring
     * Data MongoDB splices the argument's text there, which lets an argument change a pattern or a
     * value's meaning; here a parameter is only ever a whole value. Only {@code :name} of a real
     * parameter counts, so that text such as {@code 'a:b'} stays a plain string.
     */
    private static void refuseEmbeddedPlaceholder(String literal, Map<String, Integer> names,
            TetherQueryMethod method) {
        Matcher matcher = PLACEHOLDER.matcher(literal);
        while (matcher.find()) {
            String found = matcher.group();
            if (found.charAt(0) == '?' || names.containsKey(found.substring(1))) {
                throw method.invalid("placeholder " + found + " inside the string '" + literal + "' is not"
                        + " supported: a parameter is bound only as a whole value, never spliced into text; pass"
                        + " the whole string as the argument ('?0' or ?0; for a pattern, {'$regex': ?0}), or write"
                        + " the character escaped (\\u003f for ?, \\u003a for :) if the text is meant literally");
            }
        }
    }

    /**
     * Binds argument values into a copy of the tree.
     *
     * @param values the converted value of each bindable parameter, by index
     * @return the filter document, ready for {@link Filter#of}
     * @throws InvalidDataAccessApiUsageException if a value does not fit its slot
     */
    Map<String, Object> bind(IntFunction<Object> values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> bound = (Map<String, Object>) copy(this.tree, (slot) -> bindSlot(slot, values));
        return bound;
    }

    private Object bindSlot(Slot slot, IntFunction<Object> values) {
        return bindSlot(slot, values, this.method);
    }

    /** Binds one slot's argument; shared with {@link ParameterizedUpdate}'s conditions. */
    static Object bindSlot(Slot slot, IntFunction<Object> values, TetherQueryMethod method) {
        Object value = values.apply(slot.parameter());
        String where = method.describe() + " ("
                + ((slot.operator() != null) ? slot.operator().keyword() : "equality") + " on parameter "
                + slot.parameter() + ")";
        return switch (slot.kind()) {
            case EQUALITY -> LiteralValues.forEquality(value);
            case COMPARISON -> LiteralValues.forComparison(value, where);
            case LIST -> {
                if (!(value instanceof Collection<?> collection)) {
                    throw new InvalidDataAccessApiUsageException("Argument of " + where
                            + " must be a collection or an array, not " + value);
                }
                yield LiteralValues.forEqualityEach(collection);
            }
            case RAW -> value;
            case SYNTAX -> throw new IllegalStateException("No slot stands for query syntax: " + slot);
        };
    }

    /** @return the tree with typical values in its slots, for checking the filter at start-up */
    Map<String, Object> sample() {
        @SuppressWarnings("unchecked")
        Map<String, Object> sample = (Map<String, Object>) copy(this.tree, ParameterizedFilter::sampleValue);
        return sample;
    }

    static Object sampleValue(Slot slot) {
        if (slot.kind() != Kind.RAW) {
            return (slot.kind() == Kind.LIST) ? List.of() : null;
        }
        return switch (slot.operator().operand()) {
            case COUNT -> 0;
            case BOOLEAN -> Boolean.TRUE;
            case TYPE_ALIASES -> "string";
            case NUMBER_PAIR -> List.of(2, 0);
            case PATTERN, PATTERN_OPTIONS -> "";
            case VALUE, ANY -> null;
            case VALUE_LIST -> List.of();
            case SUB_FILTER, CONDITION, FILTER_LIST -> throw new IllegalStateException(
                    "No slot stands for query syntax: " + slot);
        };
    }

    private static Object copy(Object node, java.util.function.Function<Slot, Object> slots) {
        if (node instanceof Slot slot) {
            return slots.apply(slot);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put((String) key, copy(value, slots)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach((element) -> copy.add(copy(element, slots)));
            return copy;
        }
        return node;
    }

    /** Walks the parsed filter by its grammar, turning markers into slots of the right kind. */
    static final class Parser {

        private final String marker;

        private final List<Integer> references;

        private final TetherQueryMethod method;

        Parser(String marker, List<Integer> references, TetherQueryMethod method) {
            this.marker = marker;
            this.references = references;
            this.method = method;
        }

        Map<String, Object> filter(Map<String, ?> filter) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<String, ?> entry : filter.entrySet()) {
                String key = checkKey(entry.getKey());
                Object value = entry.getValue();
                if (key.startsWith("$")) {
                    // a field-level operator here is refused by the start-up check, as is an unknown one
                    result.put(key, operand(key, value));
                }
                else {
                    result.put(key, field(value));
                }
            }
            return result;
        }

        private Object field(Object value) {
            Integer slot = slotOf(value);
            if (slot != null) {
                return new Slot(slot, Kind.EQUALITY, null);
            }
            if (value instanceof Map<?, ?> map && !map.isEmpty()
                    && String.valueOf(map.keySet().iterator().next()).startsWith("$")) {
                return operators(asFilter(map));
            }
            return literal(value);
        }

        Map<String, Object> operators(Map<String, ?> operators) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<String, ?> entry : operators.entrySet()) {
                String key = checkKey(entry.getKey());
                result.put(key, operand(key, entry.getValue()));
            }
            return result;
        }

        /** The operand of {@code key}, an operator or not, with its placeholders as slots. */
        private Object operand(String key, Object operand) {
            QueryOperator operator = QueryOperator.forKeyword(key).orElse(null);
            if (operator == null) {
                // not an operator ($numberDecimal, a field name, an unknown $x): a value throughout
                return literal(operand);
            }
            Kind kind = kindOf(operator);
            if (kind != Kind.SYNTAX) {
                Integer slot = slotOf(operand);
                return (slot != null) ? new Slot(slot, kind, operator) : literal(operand);
            }
            refuseSlot(key, operand);
            return switch (operator) {
                case AND, OR, NOR -> logical(key, operand);
                case NOT -> (operand instanceof Map<?, ?> map) ? operators(asFilter(map)) : operand;
                case ELEM_MATCH -> (operand instanceof Map<?, ?> map) ? elemMatch(asFilter(map)) : operand;
                case EQ, NE, GT, GTE, LT, LTE, IN, NIN, ALL, EXISTS, CONTAINS, REGEX, OPTIONS, SIZE, TYPE, MOD,
                        COMMENT -> throw new IllegalStateException(operator + " is bound as a value");
            };
        }

        private Object logical(String operator, Object value) {
            if (!(value instanceof List<?> list)) {
                return literal(value);
            }
            List<Object> result = new ArrayList<>(list.size());
            for (Object element : list) {
                refuseSlot(operator, element);
                result.add((element instanceof Map<?, ?> map) ? filter(asFilter(map)) : literal(element));
            }
            return result;
        }

        /** As the compiler does: operators on each element if the first key is one allowed there. */
        private Map<String, Object> elemMatch(Map<String, ?> operand) {
            boolean operatorForm = !operand.isEmpty()
                    && QueryOperator.forKeyword(operand.keySet().iterator().next())
                        .filter((operator) -> operator.allowedIn(QueryOperator.Place.ELEM_MATCH))
                        .isPresent();
            return operatorForm ? operators(operand) : filter(operand);
        }

        /** Inside a literal value every placeholder is compared for equality. */
        Object literal(Object value) {
            Integer slot = slotOf(value);
            if (slot != null) {
                return new Slot(slot, Kind.EQUALITY, null);
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((key, element) -> result.put(checkKey(String.valueOf(key)), literal(element)));
                return result;
            }
            if (value instanceof List<?> list) {
                List<Object> result = new ArrayList<>(list.size());
                list.forEach((element) -> result.add(literal(element)));
                return result;
            }
            return value;
        }

        void refuseSlot(String operator, Object value) {
            if (slotOf(value) != null) {
                throw this.method.invalid("a parameter cannot stand for the operand of "
                        + operator + ": it would be query syntax, not a value");
            }
        }

        String checkKey(String key) {
            if (key.contains(this.marker)) {
                throw this.method.invalid(
                        "a parameter cannot stand for a field name: it would be query syntax, not a value");
            }
            return key;
        }

        Integer slotOf(Object value) {
            if (value instanceof String text && text.startsWith(this.marker)) {
                return this.references.get(Integer.parseInt(text.substring(this.marker.length())));
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, ?> asFilter(Map<?, ?> map) {
            return (Map<String, ?>) map;
        }

    }

}
