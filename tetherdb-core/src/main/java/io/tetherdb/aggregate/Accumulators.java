package io.tetherdb.aggregate;

import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;
import io.tetherdb.query.Sort;

/**
 * Builds the output fields of {@code $group}, {@code $bucket} and {@code $bucketAuto}, such as
 * {@code Accumulators.avg("mean", "$value")}. Expressions are given as their document form: a field
 * path such as {@code "$value"}, a literal, or a map such as {@code Map.of("$multiply", List.of("$a", 2))}.
 * Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class Accumulators {

    /**
     * One output field and its accumulator, such as {@code total: {$sum: "$amount"}}.
     *
     * @param name the output field's name; not null
     * @param accumulator the accumulator document, such as {@code {$sum: "$amount"}}; not null
     */
    public record Field(String name, Document accumulator) {

        /** Checks the parts. */
        public Field {
            Objects.requireNonNull(name, "name must not be null");
            Objects.requireNonNull(accumulator, "accumulator must not be null");
        }
    }

    private Accumulators() {
    }

    private static Field field(String name, String operator, Object operand) {
        return new Field(name, new Document(operator, operand));
    }

    /** @return {@code name: {$sum: expression}}; {@code sum(name, 1)} counts documents */
    public static Field sum(String name, Object expression) {
        return field(name, "$sum", expression);
    }

    /** @return {@code name: {$avg: expression}} */
    public static Field avg(String name, Object expression) {
        return field(name, "$avg", expression);
    }

    /** @return {@code name: {$min: expression}} */
    public static Field min(String name, Object expression) {
        return field(name, "$min", expression);
    }

    /** @return {@code name: {$max: expression}} */
    public static Field max(String name, Object expression) {
        return field(name, "$max", expression);
    }

    /** @return {@code name: {$first: expression}} */
    public static Field first(String name, Object expression) {
        return field(name, "$first", expression);
    }

    /** @return {@code name: {$last: expression}} */
    public static Field last(String name, Object expression) {
        return field(name, "$last", expression);
    }

    /** @return {@code name: {$push: expression}} */
    public static Field push(String name, Object expression) {
        return field(name, "$push", expression);
    }

    /** @return {@code name: {$addToSet: expression}} */
    public static Field addToSet(String name, Object expression) {
        return field(name, "$addToSet", expression);
    }

    /** @return {@code name: {$count: {}}} */
    public static Field count(String name) {
        return field(name, "$count", new Document());
    }

    /** @return {@code name: {$stdDevPop: expression}} */
    public static Field stdDevPop(String name, Object expression) {
        return field(name, "$stdDevPop", expression);
    }

    /** @return {@code name: {$stdDevSamp: expression}} */
    public static Field stdDevSamp(String name, Object expression) {
        return field(name, "$stdDevSamp", expression);
    }

    /** @return {@code name: {$top: {sortBy, output}}} */
    public static Field top(String name, Sort sortBy, Object output) {
        return field(name, "$top", ranked(sortBy, output, null));
    }

    /** @return {@code name: {$bottom: {sortBy, output}}} */
    public static Field bottom(String name, Sort sortBy, Object output) {
        return field(name, "$bottom", ranked(sortBy, output, null));
    }

    /** @return {@code name: {$topN: {n, sortBy, output}}} */
    public static Field topN(String name, Object n, Sort sortBy, Object output) {
        return field(name, "$topN", ranked(sortBy, output, Objects.requireNonNull(n, "n must not be null")));
    }

    /** @return {@code name: {$bottomN: {n, sortBy, output}}} */
    public static Field bottomN(String name, Object n, Sort sortBy, Object output) {
        return field(name, "$bottomN", ranked(sortBy, output, Objects.requireNonNull(n, "n must not be null")));
    }

    private static Document ranked(Sort sortBy, Object output, Object n) {
        Document spec = new Document();
        if (n != null) {
            spec.put("n", n);
        }
        spec.put("sortBy", Objects.requireNonNull(sortBy, "sortBy must not be null").toDocument());
        spec.put("output", output);
        return spec;
    }

    static Document fields(Field... fields) {
        Document document = new Document();
        for (Field field : fields) {
            document.put(field.name(), field.accumulator());
        }
        return document;
    }

}
