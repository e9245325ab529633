package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.query.InvalidQueryException;

/**
 * The array expression operators ({@code $size $arrayElemAt $in $slice $filter $map}).
 * Thread-safe.
 */
final class ArrayExpressions {

    private ArrayExpressions() {
    }

    static Expression compile(ExpressionOperator operator, List<Expression> args, String at) {
        switch (operator) {
            case SIZE:
                StringExpressions.count(args, 1, 1, at);
                return variables -> array(args.get(0).evaluate(variables), "argument", at).size();
            case ARRAY_ELEM_AT:
                StringExpressions.count(args, 2, 2, at);
                return variables -> {
                    Object arrayValue = args.get(0).evaluate(variables);
                    Object indexValue = args.get(1).evaluate(variables);
                    if (Values.isNullish(arrayValue) || Values.isNullish(indexValue)) {
                        return null;
                    }
                    List<?> list = array(arrayValue, "first argument", at);
                    long index = integer(indexValue, "second argument", at);
                    long position = index < 0 ? list.size() + index : index;
                    return position < 0 || position >= list.size() ? Values.MISSING : list.get((int) position);
                };
            case IN:
                StringExpressions.count(args, 2, 2, at);
                return variables -> {
                    Object value = args.get(0).evaluate(variables);
                    List<?> list = array(args.get(1).evaluate(variables), "second argument", at);
                    for (Object element : list) {
                        if (Values.compare(value, element) == 0) {
                            return true;
                        }
                    }
                    return false;
                };
            default:
                StringExpressions.count(args, 2, 3, at);
                return variables -> {
                    Object arrayValue = args.get(0).evaluate(variables);
                    if (Values.isNullish(arrayValue)) {
                        return null;
                    }
                    List<?> list = array(arrayValue, "first argument", at);
                    long first = integer(args.get(1).evaluate(variables), "second argument", at);
                    int size = list.size();
                    long from;
                    long count;
                    if (args.size() == 2) {
                        if (first >= 0) {
                            from = 0;
                            count = first;
                        } else {
                            from = Math.max(0, size + first);
                            count = size - from;
                        }
                    } else {
                        count = integer(args.get(2).evaluate(variables), "third argument", at);
                        if (count <= 0) {
                            throw new InvalidQueryException(at + ": third argument must be positive but was " + count);
                        }
                        from = first >= 0 ? Math.min(first, size) : Math.max(0, size + first);
                    }
                    long to = Math.min(size, from + count);
                    return new ArrayList<>(list.subList((int) from, (int) Math.max(from, to)));
                };
        }
    }

    static Expression iterate(ExpressionOperator operator, Map<String, Object> spec, Set<String> scope, String at) {
        Expression input = ExpressionCompiler.compile(spec.get("input"), scope, at);
        Object asSpec = spec.getOrDefault("as", "this");
        if (!(asSpec instanceof String as)) {
            throw new InvalidQueryException(at + ": 'as' must be a variable name");
        }
        ExpressionCompiler.checkVariableName(as, at);
        Set<String> inner = new HashSet<>(scope);
        inner.add(as);
        boolean map = operator == ExpressionOperator.MAP;
        Expression body = ExpressionCompiler.compile(spec.get(map ? "in" : "cond"), inner, at);
        Expression limit = spec.containsKey("limit") ? ExpressionCompiler.compile(spec.get("limit"), scope, at) : null;
        return variables -> {
            Object value = input.evaluate(variables);
            if (Values.isNullish(value)) {
                return null;
            }
            List<?> list = array(value, "input", at);
            long max = Long.MAX_VALUE;
            if (limit != null) {
                Object limitValue = limit.evaluate(variables);
                if (!Values.isNullish(limitValue)) {
                    max = integer(limitValue, "limit", at);
                    if (max < 1) {
                        throw new InvalidQueryException(at + ": limit must be greater than 0 but was " + max);
                    }
                }
            }
            List<Object> results = new ArrayList<>();
            for (Object element : list) {
                Variables bound = variables.with(as, element);
                if (map) {
                    Object mapped = body.evaluate(bound);
                    results.add(mapped == Values.MISSING ? null : mapped);
                } else if (Values.truthy(body.evaluate(bound))) {
                    results.add(element);
                    if (results.size() >= max) {
                        break;
                    }
                }
            }
            return results;
        };
    }

    static List<?> array(Object value, String what, String at) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new InvalidQueryException(at + ": " + what + " must be an array, but is "
                + Values.typeName(value));
    }

    static long integer(Object value, String what, String at) {
        if (!Values.isNumber(value)) {
            throw new InvalidQueryException(at + ": " + what + " must be a numeric value, but is "
                    + Values.typeName(value));
        }
        double d = ((Number) value).doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new InvalidQueryException(at + ": " + what + " must be representable as a 32-bit integral value"
                    + " but was " + value);
        }
        return (long) d;
    }
}
