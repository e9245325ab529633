package io.tetherdb.query;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;

/**
 * A compiled query filter in MongoDB's syntax, such as {@code {age: {$gte: 18}, tags: 'x'}}: parsed
 * and validated once, then matched against any number of documents. Its {@linkplain #root() tree}
 * of {@link FilterNode}s can be inspected, for example by a query planner. Matching reads a
 * document's top-level fields only through {@link Map#get} and {@link Map#containsKey}, and only
 * those named by {@link #topLevelFields()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Filter {

    /**
     * Deepest nesting of {@code $and}, {@code $or}, {@code $nor}, {@code $not} and
     * {@code $elemMatch} a filter may have.
     */
    public static final int MAX_DEPTH = 100;

    // Compiled filters stay far below this tree height; combining them with Filters must too,
    // so that matching never recurses deeply.
    private static final int MAX_TREE_HEIGHT = 4 * MAX_DEPTH;

    private static final Filter ALL = new Filter(new AndNode(java.util.List.of()));

    private final FilterNode root;
    private final Set<String> topLevelFields;
    private final int height;

    private Filter(FilterNode root) {
        this.root = root;
        this.height = height(root);
        Set<String> fields = new LinkedHashSet<>();
        collectTopLevelFields(root, fields);
        this.topLevelFields = Collections.unmodifiableSet(fields);
    }

    /**
     * Parses and compiles a filter written as relaxed JSON (single quotes and unquoted field names
     * allowed). Regular expressions may be written as MongoDB shell literals, {@code /^be/i}, where
     * a value is expected.
     *
     * @param json the filter text, one JSON object; not null
     * @return the compiled filter
     * @throws InvalidQueryException if the text is not valid JSON (the message gives the line and
     *         column) or not a valid filter (the message names the operator and field)
     */
    public static Filter parse(String json) {
        Objects.requireNonNull(json, "json");
        Document document;
        try {
            // Filter text nests deeper than documents: each operator adds levels to its operands.
            document = Json.parseDocument(RegexLiterals.rewrite(json), Json.MAX_NESTING_DEPTH);
        } catch (MalformedJsonException e) {
            throw new InvalidQueryException("Malformed filter: " + e.getMessage(), e);
        }
        return of(document);
    }

    /**
     * Compiles a filter given as a map. Besides document values, operands may be
     * {@link java.util.regex.Pattern}s: {@code {name: Pattern.compile("^a")}} matches by regular
     * expression, as in MongoDB. The map is not retained.
     *
     * @param filter the filter; not null
     * @return the compiled filter
     * @throws InvalidQueryException if the map is not a valid filter
     */
    public static Filter of(Map<String, ?> filter) {
        Objects.requireNonNull(filter, "filter");
        return filter.isEmpty() ? ALL : new Filter(FilterCompiler.compile(filter));
    }

    /** @return the filter that matches every document, {@code {}} */
    public static Filter all() {
        return ALL;
    }

    /** Wraps a tree built from compiled filters by {@link Filters}, refusing one nested too deeply. */
    static Filter combine(FilterNode root, Filter... parts) {
        int max = 0;
        for (Filter part : parts) {
            max = Math.max(max, part.height);
        }
        if (max + 1 > MAX_TREE_HEIGHT) {
            throw new InvalidQueryException("Filter is nested deeper than " + MAX_DEPTH + " levels");
        }
        Filter filter = new Filter(root);
        // Its text form must compile too (Filter.of(toDocument()) equals it), so it may have at most
        // MAX_DEPTH levels of operators. Each node adds at most one level to the text, so only a
        // taller tree needs its text counted, by compiling it: that throws if it is too deep.
        if (filter.height > MAX_DEPTH) {
            FilterCompiler.compile(FilterRenderer.render(root));
        }
        return filter;
    }

    private static int height(FilterNode node) {
        if (node instanceof NotNode not) {
            return 1 + height(not.child());
        }
        if (node instanceof ElemMatchCondition elemMatch) {
            return 1 + height(elemMatch.condition());
        }
        java.util.List<FilterNode> children = node instanceof LogicalNode logical ? logical.children()
                : java.util.List.of();
        int max = 0;
        for (FilterNode child : children) {
            max = Math.max(max, height(child));
        }
        return 1 + max;
    }

    /**
     * @param document the document to test; not null. Its top-level fields are read only through
     *        {@link Map#get} and {@link Map#containsKey}, so it may decode them lazily.
     * @return whether the document matches this filter
     * @throws InvalidQueryException if a regular expression is too complex to match a value: Java's
     *         engine runs out of stack on patterns such as {@code (a|b)*} over long strings. No
     *         other value of a document makes matching fail.
     */
    public boolean matches(Map<String, ?> document) {
        return root.matches(document);
    }

    /**
     * Matches a document within a query's time budget: regular expressions check the deadline as
     * they read the document's strings, so that even a catastrophic pattern such as
     * {@code (a+)+\1$} stops soon after the limit. Without a time limit this is
     * {@link #matches(Map)}.
     *
     * @param document the document to test; not null, read as by {@link #matches(Map)}
     * @param deadline the run's deadline; not null
     * @return whether the document matches this filter
     * @throws io.tetherdb.error.QueryTimeoutException if the deadline passes during the match
     * @throws io.tetherdb.error.QueryInterruptedException if the thread is interrupted during a timed match
     * @throws InvalidQueryException as {@link #matches(Map)} does
     */
    public boolean matches(Map<String, ?> document, QueryDeadline deadline) {
        if (!deadline.hasTimeLimit()) {
            return root.matches(document);
        }
        QueryDeadline outer = QueryDeadline.ACTIVE.get();
        QueryDeadline.ACTIVE.set(deadline);
        try {
            return root.matches(document);
        } finally {
            // set, not remove: removing and setting again per document would allocate an entry each time
            QueryDeadline.ACTIVE.set(outer);
        }
    }

    /** @return the root of the compiled tree; an empty {@link AndNode} for {@link #all()} */
    public FilterNode root() {
        return root;
    }

    /** @return whether this filter matches every document, like {@code {}} */
    public boolean matchesAll() {
        return root instanceof AndNode and && and.children().isEmpty();
    }

    /** @return the names of the top-level fields that matching may read, in filter order; unmodifiable */
    public Set<String> topLevelFields() {
        return topLevelFields;
    }

    /**
     * @return this filter in a canonical document form (explicit operators, conditions on one field
     *         merged), for explain output and logs; {@code Filter.of(f.toDocument())} equals {@code f}
     */
    public Document toDocument() {
        return FilterRenderer.render(root);
    }

    private static void collectTopLevelFields(FilterNode node, Set<String> fields) {
        if (node instanceof FieldCondition condition) {
            addHead(condition.path(), fields);
        } else if (node instanceof ElemMatchCondition elemMatch) {
            addHead(elemMatch.path(), fields);
        } else if (node instanceof NotNode not) {
            collectTopLevelFields(not.child(), fields);
        } else if (node instanceof LogicalNode logical) {
            logical.children().forEach(child -> collectTopLevelFields(child, fields));
        }
    }

    private static void addHead(DocumentPath path, Set<String> fields) {
        // conditions are compiled only on field paths, never on the root path
        fields.add(path.head());
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Filter other && root.equals(other.root));
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    /** @return the canonical JSON form of this filter */
    @Override
    public String toString() {
        return toDocument().toJson();
    }
}
