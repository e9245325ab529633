package io.tetherdb.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;

/**
 * Chooses the fields of a document to return, as MongoDB's find projection does: either an
 * inclusion ({@code {name: 1, 'address.city': 1}}: only those fields, in the document's order) or
 * an exclusion ({@code {secret: 0}}: every other field). {@code _id} is returned unless excluded
 * with {@code _id: 0}, which is the only exclusion an inclusion may contain. Dotted paths reach
 * into nested documents and into every document of an array.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Projection {

    private static final String ID = Document.ID;
    private static final Projection ALL = new Projection(false, List.of(), true);

    private final boolean inclusion;
    private final List<DocumentPath> paths;
    private final boolean includeId;
    private final Node tree;

    private Projection(boolean inclusion, List<DocumentPath> paths, boolean includeId) {
        this.inclusion = inclusion;
        this.paths = List.copyOf(paths);
        this.includeId = includeId;
        this.tree = new Node();
        for (DocumentPath path : this.paths) {
            tree.add(path);
        }
        if (inclusion == includeId) {
            tree.add(DocumentPath.of(ID));
        }
    }

    /** @return the projection that returns whole documents */
    public static Projection all() {
        return ALL;
    }

    /**
     * @param fields dotted paths to return (with {@code _id}); not null, at least one
     * @return an inclusion projection
     * @throws InvalidQueryException if a path is invalid or two paths collide
     */
    public static Projection include(String... fields) {
        return new Projection(true, checked(fields), true);
    }

    /**
     * @param fields dotted paths to leave out; not null, at least one
     * @return an exclusion projection
     * @throws InvalidQueryException if a path is invalid or two paths collide
     */
    public static Projection exclude(String... fields) {
        return new Projection(false, checked(fields), true);
    }

    /** @return this projection, also leaving out {@code _id} */
    public Projection excludeId() {
        return new Projection(inclusion, paths, false);
    }

    private static List<DocumentPath> checked(String... fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.length == 0) {
            throw new InvalidQueryException("A projection needs at least one field");
        }
        List<DocumentPath> paths = new ArrayList<>();
        for (String field : fields) {
            if (ID.equals(field)) {
                throw new InvalidQueryException("Name _id with excludeId(), not as a projected field");
            }
            paths.add(path(field));
        }
        checkCollisions(paths);
        return paths;
    }

    /**
     * Parses a projection such as {@code {name: 1, _id: 0}}.
     *
     * @param json relaxed JSON text of one object; not null
     * @return the projection
     * @throws InvalidQueryException if the text is malformed (with its position), names a field
     *         twice or is not a valid projection
     */
    public static Projection parse(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return of(Json.parseDocumentWithUniqueKeys(json));
        } catch (MalformedJsonException e) {
            throw new InvalidQueryException("Malformed projection: " + e.getMessage(), e);
        }
    }

    /**
     * @param specification field paths to 1/true (include) or 0/false (exclude); not null
     * @return the projection
     * @throws InvalidQueryException if inclusion and exclusion are mixed (other than {@code _id: 0}),
     *         a value is not a number or boolean, a path is invalid or two paths collide
     */
    public static Projection of(Map<String, ?> specification) {
        Objects.requireNonNull(specification, "specification");
        List<DocumentPath> included = new ArrayList<>();
        List<DocumentPath> excluded = new ArrayList<>();
        Boolean id = null;
        for (Map.Entry<String, ?> e : specification.entrySet()) {
            String field = e.getKey();
            boolean include = flag(field, e.getValue());
            if (ID.equals(field)) {
                id = include;
            } else {
                (include ? included : excluded).add(path(field));
            }
        }
        if (!included.isEmpty() && !excluded.isEmpty()) {
            throw new InvalidQueryException("Projection cannot mix inclusion and exclusion: it includes '"
                    + included.get(0) + "' and excludes '" + excluded.get(0) + "' (only _id may be excluded from"
                    + " an inclusion)");
        }
        if (!included.isEmpty()) {
            checkCollisions(included);
            return new Projection(true, included, id == null || id);
        }
        if (!excluded.isEmpty()) {
            checkCollisions(excluded);
            return new Projection(false, excluded, id == null || id);
        }
        if (id == null) {
            return ALL;
        }
        return new Projection(id, List.of(), id);
    }

    private static boolean flag(String field, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return ValueOrder.compareNumbers(n, 0) != 0;
        }
        throw new InvalidQueryException("Projection of '" + field + "' must be 1, 0, true or false, not "
                + Json.write(Operands.render(value)) + " (projection operators are not supported)");
    }

    private static DocumentPath path(String field) {
        if (field == null || field.startsWith("$") || field.contains(".$") || field.endsWith("$")) {
            throw new InvalidQueryException("Projection field '" + field
                    + "' is not supported: positional and $ operators cannot be projected");
        }
        try {
            return DocumentPath.parse(field);
        } catch (DocumentPath.InvalidPathException e) {
            throw new InvalidQueryException("Invalid projection field '" + field + "': " + e.getMessage(), e);
        }
    }

    private static void checkCollisions(List<DocumentPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < paths.size(); j++) {
                if (i != j && paths.get(i).startsWith(paths.get(j))) {
                    throw new InvalidQueryException("Projection path collision between '" + paths.get(j) + "' and '"
                            + paths.get(i) + "'");
                }
            }
        }
    }

    /** @return whether this projection lists the fields to keep (otherwise, the fields to drop) */
    public boolean isInclusion() {
        return inclusion;
    }

    /** @return whether {@code _id} is returned */
    public boolean includesId() {
        return includeId;
    }

    /** @return the included or excluded paths, other than {@code _id}; unmodifiable */
    public List<DocumentPath> paths() {
        return paths;
    }

    /**
     * Projects a document. The result is a new document; values it keeps whole are shared with
     * the input, not copied.
     *
     * @param document the document; not null
     * @return the projected document
     */
    public Document apply(Map<String, ?> document) {
        Objects.requireNonNull(document, "document");
        return inclusion ? include(document, tree) : exclude(document, tree);
    }

    private static Document include(Map<?, ?> document, Node node) {
        Document result = new Document();
        for (Object key : document.keySet()) {
            Node child = node.children.get(key);
            if (child == null) {
                continue;
            }
            Object value = document.get(key);
            if (child.leaf) {
                result.put((String) key, value);
            } else if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
                result.put((String) key, includeValue(value, child));
            }
        }
        return result;
    }

    private static Object includeValue(Object value, Node node) {
        if (value instanceof Map<?, ?> map) {
            return include(map, node);
        }
        List<Object> kept = new ArrayList<>();
        for (Object element : (Collection<?>) value) {
            // Inside an array only documents (and arrays of them) can hold the projected fields.
            if (element instanceof Map<?, ?> || element instanceof Collection<?>) {
                kept.add(includeValue(element, node));
            }
        }
        return kept;
    }

    private static Document exclude(Map<?, ?> document, Node node) {
        Document result = new Document();
        for (Map.Entry<?, ?> e : document.entrySet()) {
            Node child = node.children.get(e.getKey());
            if (child == null) {
                result.put((String) e.getKey(), e.getValue());
            } else if (!child.leaf) {
                result.put((String) e.getKey(), excludeValue(e.getValue(), child));
            }
        }
        return result;
    }

    private static Object excludeValue(Object value, Node node) {
        if (value instanceof Map<?, ?> map) {
            return exclude(map, node);
        }
        if (value instanceof Collection<?> array) {
            List<Object> kept = new ArrayList<>(array.size());
            for (Object element : array) {
                kept.add(excludeValue(element, node));
            }
            return kept;
        }
        return value;
    }

    /** @return this projection as a specification document, such as {@code {name: 1, _id: 0}} */
    public Document toDocument() {
        Document document = new Document();
        if (this == ALL) {
            return document;
        }
        for (DocumentPath path : paths) {
            document.put(path.toString(), inclusion ? 1 : 0);
        }
        if (!includeId || (inclusion && paths.isEmpty())) {
            document.put(ID, includeId ? 1 : 0);
        }
        return document;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Projection other && inclusion == other.inclusion
                && includeId == other.includeId && new LinkedHashSet<>(paths).equals(new LinkedHashSet<>(other.paths)));
    }

    @Override
    public int hashCode() {
        return Objects.hash(inclusion, includeId, Set.copyOf(paths));
    }

    @Override
    public String toString() {
        return "Projection" + toDocument().toJson();
    }

    /** A trie of the projected paths. */
    private static final class Node {

        private final Map<String, Node> children = new LinkedHashMap<>();
        private boolean leaf;

        void add(DocumentPath path) {
            Node node = this;
            for (String segment : path.segments()) {
                node = node.children.computeIfAbsent(segment, k -> new Node());
            }
            node.leaf = true;
        }
    }
}
