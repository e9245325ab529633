package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;

/**
 * A compiled {@code $match}: the filter language of {@code find}, plus {@code $expr} (an
 * aggregation expression over the document and the run's variables, such as a {@code $lookup}'s
 * {@code let}) at the top level or inside {@code $and}/{@code $or}/{@code $nor}. The part without
 * {@code $expr} stays a {@link Filter}, so a leading {@code $match} can still give it to the query
 * planner. Immutable and thread-safe.
 */
final class MatchStage {

    private static final String EXPR = "$expr";

    /** One condition that needs more than a filter: an {@code $expr}, or a logical operator over one. */
    @FunctionalInterface
    private interface Condition {
        boolean test(Document document, RunContext context);
    }

    /** The conditions without {@code $expr}; {@link Filter#all()} when there are none. */
    final Filter filter;
    private final List<Condition> conditions;
    /** The {@code $expr} operands at the top level, as written, for {@code $lookup}'s index use. */
    final List<Object> topLevelExpressions;

    private MatchStage(Filter filter, List<Condition> conditions, List<Object> topLevelExpressions) {
        this.filter = filter;
        this.conditions = conditions;
        this.topLevelExpressions = topLevelExpressions;
    }

    /** @return whether the filter holds {@code $expr} anywhere the match accepts it */
    static boolean hasExpressions(Object spec) {
        if (!(spec instanceof Map<?, ?> map)) {
            return false;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (EXPR.equals(entry.getKey())) {
                return true;
            }
            if (isLogical(entry.getKey()) && entry.getValue() instanceof List<?> clauses) {
                for (Object clause : clauses) {
                    if (hasExpressions(clause)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isLogical(Object key) {
        return "$and".equals(key) || "$or".equals(key) || "$nor".equals(key);
    }

    /**
     * @param spec the stage's operand
     * @param at the stage, for messages
     * @param scope the variables (besides {@code ROOT} and {@code CURRENT}) that {@code $expr} may use
     */
    @SuppressWarnings("unchecked")
    static MatchStage compile(Object spec, String at, Set<String> scope) {
        if (!(spec instanceof Map<?, ?> map)) {
            throw new InvalidQueryException(at + " takes a filter object but was given " + Values.typeName(spec));
        }
        if (!hasExpressions(map)) {
            return new MatchStage(PipelineCompiler.filter(map, at), List.of(), List.of());
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        List<Condition> conditions = new ArrayList<>();
        List<Object> expressions = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (key.equals(EXPR)) {
                Expression expression = ExpressionCompiler.compile(value, scope, EXPR + " in " + at);
                expressions.add(value);
                conditions.add((document, context) -> Values.truthy(expression.evaluate(context.variables(document))));
            } else if (isLogical(key) && hasExpressions(Map.of(key, value))) {
                List<?> clauses = (List<?>) value;
                if (clauses.isEmpty()) {
                    throw new InvalidQueryException(at + ": " + key + " takes a non-empty array of filters");
                }
                List<MatchStage> compiled = new ArrayList<>();
                for (Object clause : clauses) {
                    compiled.add(compile(clause, at, scope));
                }
                conditions.add(logical(key, compiled));
            } else {
                plain.put(key, value);
            }
        }
        return new MatchStage(PipelineCompiler.filter(plain, at), List.copyOf(conditions), List.copyOf(expressions));
    }

    private static Condition logical(String operator, List<MatchStage> clauses) {
        switch (operator) {
            case "$and":
                return (document, context) -> clauses.stream().allMatch(c -> c.test(document, context));
            case "$or":
                return (document, context) -> clauses.stream().anyMatch(c -> c.test(document, context));
            default:
                return (document, context) -> clauses.stream().noneMatch(c -> c.test(document, context));
        }
    }

    /** @return whether the match has conditions beyond its {@link #filter} */
    boolean hasExpressions() {
        return !conditions.isEmpty();
    }

    boolean test(Document document, RunContext context) {
        if (!filter.matches(document, context.deadline)) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.test(document, context)) {
                return false;
            }
        }
        return true;
    }

    Stage stage() {
        return (input, context) -> input.filter(document -> test(document, context));
    }
}
