package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;

/**
 * {@code $bucket} (documents grouped into ranges between given boundaries) and
 * {@code $bucketAuto} (documents sorted by a value and cut into a number of buckets of about equal
 * size, a value never split between two buckets, the boundaries optionally rounded to a preferred
 * number series, its {@code granularity}). Thread-safe.
 */
final class Buckets {

    private Buckets() {
    }

    private static GroupSpec output(Map<String, Object> options, String at, Set<String> scope) {
        Object output = options.getOrDefault("output", Map.of("count", Map.of("$sum", 1)));
        if (!(output instanceof Map<?, ?> map)) {
            throw new InvalidQueryException(at + ": 'output' must be an object of accumulators");
        }
        if (map.containsKey(Document.ID)) {
            throw new InvalidQueryException(at + ": 'output' must not hold _id");
        }
        return GroupSpec.compile(map, at, scope);
    }

    private static Expression groupBy(Object spec, String at, Set<String> scope) {
        if (!(spec instanceof String s && s.startsWith("$")) && !(spec instanceof Map<?, ?> m && m.size() == 1
                && String.valueOf(m.keySet().iterator().next()).startsWith("$"))) {
            throw new InvalidQueryException(at + ": 'groupBy' must be a field path such as '$price' or an operator"
                    + " expression");
        }
        return ExpressionCompiler.compile(spec, scope, at + " groupBy");
    }

    static Stage bucket(Map<?, ?> spec, String at, Set<String> scope) {
        Map<String, Object> options = ExpressionCompiler.options(spec, at,
                Set.of("groupBy", "boundaries", "default", "output"), Set.of("groupBy", "boundaries"));
        Expression groupBy = groupBy(options.get("groupBy"), at, scope);
        if (!(options.get("boundaries") instanceof List<?> boundaries) || boundaries.size() < 2) {
            throw new InvalidQueryException(at + ": 'boundaries' must be an array of at least two values");
        }
        for (int i = 0; i < boundaries.size(); i++) {
            Object boundary = boundaries.get(i);
            if (boundary == null || boundary instanceof Map || boundary instanceof List) {
                throw new InvalidQueryException(at + ": boundary " + i + " must be a constant value, not "
                        + Values.typeName(boundary));
            }
            if (i > 0) {
                Object previous = boundaries.get(i - 1);
                if (io.tetherdb.query.ValueOrder.typeRank(previous) != io.tetherdb.query.ValueOrder.typeRank(boundary)) {
                    throw new InvalidQueryException(at + ": all boundaries must be of the same type, but "
                            + previous + " and " + boundary + " are not");
                }
                if (Values.compare(previous, boundary) >= 0) {
                    throw new InvalidQueryException(at + ": boundaries must be sorted in ascending order, but "
                            + previous + " is not below " + boundary);
                }
            }
        }
        boolean hasDefault = options.containsKey("default");
        Object fallback = options.get("default");
        if (hasDefault && io.tetherdb.query.ValueOrder.typeRank(fallback) == io.tetherdb.query.ValueOrder.typeRank(
                boundaries.get(0)) && Values.compare(fallback, boundaries.get(0)) >= 0
                && Values.compare(fallback, boundaries.get(boundaries.size() - 1)) < 0) {
            throw new InvalidQueryException(at + ": the 'default' value " + fallback + " must be below the lowest"
                    + " boundary or at or above the highest one");
        }
        GroupSpec fields = output(options, at, scope);
        List<Object> bounds = new ArrayList<>(boundaries);
        return (input, context) -> Stage.blocking(input, documents -> {
            Grouper grouper = new Grouper(fields, context, "$bucket");
            while (documents.hasNext()) {
                context.deadline.check();
                Document document = documents.next();
                Variables variables = context.variables(document);
                Object value = groupBy.evaluate(variables);
                Object id = null;
                boolean found = false;
                if (io.tetherdb.query.ValueOrder.typeRank(value == Values.MISSING ? null : value)
                        == io.tetherdb.query.ValueOrder.typeRank(bounds.get(0))) {
                    for (int i = 0; i < bounds.size() - 1; i++) {
                        if (Values.compare(value, bounds.get(i)) >= 0 && Values.compare(value, bounds.get(i + 1)) < 0) {
                            id = bounds.get(i);
                            found = true;
                            break;
                        }
                    }
                }
                if (!found) {
                    if (!hasDefault) {
                        throw new InvalidQueryException(at + ": the value " + (value == Values.MISSING ? "missing"
                                : value) + " of 'groupBy' falls in no bucket and no 'default' is given");
                    }
                    id = fallback;
                }
                grouper.add(id, variables);
            }
            // buckets in boundary order, the default bucket last
            List<Document> results = new ArrayList<>();
            grouper.results().forEachRemaining(results::add);
            results.sort((a, b) -> Integer.compare(rank(a.get(Document.ID), bounds, hasDefault, fallback),
                    rank(b.get(Document.ID), bounds, hasDefault, fallback)));
            return results.iterator();
        });
    }

    private static int rank(Object id, List<Object> bounds, boolean hasDefault, Object fallback) {
        for (int i = 0; i < bounds.size() - 1; i++) {
            if (Values.compare(id, bounds.get(i)) == 0 && !(hasDefault && Values.compare(id, fallback) == 0)) {
                return i;
            }
        }
        return bounds.size();
    }

    static Stage bucketAuto(Map<?, ?> spec, String at, Set<String> scope) {
        Map<String, Object> options = ExpressionCompiler.options(spec, at,
                Set.of("groupBy", "buckets", "output", "granularity"), Set.of("groupBy", "buckets"));
        Granularity granularity = null;
        if (options.containsKey("granularity")) {
            Object name = options.get("granularity");
            granularity = (name instanceof String s ? Granularity.named(s) : java.util.Optional.<Granularity>empty())
                    .orElseThrow(() -> new InvalidQueryException(at + ": unknown 'granularity' "
                            + (name instanceof String ? "'" + name + "'" : Values.typeName(name)) + "; it must be one of "
                            + Granularity.names()));
        }
        Expression groupBy = groupBy(options.get("groupBy"), at, scope);
        long buckets = PipelineCompiler.count(options.get("buckets"), at + " buckets", true);
        GroupSpec fields = output(options, at, scope);
        Granularity rounder = granularity;
        return (input, context) -> Stage.blocking(input, documents -> {
            // sort (value, document) pairs by value; the value rides along in a wrapper document
            Sorter sorter = new Sorter(d -> new Object[] {d.get("v")}, (a, b) -> Values.compare(a[0], b[0]), context,
                    "$bucketAuto", 0);
            while (documents.hasNext()) {
                context.deadline.check();
                Document document = documents.next();
                Object value = groupBy.evaluate(context.variables(document));
                if (rounder != null) {
                    checkRoundable(value, at, rounder);
                }
                Document pair = new Document();
                pair.put("v", value == Values.MISSING ? null : value);
                pair.put("d", document);
                sorter.add(pair);
            }
            long total = sorter.count();
            Iterator<Document> sorted = sorter.sorted();
            long approxSize = Math.max(1, Math.round((double) total / buckets));
            List<Document> results = new ArrayList<>();
            Document current = sorted.hasNext() ? sorted.next() : null;
            Object previousMax = null;
            while (current != null) {
                Object min = current.get("v");
                if (rounder != null) {
                    // boundaries follow the series: each bucket starts where the one before ended
                    min = results.isEmpty() ? rounder.roundDown((Number) min) : previousMax;
                }
                Object max = current.get("v");
                Accumulator[] accumulators = fields.newAccumulators(context.variables(current.getDocument("d")), at);
                boolean lastBucket = results.size() == buckets - 1;
                long inBucket = 0;
                while (current != null && (lastBucket || inBucket < approxSize)) {
                    context.deadline.check();
                    fields.accumulate(accumulators, context.variables(current.getDocument("d")));
                    max = current.get("v");
                    inBucket++;
                    current = sorted.hasNext() ? sorted.next() : null;
                }
                // a value is never split between two buckets, nor (with a granularity) a value below
                // the rounded boundary
                Object boundary = rounder != null ? rounder.roundUp((Number) max) : max;
                while (current != null && (Values.compare(current.get("v"), boundary) < 0
                        || Values.compare(current.get("v"), max) == 0)) {
                    context.deadline.check();
                    fields.accumulate(accumulators, context.variables(current.getDocument("d")));
                    current = sorted.hasNext() ? sorted.next() : null;
                }
                if (rounder != null) {
                    // a bucket of zeros ends where the next one's rounded-down start is, not at zero
                    max = ((Number) boundary).doubleValue() == 0 && current != null
                            ? rounder.roundDown((Number) current.get("v")) : boundary;
                } else if (current != null) {
                    max = current.get("v");
                }
                previousMax = max;
                Document id = new Document();
                id.put("min", min);
                id.put("max", max);
                results.add(fields.result(id, accumulators));
            }
            return results.iterator();
        });
    }

    private static void checkRoundable(Object value, String at, Granularity granularity) {
        if (!Values.isNumber(value)) {
            throw new InvalidQueryException(at + ": with 'granularity' " + granularity + " every 'groupBy' value must be"
                    + " a number, but one is " + (value == Values.MISSING ? "missing" : Values.typeName(value)));
        }
        double number = ((Number) value).doubleValue();
        if (Double.isNaN(number) || number < 0) {
            throw new InvalidQueryException(at + ": with 'granularity' " + granularity + " every 'groupBy' value must be"
                    + " a number at or above 0 (not NaN), but one is " + value);
        }
    }
}
