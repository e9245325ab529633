package io.tetherdb.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tetherdb.document.DocumentPath;
import io.tetherdb.query.QueryOperator.Place;

/**
 * Compiles a filter document in MongoDB's syntax into a {@link FilterNode} tree, validating every
 * operator and operand. Nesting of logical operators, {@code $not} and {@code $elemMatch} is
 * limited to {@link Filter#MAX_DEPTH} levels, so compiling never recurses without bound. Which
 * operators exist and where each is allowed is {@link QueryOperator}'s to say; this class only
 * says what each one compiles to. Thread-safe and stateless.
 */
final class FilterCompiler {

    private FilterCompiler() {
    }

    static FilterNode compile(Map<?, ?> filter) {
        return compileFilter(filter, 1);
    }

    private static void checkDepth(int depth) {
        if (depth > Filter.MAX_DEPTH) {
            throw new InvalidQueryException("Filter is nested deeper than " + Filter.MAX_DEPTH + " levels");
        }
    }

    /** Refuses an operator that the registry does not allow at {@code place}. */
    private static void checkPlace(QueryOperator operator, Place place, String where) {
        if (!operator.allowedIn(place)) {
            String allowed = operator.allowedIn(Place.TOP_LEVEL)
                    ? "it combines whole filters, as in {" + operator.keyword() + ": [...]}"
                    : "it applies to a field, as in {field: {" + operator.keyword() + ": ...}}";
            throw new InvalidQueryException("Operator " + operator.keyword() + " cannot be used " + where
                    + ": " + allowed);
        }
    }

    /** For the switch cases that {@link #checkPlace} has ruled out already. */
    private static IllegalStateException unplaceable(QueryOperator operator, Place place) {
        return new IllegalStateException(operator + " is not allowed in " + place);
    }

    private static FilterNode compileFilter(Map<?, ?> filter, int depth) {
        checkDepth(depth);
        List<FilterNode> nodes = new ArrayList<>();
        for (Map.Entry<?, ?> entry : filter.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new InvalidQueryException("Filter has a non-string field name: " + entry.getKey());
            }
            Object value = asList(entry.getValue());
            if (key.startsWith("$")) {
                QueryOperator operator = QueryOperator.forKeyword(key).orElseThrow(() -> new InvalidQueryException(
                        "Unknown top-level operator " + key + " (a field name may not start with '$')"));
                checkPlace(operator, Place.TOP_LEVEL, "at the top level of a filter");
                FilterNode node = switch (operator) {
                    case AND -> new AndNode(compileList(key, value, depth));
                    case OR -> new OrNode(compileList(key, value, depth));
                    case NOR -> new NorNode(compileList(key, value, depth));
                    case COMMENT -> null;
                    case EQ, NE, GT, GTE, LT, LTE, IN, NIN, ALL, EXISTS, CONTAINS, REGEX, OPTIONS, SIZE, TYPE, MOD,
                            ELEM_MATCH, NOT -> throw unplaceable(operator, Place.TOP_LEVEL);
                };
                if (node != null) {
                    nodes.add(node);
                }
            } else {
                compileField(path(key), value, depth, nodes);
            }
        }
        return nodes.size() == 1 ? nodes.get(0) : new AndNode(nodes);
    }

    static DocumentPath path(String key) {
        try {
            return DocumentPath.parse(key);
        } catch (DocumentPath.InvalidPathException e) {
            throw new InvalidQueryException("Invalid field path '" + key + "' in filter: " + e.getMessage(), e);
        }
    }

    private static List<FilterNode> compileList(String operator, Object value, int depth) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidQueryException(operator + " needs a non-empty array of filters, not "
                    + Operands.describe(value));
        }
        List<FilterNode> children = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> map)) {
                throw new InvalidQueryException("Each element of " + operator + " must be a filter object, not "
                        + Operands.describe(element));
            }
            children.add(compileFilter(map, depth + 1));
        }
        return children;
    }

    private static void compileField(DocumentPath path, Object value, int depth, List<FilterNode> out) {
        if (value instanceof Pattern pattern) {
            out.add(new FieldCondition(path, Operator.REGEX, pattern));
            return;
        }
        if (Operands.isDecimalWrapper(value)) {
            // {$numberDecimal: "..."} built as a map is a value, as it is when parsed from text
            out.add(new FieldCondition(path, Operator.EQ, Operands.normalize(value, "field '" + path + "'")));
            return;
        }
        if (value instanceof Map<?, ?> map && Operands.startsWithOperator(map)) {
            Pattern regex = map.containsKey(Operands.REGULAR_EXPRESSION)
                    ? Operands.regexValue(map, "field '" + path + "'") : null;
            if (regex != null) {
                out.add(new FieldCondition(path, Operator.REGEX, regex));
                return;
            }
            compileOperators(path, map, Place.FIELD, depth, out);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (String.valueOf(key).startsWith("$")) {
                    throw new InvalidQueryException("Condition on field '" + path + "' mixes field names and the "
                            + "operator " + key + "; use either a document to compare with or only operators");
                }
            }
        }
        out.add(new FieldCondition(path, Operator.EQ, Operands.normalize(value, "field '" + path + "'")));
    }

    /** Compiles {@code {$op: operand, ...}} on one path, at {@code place}; every key must be an operator. */
    private static void compileOperators(DocumentPath path, Map<?, ?> operators, Place place, int depth,
            List<FilterNode> out) {
        checkDepth(depth);
        String where = "field '" + path + "'";
        String regexKey = QueryOperator.REGEX.keyword();
        String optionsKey = QueryOperator.OPTIONS.keyword();
        boolean regexDone = false;
        for (Map.Entry<?, ?> entry : operators.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object operand = asList(entry.getValue());
            QueryOperator operator = QueryOperator.forKeyword(key).orElse(null);
            if (operator == null) {
                if (key.startsWith("$")) {
                    throw new InvalidQueryException("Unknown operator " + key + " on " + where);
                }
                throw new InvalidQueryException("Condition on " + where + " mixes operators and the field name '"
                        + key + "'; use either a document to compare with or only operators");
            }
            checkPlace(operator, place, switch (place) {
                case FIELD, TOP_LEVEL -> "on " + where;
                case ELEM_MATCH -> "inside $elemMatch on " + where;
                case NOT -> "inside $not on " + where;
            });
            String at = key + " on " + where;
            FilterNode node = switch (operator) {
                case EQ -> condition(path, Operator.EQ, operand);
                case NE -> {
                    if (Operands.normalizeTop(operand, at) instanceof Pattern) {
                        throw new InvalidQueryException(at + " cannot take a regular expression; use $not");
                    }
                    yield new NotNode(condition(path, Operator.EQ, operand));
                }
                case GT -> condition(path, Operator.GT, operand);
                case GTE -> condition(path, Operator.GTE, operand);
                case LT -> condition(path, Operator.LT, operand);
                case LTE -> condition(path, Operator.LTE, operand);
                case IN -> condition(path, Operator.IN, operand);
                case NIN -> new NotNode(condition(path, Operator.IN, operand));
                case ALL -> all(path, operand, depth);
                case EXISTS -> {
                    FieldCondition exists = new FieldCondition(path, Operator.EXISTS, Boolean.TRUE);
                    yield truthy(operand) ? exists : new NotNode(exists);
                }
                case CONTAINS -> condition(path, Operator.CONTAINS, operand);
                case REGEX, OPTIONS -> {
                    // $regex and $options make one condition, whichever of them comes first
                    if (regexDone) {
                        yield null;
                    }
                    if (!operators.containsKey(regexKey)) {
                        throw new InvalidQueryException(optionsKey + " on " + where + " needs a " + regexKey);
                    }
                    regexDone = true;
                    yield new FieldCondition(path, Operator.REGEX,
                            Operands.regex(operators.get(regexKey), operators.get(optionsKey), where));
                }
                case SIZE -> condition(path, Operator.SIZE, operand);
                case TYPE -> condition(path, Operator.TYPE, operand);
                case MOD -> condition(path, Operator.MOD, operand);
                case ELEM_MATCH -> elemMatch(path, operand, depth + 1);
                case NOT -> new NotNode(not(path, operand, depth + 1));
                case AND, OR, NOR, COMMENT -> throw unplaceable(operator, place);
            };
            if (node != null) {
                out.add(node);
            }
        }
    }

    /** @return whether an operator document starts with an operator allowed at {@code place} */
    private static boolean startsWithOperatorFor(Map<?, ?> map, Place place) {
        return !map.isEmpty() && QueryOperator.forKeyword(String.valueOf(map.keySet().iterator().next()))
                .filter(operator -> operator.allowedIn(place)).isPresent();
    }

    private static FilterNode elemMatch(DocumentPath path, Object operand, int depth) {
        checkDepth(depth);
        if (!(operand instanceof Map<?, ?> map)) {
            throw new InvalidQueryException("$elemMatch on field '" + path + "' needs an object, not "
                    + Operands.describe(operand));
        }
        // MongoDB reads $elemMatch's operand as operators on each element when its first key is a
        // field-level operator, and as a filter on each element (a document) otherwise.
        if (startsWithOperatorFor(map, Place.ELEM_MATCH)) {
            List<FilterNode> conditions = new ArrayList<>();
            compileOperators(path, map, Place.ELEM_MATCH, depth, conditions);
            return new ElemMatchCondition(path, single(conditions), true);
        }
        return new ElemMatchCondition(path, compileFilter(map, depth), false);
    }

    private static FilterNode not(DocumentPath path, Object operand, int depth) {
        checkDepth(depth);
        if (operand instanceof Pattern pattern) {
            return new FieldCondition(path, Operator.REGEX, pattern);
        }
        if (operand instanceof Map<?, ?> map) {
            Pattern regex = map.containsKey(Operands.REGULAR_EXPRESSION)
                    ? Operands.regexValue(map, "$not on field '" + path + "'") : null;
            if (regex != null) {
                return new FieldCondition(path, Operator.REGEX, regex);
            }
            if (map.isEmpty()) {
                throw new InvalidQueryException("$not on field '" + path + "' cannot be empty");
            }
            if (!Operands.startsWithOperator(map)) {
                throw new InvalidQueryException("$not on field '" + path
                        + "' needs operators or a regular expression, not a document to compare with");
            }
            List<FilterNode> conditions = new ArrayList<>();
            compileOperators(path, map, Place.NOT, depth, conditions);
            return single(conditions);
        }
        throw new InvalidQueryException("$not on field '" + path + "' needs an object of operators or a regular "
                + "expression, not " + Operands.describe(operand));
    }

    private static FilterNode all(DocumentPath path, Object operand, int depth) {
        String where = "$all on field '" + path + "'";
        if (!(operand instanceof List<?> list)) {
            throw new InvalidQueryException(where + " needs an array, not " + Operands.describe(operand));
        }
        int elemMatches = 0;
        for (Object element : list) {
            if (element instanceof Map<?, ?> map && map.size() == 1
                    && map.containsKey(QueryOperator.ELEM_MATCH.keyword())) {
                elemMatches++;
            }
        }
        if (elemMatches > 0) {
            if (elemMatches != list.size()) {
                throw new InvalidQueryException(where + " cannot mix $elemMatch with other values");
            }
            List<FilterNode> conditions = new ArrayList<>();
            for (Object element : list) {
                conditions.add(elemMatch(path, ((Map<?, ?>) element).get(QueryOperator.ELEM_MATCH.keyword()), depth + 1));
            }
            return single(conditions);
        }
        return condition(path, Operator.ALL, operand);
    }

    /**
     * A map-form filter may hold any Java collection or array where the text form has an array;
     * taking them as lists here gives every operator ({@code $and}, {@code $all}, {@code $mod},
     * {@code $type}, ...) the same view of them.
     */
    private static Object asList(Object value) {
        if (value instanceof Collection<?> collection && !(value instanceof List)) {
            return new ArrayList<>(collection);
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return value;
    }

    private static FilterNode single(List<FilterNode> conditions) {
        return conditions.size() == 1 ? conditions.get(0) : new AndNode(conditions);
    }

    private static boolean truthy(Object operand) {
        if (operand == null) {
            return false;
        }
        if (operand instanceof Boolean b) {
            return b;
        }
        if (operand instanceof Number n) {
            return ValueOrder.compareNumbers(n, 0) != 0;
        }
        return true;
    }

    /**
     * Validates and normalizes the operand of one operator, as the text, map and fluent forms do;
     * {@code $exists} and {@code $regex} conditions are built by their callers.
     */
    static FieldCondition condition(DocumentPath path, Operator operator, Object operand) {
        String where = operator.keyword() + " on field '" + path + "'";
        return switch (operator) {
            case EQ, GT, GTE, LT, LTE -> new FieldCondition(path, operator, Operands.normalizeTop(operand, where));
            case IN, ALL -> new FieldCondition(path, operator, valueList(operand, where));
            case CONTAINS -> {
                Object value = Operands.normalizeTop(operand, where);
                if (value instanceof Pattern) {
                    throw new InvalidQueryException(where + " cannot take a regular expression; use $regex");
                }
                yield new FieldCondition(path, operator, value);
            }
            case SIZE -> new FieldCondition(path, operator, size(operand, where));
            case TYPE -> new FieldCondition(path, operator, ValueTypes.canonical(operand, where));
            case MOD -> new FieldCondition(path, operator, mod(operand, where));
            case EXISTS, REGEX -> throw new IllegalArgumentException("Unexpected operator " + operator);
        };
    }

    private static List<Object> valueList(Object operand, String where) {
        if (!(operand instanceof List<?> list)) {
            throw new InvalidQueryException(where + " needs an array, not " + Operands.describe(operand));
        }
        List<Object> values = new ArrayList<>(list.size());
        for (Object element : list) {
            Object value = Operands.normalizeTop(element, where);
            if (value instanceof Map<?, ?> map && Operands.startsWithOperator(map)) {
                throw new InvalidQueryException(where + " cannot hold the operator "
                        + map.keySet().iterator().next());
            }
            values.add(value);
        }
        return java.util.Collections.unmodifiableList(values);
    }

    private static Integer size(Object operand, String where) {
        if (!(operand instanceof Number number)) {
            throw new InvalidQueryException(where + " needs a number, not " + Operands.describe(operand));
        }
        if (number instanceof java.math.BigDecimal || number instanceof java.math.BigInteger) {
            // exactly: the nearest double of 2.0000000000000000001 is a whole number
            java.math.BigDecimal exact = ValueOrder.toBigDecimal(number);
            if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
                throw new InvalidQueryException(where + " needs a whole number, not " + number);
            }
            if (exact.signum() < 0 || exact.compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new InvalidQueryException(where + " needs a non-negative number, not " + number);
            }
            return exact.intValue();
        }
        double d = number.doubleValue();
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new InvalidQueryException(where + " needs a whole number, not " + number);
        }
        if (d < 0 || d > Integer.MAX_VALUE) {
            throw new InvalidQueryException(where + " needs a non-negative number, not " + number);
        }
        return (int) d;
    }

    private static List<Long> mod(Object operand, String where) {
        if (!(operand instanceof List<?> list)) {
            throw new InvalidQueryException(where + " needs an array [divisor, remainder], not "
                    + Operands.describe(operand));
        }
        if (list.size() != 2) {
            throw new InvalidQueryException(where + " needs exactly two elements [divisor, remainder], not "
                    + list.size());
        }
        long[] parts = new long[2];
        for (int i = 0; i < 2; i++) {
            if (!(list.get(i) instanceof Number number)) {
                throw new InvalidQueryException(where + " needs numbers, not " + Operands.describe(list.get(i)));
            }
            if (ValueOrder.isIntegral(number)) {
                parts[i] = number.longValue();
            } else if (number instanceof java.math.BigDecimal || number instanceof java.math.BigInteger) {
                java.math.BigInteger whole = ValueOrder.toBigDecimal(number)
                        .setScale(0, java.math.RoundingMode.DOWN).toBigInteger();
                if (whole.bitLength() > 63) {
                    throw new InvalidQueryException(where + " needs finite numbers in the 64-bit range, not " + number);
                }
                parts[i] = whole.longValue();
            } else {
                double d = number.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d) || d >= 0x1p63 || d < -0x1p63) {
                    throw new InvalidQueryException(where + " needs finite numbers in the 64-bit range, not " + d);
                }
                // MongoDB truncates a fractional divisor or remainder toward zero.
                parts[i] = (long) d;
            }
        }
        if (parts[0] == 0) {
            throw new InvalidQueryException(where + ": divisor cannot be 0");
        }
        return List.of(parts[0], parts[1]);
    }
}
