package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;

/**
 * The compiled accumulator fields of a {@code $group} (or {@code $bucket}, {@code $bucketAuto}
 * output): for each field its accumulator and what it accumulates. Immutable and thread-safe.
 */
final class GroupSpec {

    /** One output field and its accumulator. */
    record Field(String name, AccumulatorOperator operator, Expression argument, Sort sortBy, Expression output,
            Expression n) {

        Accumulator newAccumulator(Variables first, String at) {
            if (!operator.ranked()) {
                return operator.newAccumulator();
            }
            boolean single = operator == AccumulatorOperator.TOP || operator == AccumulatorOperator.BOTTOM;
            long count = 1;
            if (!single) {
                Object value = n.evaluate(first);
                if (!Values.isNumber(value) || ((Number) value).doubleValue() != Math.rint(((Number) value).doubleValue())
                        || ((Number) value).longValue() < 1) {
                    throw new InvalidQueryException(operator.keyword() + " in " + at + ": 'n' must be a positive"
                            + " integer but was " + value);
                }
                count = ((Number) value).longValue();
            }
            boolean bottom = operator == AccumulatorOperator.BOTTOM || operator == AccumulatorOperator.BOTTOM_N;
            return new RankedAccumulator(sortBy, count, bottom, single);
        }

        Object input(Variables variables) {
            if (!operator.ranked()) {
                return argument.evaluate(variables);
            }
            List<Object> keys = new ArrayList<>();
            for (Object key : sortBy.sortKeys(variables.root())) {
                keys.add(key);
            }
            Object out = output.evaluate(variables);
            List<Object> entry = new ArrayList<>(2);
            entry.add(keys);
            entry.add(out == Values.MISSING ? null : out);
            return entry;
        }
    }

    final List<Field> fields;

    private GroupSpec(List<Field> fields) {
        this.fields = fields;
    }

    /**
     * @param spec the fields besides {@code _id} (or those of an {@code output} option)
     * @param at the stage, for messages
     * @param scope the variables (besides {@code ROOT} and {@code CURRENT}) the expressions may use
     */
    static GroupSpec compile(Map<?, ?> spec, String at, Set<String> scope) {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<?, ?> entry : spec.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.equals(Document.ID)) {
                continue;
            }
            String where = at + " field '" + name + "'";
            if (name.isEmpty() || name.startsWith("$") || name.contains(".")) {
                throw new InvalidQueryException("Invalid output field name '" + name + "' in " + at
                        + ": it must not be empty, start with '$' or contain '.'");
            }
            if (!(entry.getValue() instanceof Map<?, ?> accumulator) || accumulator.size() != 1) {
                throw new InvalidQueryException("The field '" + name + "' in " + at
                        + " must be an accumulator object such as {$sum: '$x'}");
            }
            String keyword = String.valueOf(accumulator.keySet().iterator().next());
            AccumulatorOperator operator = AccumulatorOperator.forKeyword(keyword).orElseThrow(
                    () -> new InvalidQueryException("Unsupported accumulator '" + keyword + "' in " + where));
            Object operand = accumulator.get(keyword);
            String opAt = keyword + " in " + where;
            switch (operator) {
                case COUNT:
                    if (!(operand instanceof Map<?, ?> m) || !m.isEmpty()) {
                        throw new InvalidQueryException(opAt + " takes an empty object: {$count: {}}");
                    }
                    fields.add(new Field(name, operator, v -> 1, null, null, null));
                    break;
                case TOP:
                case BOTTOM:
                case TOP_N:
                case BOTTOM_N: {
                    boolean single = operator == AccumulatorOperator.TOP || operator == AccumulatorOperator.BOTTOM;
                    Map<String, Object> options = ExpressionCompiler.options(operand, opAt,
                            single ? Set.of("sortBy", "output") : Set.of("sortBy", "output", "n"),
                            single ? Set.of("sortBy", "output") : Set.of("sortBy", "output", "n"));
                    if (!(options.get("sortBy") instanceof Map<?, ?> sortBy)) {
                        throw new InvalidQueryException(opAt + ": 'sortBy' must be an object such as {score: -1}");
                    }
                    Sort sort = parseSort(sortBy, opAt);
                    fields.add(new Field(name, operator, null, sort,
                            ExpressionCompiler.compile(options.get("output"), scope, opAt),
                            single ? null : ExpressionCompiler.compile(options.get("n"), scope, opAt)));
                    break;
                }
                default:
                    if (operand instanceof List) {
                        throw new InvalidQueryException(opAt + " is a unary operator and takes one expression,"
                                + " not an array");
                    }
                    fields.add(new Field(name, operator, ExpressionCompiler.compile(operand, scope, opAt), null, null, null));
            }
        }
        return new GroupSpec(fields);
    }

    @SuppressWarnings("unchecked")
    static Sort parseSort(Map<?, ?> sortBy, String at) {
        try {
            if (sortBy.isEmpty()) {
                throw new InvalidQueryException("the sort must name at least one field");
            }
            return Sort.of((Map<String, ?>) sortBy);
        } catch (InvalidQueryException e) {
            throw new InvalidQueryException(at + ": invalid sort: " + e.getMessage(), e);
        }
    }

    Accumulator[] newAccumulators(Variables first, String at) {
        Accumulator[] accumulators = new Accumulator[fields.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = fields.get(i).newAccumulator(first, at);
        }
        return accumulators;
    }

    /** @return the bytes the accumulators grew by */
    long accumulate(Accumulator[] accumulators, Variables variables) {
        long grew = 0;
        for (int i = 0; i < accumulators.length; i++) {
            grew += accumulators[i].add(fields.get(i).input(variables));
        }
        return grew;
    }

    Document result(Object id, Accumulator[] accumulators) {
        Document result = new Document();
        result.put(Document.ID, id);
        for (int i = 0; i < accumulators.length; i++) {
            result.put(fields.get(i).name(), accumulators[i].result());
        }
        return result;
    }
}
