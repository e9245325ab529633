package io.tetherdb.update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.query.AndNode;
import io.tetherdb.query.FieldCondition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.FilterNode;
import io.tetherdb.query.Operator;

/**
 * A compiled update in MongoDB's syntax, such as {@code {$set: {status: 'done'}, $inc: {tries: 1}}}:
 * parsed and checked once (unknown operators, operand types, conflicting paths), then applied to
 * any number of documents. Operators apply field by field in MongoDB 5.0's order (by path, numeric
 * names numerically), so new fields appear in that order. Build one with {@link #parse(String)},
 * {@link #of(Map)} or {@link Updates}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class Update {

    private final Document document;
    private final List<FieldUpdate> updates;
    private final Set<String> identifiers;
    /** See {@link #topLevelFields()}. */
    private final Set<String> topLevelFields;

    private Update(Document document, List<FieldUpdate> updates) {
        this.document = document;
        this.updates = updates;
        Set<String> heads = new java.util.LinkedHashSet<>();
        for (FieldUpdate update : updates) {
            UpdatePath path = update.path();
            if (update.operator() == UpdateOperator.RENAME || path.isDynamic() || path.segment(0).equals(Document.ID)) {
                heads = null;
                break;
            }
            heads.add(path.segment(0));
        }
        this.topLevelFields = heads == null || heads.isEmpty() ? null : java.util.Collections.unmodifiableSet(heads);
        Set<String> used = new HashSet<>();
        for (FieldUpdate update : updates) {
            UpdatePath path = update.path();
            for (int i = 0; i < path.size(); i++) {
                if (path.kind(i) == UpdatePath.Kind.FILTERED) {
                    used.add(path.identifier(i));
                }
            }
        }
        this.identifiers = Set.copyOf(used);
    }

    /**
     * Parses and compiles an update written as relaxed JSON (single quotes and unquoted field names
     * allowed).
     *
     * @param json the update text, one JSON object; not null
     * @return the compiled update
     * @throws InvalidUpdateException if the text is not valid JSON (the message gives the line and
     *         column) or not a valid update (the message names the operator and path)
     */
    public static Update parse(String json) {
        Objects.requireNonNull(json, "json must not be null");
        Document parsed;
        try {
            parsed = Json.parseDocument(json, Json.MAX_NESTING_DEPTH);
        } catch (MalformedJsonException e) {
            throw new InvalidUpdateException("Malformed update: " + e.getMessage(), e);
        }
        return of(parsed);
    }

    /**
     * Compiles an update given as a map; the map is copied, not retained.
     *
     * @param update the update; not null
     * @return the compiled update
     * @throws InvalidUpdateException if the map is not a valid update
     */
    public static Update of(Map<String, ?> update) {
        Objects.requireNonNull(update, "update must not be null");
        Document normalized = (Document) Values.normalize(update);
        return new Update(normalized, UpdateCompiler.compile(normalized));
    }

    /**
     * Checks a replacement document: it must hold no update operators.
     *
     * @param replacement the new content of a document; not null
     * @throws InvalidUpdateException if a top-level field starts with {@code $}
     */
    public static void checkReplacement(Map<String, ?> replacement) {
        Objects.requireNonNull(replacement, "replacement must not be null");
        for (String key : replacement.keySet()) {
            if (key != null && key.startsWith("$")) {
                throw new InvalidUpdateException("A replacement document must not contain update operators, but has '"
                        + key + "'; use updateOne for operators");
            }
        }
    }

    /** Merges updates into one, as {@link Updates#combine} documents. */
    static Update combine(List<Update> parts) {
        Document merged = new Document();
        for (Update part : parts) {
            for (Map.Entry<String, Object> entry : part.document.entrySet()) {
                Document fields = (Document) merged.computeIfAbsent(entry.getKey(), k -> new Document());
                for (Map.Entry<String, Object> field : ((Document) entry.getValue()).entrySet()) {
                    if (fields.containsKey(field.getKey())) {
                        throw new InvalidUpdateException("Updating the path '" + field.getKey()
                                + "' would create a conflict at '" + field.getKey() + "' (" + entry.getKey()
                                + " is given it twice)");
                    }
                    fields.put(field.getKey(), Values.copy(field.getValue()));
                }
            }
        }
        return of(merged);
    }

    /**
     * Checks that the options' array filters fit this update: each {@code $[ident]} has a filter,
     * and each filter is used.
     *
     * @param options the options; not null
     * @throws InvalidUpdateException if they do not fit
     */
    public void checkArrayFilters(UpdateOptions options) {
        Map<String, Filter> filters = options.arrayFilters();
        for (String identifier : identifiers) {
            if (!filters.containsKey(identifier)) {
                throw new InvalidUpdateException("No array filter found for identifier '" + identifier
                        + "' used in the update " + this);
            }
        }
        for (String identifier : filters.keySet()) {
            if (!identifiers.contains(identifier)) {
                throw new InvalidUpdateException("The array filter for identifier '" + identifier
                        + "' was not used in the update " + this);
            }
        }
    }

    /**
     * Applies the update to a copy of a stored document.
     *
     * @param document the document; not null, not changed
     * @param query the filter the document matched, for the positional {@code $}; may be null
     * @param options the array filters; not null
     * @param now the time {@code $currentDate} sets
     * @return the updated copy, or null if the update changes nothing
     * @throws InvalidUpdateException if an operator does not apply to the document's values, or
     *         the update would change {@code _id}
     */
    public Document apply(Map<String, ?> document, Filter query, UpdateOptions options, Instant now) {
        Document copy = (Document) Values.copy(document);
        boolean changed = new UpdateApplier(copy, query, options.arrayFilters(), now, false).apply(updates);
        return changed ? copy : null;
    }

    /**
     * Applies the update to a document the caller owns, changing it in place: for a document just
     * decoded, this saves {@link #apply}'s copy. If the update fails, the document may be partly
     * changed and should be dropped.
     *
     * @param document the document to change; not null
     * @param query the filter the document matched, for the positional {@code $}; may be null
     * @param options the array filters; not null
     * @param now the time {@code $currentDate} sets
     * @return whether the document changed
     * @throws InvalidUpdateException as {@link #apply} does
     */
    public boolean applyInPlace(Document document, Filter query, UpdateOptions options, Instant now) {
        return new UpdateApplier(document, query, options.arrayFilters(), now, false).apply(updates);
    }

    /**
     * The top-level fields this update reads and writes, when it reaches no others: no positional
     * path, no {@code $rename}, nothing under {@code _id}. Applying the update to a document that
     * holds only these fields (those of them the stored document has) changes them exactly as
     * applying it to the whole document would, so a write can re-encode just these fields.
     *
     * @return the field names, in the update's order, or null when the update may reach further
     * @since 0.2
     */
    public Set<String> topLevelFields() {
        return topLevelFields;
    }

    /**
     * Builds the document an upsert inserts: the filter's equality conditions ({@code {f: v}},
     * {@code {f: {$eq: v}}} and those inside a top-level {@code $and}, {@code _id} included), then
     * the update with {@code $setOnInsert}.
     *
     * @param query the filter that matched nothing; not null
     * @param options the array filters; not null
     * @param now the time {@code $currentDate} sets
     * @return the new document
     * @throws InvalidUpdateException if the filter sets one path twice, or the update does not apply
     */
    public Document applyToInsert(Filter query, UpdateOptions options, Instant now) {
        Document base = equalityFields(query);
        new UpdateApplier(base, query, options.arrayFilters(), now, true).apply(updates);
        return base;
    }

    /**
     * @param query a filter; not null
     * @return a new document holding the filter's equality conditions as fields, the base of an upsert
     * @throws InvalidUpdateException if two conditions set the same path or one inside another
     */
    public static Document equalityFields(Filter query) {
        Map<List<String>, Object> fields = new LinkedHashMap<>();
        collectEqualities(query.root(), fields);
        List<UpdatePath> paths = new ArrayList<>();
        Document base = new Document();
        for (Map.Entry<List<String>, Object> field : fields.entrySet()) {
            UpdatePath path = UpdatePath.parse(String.join(".", field.getKey()), UpdateOperator.SET);
            for (UpdatePath other : paths) {
                if (other.conflictWith(path) != null) {
                    throw new InvalidUpdateException("Cannot infer the fields of the upserted document from the"
                            + " filter: the paths '" + other + "' and '" + path + "' both have equality conditions");
                }
            }
            paths.add(path);
            new UpdateApplier(base, null, Map.of(), Instant.EPOCH, true).apply(List.of(
                    new FieldUpdate(UpdateOperator.SET, path, field.getValue(), null, null, null, null, false)));
        }
        return base;
    }

    private static void collectEqualities(FilterNode node, Map<List<String>, Object> fields) {
        if (node instanceof AndNode and) {
            for (FilterNode child : and.children()) {
                collectEqualities(child, fields);
            }
        } else if (node instanceof FieldCondition condition && condition.operator() == Operator.EQ
                && !(condition.operand() instanceof java.util.regex.Pattern)) {
            List<String> path = condition.path().segments();
            if (fields.containsKey(path)) {
                throw new InvalidUpdateException("Cannot infer the fields of the upserted document from the filter:"
                        + " the path '" + condition.path() + "' has two equality conditions");
            }
            fields.put(path, Values.normalize(condition.operand()));
        }
    }

    /** @return the operators this update uses */
    public Set<UpdateOperator> operators() {
        Set<UpdateOperator> operators = java.util.EnumSet.noneOf(UpdateOperator.class);
        for (FieldUpdate update : updates) {
            operators.add(update.operator());
        }
        return operators;
    }

    /**
     * @param path a dotted field path; not null
     * @return whether this update may change the value at the path or anything inside it or
     *         around it: whether one of its paths is a prefix of the other (positional segments
     *         matching any element)
     */
    public boolean touches(String path) {
        return touches(UpdatePath.parse(path, UpdateOperator.SET));
    }

    /**
     * @param path a field path; not null
     * @return whether this update may change the value at the path; see {@link #touches(String)}
     */
    public boolean touches(io.tetherdb.document.DocumentPath path) {
        return touches(UpdatePath.parse(path.toString(), UpdateOperator.SET));
    }

    private boolean touches(UpdatePath other) {
        for (FieldUpdate update : updates) {
            if (update.path().conflictWith(other) != null
                    || update.target() != null && update.target().conflictWith(other) != null) {
                return true;
            }
        }
        return false;
    }

    /** @return the update as a document, as given (a fresh copy) */
    public Document toDocument() {
        return (Document) Values.copy(document);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Update other && Values.same(document, other.document);
    }

    @Override
    public int hashCode() {
        return document.keySet().hashCode();
    }

    /** @return the update as JSON */
    @Override
    public String toString() {
        return document.toJson();
    }
}
