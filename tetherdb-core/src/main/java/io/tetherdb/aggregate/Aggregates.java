package io.tetherdb.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Sort;

/**
 * Builds pipeline stages as documents, such as
 * {@code List.of(Aggregates.match(Filters.eq("sensor", "s1")), Aggregates.group("$day", Accumulators.avg("mean", "$value")))}.
 * Expressions are given as their document form: a field path such as {@code "$value"}, a literal,
 * or a map such as {@code Map.of("$dateTrunc", Map.of("date", "$at", "unit", "day"))}. The stages
 * are checked when the pipeline runs. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class Aggregates {

    private Aggregates() {
    }

    private static Document stage(String name, Object spec) {
        return new Document(name, spec);
    }

    /** @return {@code {$match: filter}} */
    public static Document match(Filter filter) {
        return stage("$match", Objects.requireNonNull(filter, "filter must not be null").toDocument());
    }

    /** @return {@code {$project: projection}}; a field may map to 1, 0 or an expression */
    public static Document project(Map<String, ?> projection) {
        return stage("$project", new Document(projection));
    }

    /** @return {@code {$addFields: fields}}, each field mapping to an expression */
    public static Document addFields(Map<String, ?> fields) {
        return stage("$addFields", new Document(fields));
    }

    /** @return {@code {$set: fields}}, the same as {@link #addFields} */
    public static Document set(Map<String, ?> fields) {
        return stage("$set", new Document(fields));
    }

    /** @return {@code {$unset: [fields]}} */
    public static Document unset(String... fields) {
        return stage("$unset", new ArrayList<>(Arrays.asList(fields)));
    }

    /** @return {@code {$sort: sort}} */
    public static Document sort(Sort sort) {
        return stage("$sort", Objects.requireNonNull(sort, "sort must not be null").toDocument());
    }

    /** @return {@code {$skip: n}} */
    public static Document skip(long n) {
        return stage("$skip", n);
    }

    /** @return {@code {$limit: n}} */
    public static Document limit(long n) {
        return stage("$limit", n);
    }

    /** @return {@code {$group: {_id: id, fields...}}}; {@code id} null groups all documents together */
    public static Document group(Object id, Accumulators.Field... fields) {
        Document spec = new Document();
        spec.put(Document.ID, id);
        spec.putAll(Accumulators.fields(fields));
        return stage("$group", spec);
    }

    /** @return {@code {$count: field}} */
    public static Document count(String field) {
        return stage("$count", field);
    }

    /** @return {@code {$unwind: path}}, such as {@code unwind("$tags")} */
    public static Document unwind(String path) {
        return stage("$unwind", path);
    }

    /**
     * @param path the array field, such as {@code "$tags"}
     * @param includeArrayIndex the field to put each element's index in, or null for none
     * @param preserveNullAndEmptyArrays whether documents without elements pass through
     * @return the {@code $unwind} stage with its options
     */
    public static Document unwind(String path, String includeArrayIndex, boolean preserveNullAndEmptyArrays) {
        Document spec = new Document("path", path);
        if (includeArrayIndex != null) {
            spec.put("includeArrayIndex", includeArrayIndex);
        }
        spec.put("preserveNullAndEmptyArrays", preserveNullAndEmptyArrays);
        return stage("$unwind", spec);
    }

    /** @return {@code {$sortByCount: expression}} */
    public static Document sortByCount(Object expression) {
        return stage("$sortByCount", expression);
    }

    /**
     * @param groupBy the expression to bucket by
     * @param boundaries the bucket boundaries, ascending
     * @param defaultBucket the {@code _id} of the bucket for values outside the boundaries, or null
     *        for none (such a value is then an error)
     * @param output the accumulators; none gives {@code count}
     * @return the {@code $bucket} stage
     */
    public static Document bucket(Object groupBy, List<?> boundaries, Object defaultBucket,
            Accumulators.Field... output) {
        Document spec = new Document();
        spec.put("groupBy", groupBy);
        spec.put("boundaries", new ArrayList<>(boundaries));
        if (defaultBucket != null) {
            spec.put("default", defaultBucket);
        }
        if (output.length > 0) {
            spec.put("output", Accumulators.fields(output));
        }
        return stage("$bucket", spec);
    }

    /** @return {@code {$bucketAuto: {groupBy, buckets, output}}}; no output gives {@code count} */
    public static Document bucketAuto(Object groupBy, int buckets, Accumulators.Field... output) {
        Document spec = new Document();
        spec.put("groupBy", groupBy);
        spec.put("buckets", buckets);
        if (output.length > 0) {
            spec.put("output", Accumulators.fields(output));
        }
        return stage("$bucketAuto", spec);
    }

    /** @return {@code {$facet: {name: pipeline, ...}}} */
    public static Document facet(Map<String, ? extends List<? extends Map<String, ?>>> facets) {
        Document spec = new Document();
        facets.forEach((name, pipeline) -> spec.put(name, new ArrayList<>(pipeline)));
        return stage("$facet", spec);
    }

    /** @return {@code {$replaceRoot: {newRoot: expression}}} */
    public static Document replaceRoot(Object expression) {
        return stage("$replaceRoot", new Document("newRoot", expression));
    }

    /** @return {@code {$replaceWith: expression}} */
    public static Document replaceWith(Object expression) {
        return stage("$replaceWith", expression);
    }

    /** @return {@code {$sample: {size: n}}} */
    public static Document sample(long size) {
        return stage("$sample", new Document("size", size));
    }

    /** @return {@code {$lookup: {from, localField, foreignField, as}}} */
    public static Document lookup(String from, String localField, String foreignField, String as) {
        Document spec = new Document();
        spec.put("from", from);
        spec.put("localField", localField);
        spec.put("foreignField", foreignField);
        spec.put("as", as);
        return stage("$lookup", spec);
    }

    /** @return {@code {$out: collection}} */
    public static Document out(String collection) {
        return stage("$out", collection);
    }

    /**
     * @param collection the target collection of the same store
     * @param whenMatched {@code replace}, {@code keepExisting}, {@code merge} or {@code fail}
     * @param whenNotMatched {@code insert}, {@code discard} or {@code fail}
     * @return the {@code $merge} stage, matching on {@code _id}
     */
    public static Document merge(String collection, String whenMatched, String whenNotMatched) {
        Document spec = new Document();
        spec.put("into", collection);
        spec.put("whenMatched", whenMatched);
        spec.put("whenNotMatched", whenNotMatched);
        return stage("$merge", spec);
    }

    /** @return {@code {$merge: collection}}: merge into matching documents, insert the others */
    public static Document merge(String collection) {
        return stage("$merge", collection);
    }
}
