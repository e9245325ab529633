package io.tetherdb.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.ValueOrder;

/**
 * What a secondary index covers: one or more fields (dotted paths allowed), each ascending or
 * descending, and whether it is unique and sparse. Written like MongoDB's index keys:
 * {@code IndexDefinition.parse("{city: 1, age: -1}").unique()} or
 * {@code IndexDefinition.ascending("city").thenDescending("age")}. Its default name follows
 * MongoDB's ({@code city_1_age_-1}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class IndexDefinition {

    /** Most fields a compound index may have. */
    public static final int MAX_FIELDS = 32;

    /**
     * One field of an index.
     *
     * @param path the field's path; not null
     * @param ascending whether the index orders this field ascending
     */
    public record Field(DocumentPath path, boolean ascending) {

        /** Checks the path. */
        public Field {
            Objects.requireNonNull(path, "path must not be null");
        }
    }

    private final List<Field> fields;
    private final String name;
    private final boolean unique;
    private final boolean sparse;

    private IndexDefinition(List<Field> fields, String name, boolean unique, boolean sparse) {
        // never empty: of() refuses no fields, and every other way in starts from one field
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("An index needs 1 to " + MAX_FIELDS + " fields but has "
                    + fields.size());
        }
        List<String> seen = new ArrayList<>();
        for (Field field : fields) {
            if (seen.contains(field.path().toString())) {
                throw new IllegalArgumentException("Field '" + field.path() + "' appears twice in the index");
            }
            seen.add(field.path().toString());
        }
        this.fields = List.copyOf(fields);
        this.name = name == null ? defaultName(fields) : checkName(name);
        this.unique = unique;
        this.sparse = sparse;
    }

    /**
     * @param path a dotted field path; not null
     * @return a non-unique, non-sparse ascending index on that field
     */
    public static IndexDefinition ascending(String path) {
        return new IndexDefinition(List.of(new Field(DocumentPath.parse(path), true)), null, false, false);
    }

    /**
     * @param path a dotted field path; not null
     * @return a non-unique, non-sparse descending index on that field
     */
    public static IndexDefinition descending(String path) {
        return new IndexDefinition(List.of(new Field(DocumentPath.parse(path), false)), null, false, false);
    }

    /**
     * Reads index keys written as in MongoDB: {@code "{city: 1, age: -1}"}.
     *
     * @param keys relaxed JSON; not null
     * @return the definition
     * @throws InvalidQueryException if the text is malformed, a direction is not 1 or -1 or a path
     *         is invalid
     */
    public static IndexDefinition parse(String keys) {
        Document document;
        try {
            document = Json.parseDocument(keys);
        } catch (MalformedJsonException e) {
            throw new InvalidQueryException("Malformed index keys: " + e.getMessage(), e);
        }
        return of(document);
    }

    /**
     * @param keys field paths to directions (1 or -1), in order; not null
     * @return the definition
     * @throws InvalidQueryException if a direction is not 1 or -1, a path is invalid or there is no
     *         field
     */
    public static IndexDefinition of(Map<String, ?> keys) {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, ?> entry : keys.entrySet()) {
            Object direction = entry.getValue();
            // exactly, so that a decimal such as 1.0000000000000000001 is no direction
            if (!(direction instanceof Number n)
                    || (ValueOrder.compareNumbers(n, 1) != 0 && ValueOrder.compareNumbers(n, -1) != 0)) {
                throw new InvalidQueryException("Index direction of '" + entry.getKey() + "' must be 1 or -1 but was "
                        + direction);
            }
            DocumentPath path;
            try {
                path = DocumentPath.parse(entry.getKey());
            } catch (DocumentPath.InvalidPathException e) {
                throw new InvalidQueryException("Invalid index field '" + entry.getKey() + "': " + e.getMessage(), e);
            }
            fields.add(new Field(path, ValueOrder.compareNumbers(n, 1) == 0));
        }
        if (fields.isEmpty()) {
            throw new InvalidQueryException("Index keys must name at least one field");
        }
        return new IndexDefinition(fields, null, false, false);
    }

    /**
     * @param path a further field; not null
     * @return a copy with that field added, ascending
     */
    public IndexDefinition thenAscending(String path) {
        return withField(new Field(DocumentPath.parse(path), true));
    }

    /**
     * @param path a further field; not null
     * @return a copy with that field added, descending
     */
    public IndexDefinition thenDescending(String path) {
        return withField(new Field(DocumentPath.parse(path), false));
    }

    private IndexDefinition withField(Field field) {
        List<Field> more = new ArrayList<>(fields);
        more.add(field);
        return new IndexDefinition(more, null, unique, sparse);
    }

    /** @return a unique copy: no two documents may have the same key */
    public IndexDefinition unique() {
        return new IndexDefinition(fields, name, true, sparse);
    }

    /** @return a sparse copy: documents missing every indexed field are left out */
    public IndexDefinition sparse() {
        return new IndexDefinition(fields, name, unique, true);
    }

    /**
     * @param name the index name: 1 to 128 characters, no control characters
     * @return a copy with that name
     */
    public IndexDefinition named(String name) {
        return new IndexDefinition(fields, name, unique, sparse);
    }

    /** @return the fields, in order */
    public List<Field> fields() {
        return fields;
    }

    /** @return the index name */
    public String name() {
        return name;
    }

    /** @return whether keys are unique */
    public boolean isUnique() {
        return unique;
    }

    /** @return whether documents missing every indexed field are left out */
    public boolean isSparse() {
        return sparse;
    }

    /** @return the keys as a document, such as {@code {city: 1, age: -1}} */
    public Document keys() {
        Document keys = new Document();
        for (Field field : fields) {
            keys.put(field.path().toString(), field.ascending() ? 1 : -1);
        }
        return keys;
    }

    /** @return the definition as a document: {@code {name, key, unique, sparse}} */
    public Document toDocument() {
        return new Document().append("name", name).append("key", keys()).append("unique", unique)
                .append("sparse", sparse);
    }

    /**
     * @param document a document produced by {@link #toDocument()}; not null
     * @return the definition
     */
    public static IndexDefinition fromDocument(Map<String, ?> document) {
        @SuppressWarnings("unchecked")
        IndexDefinition keys = of((Map<String, ?>) document.get("key"));
        return new IndexDefinition(keys.fields, (String) document.get("name"),
                Boolean.TRUE.equals(document.get("unique")), Boolean.TRUE.equals(document.get("sparse")));
    }

    private static String defaultName(List<Field> fields) {
        List<String> parts = new ArrayList<>();
        for (Field field : fields) {
            parts.add(field.path() + "_" + (field.ascending() ? "1" : "-1"));
        }
        return String.join("_", parts);
    }

    private static String checkName(String name) {
        if (name.isEmpty() || name.length() > 128) {
            throw new IllegalArgumentException("Index name must be 1 to 128 characters but was '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("Index name must not contain control characters");
            }
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexDefinition other && fields.equals(other.fields) && name.equals(other.name)
                && unique == other.unique && sparse == other.sparse;
    }

    /**
     * @param other another definition; not null
     * @return whether both index the same fields in the same directions with the same options
     */
    public boolean sameShape(IndexDefinition other) {
        return fields.equals(other.fields) && unique == other.unique && sparse == other.sparse;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields, name, unique, sparse);
    }

    @Override
    public String toString() {
        return "Index " + name + " " + keys().toJson() + (unique ? " unique" : "") + (sparse ? " sparse" : "");
    }

    /** @return an unmodifiable view of the field paths, in order */
    public List<DocumentPath> paths() {
        List<DocumentPath> paths = new ArrayList<>();
        for (Field field : fields) {
            paths.add(field.path());
        }
        return Collections.unmodifiableList(paths);
    }
}
