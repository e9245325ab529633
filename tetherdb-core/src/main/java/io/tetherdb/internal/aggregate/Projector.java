package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;

/**
 * The reshaping stages {@code $project}, {@code $addFields}/{@code $set} and {@code $unset}: a spec
 * compiled into a tree of included, excluded and computed fields, applied per document (through
 * arrays of embedded documents too, as in MongoDB). Immutable and thread-safe.
 */
final class Projector {

    /** One level of a projection: per field, a flag, an expression or a sub-level. */
    private static final class Node {
        final Map<String, Object> fields = new LinkedHashMap<>();
    }

    private static final Object INCLUDE = "include";
    private static final Object EXCLUDE = "exclude";

    private Projector() {
    }

    static BiFunction<Document, RunContext, Document> project(Map<?, ?> spec, String at, Set<String> scope) {
        if (spec.isEmpty()) {
            throw new InvalidQueryException(at + " requires at least one output field");
        }
        Node root = new Node();
        boolean[] modes = new boolean[2]; // [0] inclusion or computed seen, [1] exclusion seen
        build(root, spec, at, modes, true, true, scope);
        Object id = root.fields.get(Document.ID);
        boolean idExcluded = id == EXCLUDE;
        if (modes[0] && modes[1]) {
            throw new InvalidQueryException(at + ": cannot mix inclusion (or computed fields) and exclusion in one"
                    + " projection, except for excluding _id");
        }
        if (modes[0] || !modes[1] && !idExcluded) {
            if (id == null) {
                root.fields.put(Document.ID, INCLUDE);
                // _id comes first in the output whatever the spec's order
                reorderIdFirst(root);
            }
            return (document, context) -> include(root, document, context.variables(document));
        }
        return (document, context) -> exclude(root, document);
    }

    private static void reorderIdFirst(Node root) {
        Object id = root.fields.remove(Document.ID);
        Map<String, Object> rest = new LinkedHashMap<>(root.fields);
        root.fields.clear();
        root.fields.put(Document.ID, id);
        root.fields.putAll(rest);
    }

    static BiFunction<Document, RunContext, Document> unset(List<?> paths, String at) {
        if (paths.isEmpty()) {
            throw new InvalidQueryException(at + " requires at least one field");
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        for (Object path : paths) {
            if (!(path instanceof String s) || s.isEmpty() || s.startsWith("$")) {
                throw new InvalidQueryException(at + " takes field names (strings) but was given " + path);
            }
            spec.put(s, 0);
        }
        Node root = new Node();
        build(root, spec, at, new boolean[2], true, true, Set.of());
        return (document, context) -> exclude(root, document);
    }

    static BiFunction<Document, RunContext, Document> addFields(Map<?, ?> spec, String at, Set<String> scope) {
        if (spec.isEmpty()) {
            throw new InvalidQueryException(at + " requires at least one output field");
        }
        Node root = new Node();
        build(root, spec, at, new boolean[2], false, true, scope);
        return (document, context) -> {
            Document copy = new Document(document);
            addComputed(root, copy, context.variables(document));
            return copy;
        };
    }

    private static void build(Node node, Map<?, ?> spec, String at, boolean[] modes, boolean flags, boolean top,
            Set<String> scope) {
        for (Map.Entry<?, ?> entry : spec.entrySet()) {
            String path = String.valueOf(entry.getKey());
            if (path.isEmpty() || path.startsWith("$") || path.endsWith(".") || path.contains("..")) {
                throw new InvalidQueryException(at + ": invalid field path '" + path + "'");
            }
            String[] segments = path.split("\\.");
            Node target = node;
            for (int i = 0; i < segments.length - 1; i++) {
                Object existing = target.fields.get(segments[i]);
                if (existing instanceof Node n) {
                    target = n;
                } else if (existing == null) {
                    Node child = new Node();
                    target.fields.put(segments[i], child);
                    target = child;
                } else {
                    throw new InvalidQueryException(at + ": path collision at '" + path + "'");
                }
            }
            String last = segments[segments.length - 1];
            Object value = entry.getValue();
            Object compiled;
            if (flags && (value instanceof Boolean || Values.isNumber(value))) {
                boolean include = Values.truthy(value);
                compiled = include ? INCLUDE : EXCLUDE;
                if (!(top && segments.length == 1 && last.equals(Document.ID))) {
                    modes[include ? 0 : 1] = true;
                }
            } else if (value instanceof Map<?, ?> map && !map.isEmpty()
                    && !String.valueOf(map.keySet().iterator().next()).startsWith("$")) {
                Node child = target.fields.get(last) instanceof Node existing ? existing : new Node();
                build(child, map, at, modes, flags, false, scope);
                compiled = child;
            } else {
                if (value instanceof Map<?, ?> map && map.isEmpty()) {
                    throw new InvalidQueryException(at + ": an empty object is not a valid value for field '" + path
                            + "'");
                }
                compiled = ExpressionCompiler.compile(value, scope, at + " field '" + path + "'");
                modes[0] = true;
            }
            if (target.fields.containsKey(last) && !(compiled instanceof Node)) {
                throw new InvalidQueryException(at + ": path collision at '" + path + "'");
            }
            target.fields.put(last, compiled);
        }
    }

    /** An inclusion projection: included fields in document order, then computed ones in spec order. */
    private static Document include(Node node, Map<String, ?> document, Variables variables) {
        Document result = new Document();
        for (Map.Entry<String, ?> field : document.entrySet()) {
            Object rule = node.fields.get(field.getKey());
            if (rule == INCLUDE) {
                result.put(field.getKey(), field.getValue());
            } else if (rule instanceof Node child) {
                Object projected = includeValue(child, field.getValue(), variables);
                if (projected != Values.MISSING) {
                    result.put(field.getKey(), projected);
                }
            }
        }
        addComputed(node, result, variables);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object includeValue(Node node, Object value, Variables variables) {
        if (value instanceof Map<?, ?> map) {
            return include(node, (Map<String, ?>) map, variables);
        }
        if (value instanceof List<?> list) {
            List<Object> results = new ArrayList<>();
            for (Object element : list) {
                if (element instanceof Map || element instanceof List) {
                    results.add(includeValue(node, element, variables));
                }
            }
            return results;
        }
        return hasComputed(node) ? new Document() : Values.MISSING;
    }

    private static boolean hasComputed(Node node) {
        for (Object rule : node.fields.values()) {
            if (rule instanceof Expression || rule instanceof Node child && hasComputed(child)) {
                return true;
            }
        }
        return false;
    }

    /** Sets the computed fields of a level, merging into embedded documents that exist. */
    @SuppressWarnings("unchecked")
    private static void addComputed(Node node, Map<String, Object> target, Variables variables) {
        for (Map.Entry<String, Object> rule : node.fields.entrySet()) {
            String name = rule.getKey();
            if (rule.getValue() instanceof Expression expression) {
                Object value = expression.evaluate(variables);
                if (value == Values.MISSING) {
                    target.remove(name);
                } else {
                    target.put(name, value);
                }
            } else if (rule.getValue() instanceof Node child && hasComputed(child)) {
                Object existing = target.get(name);
                if (existing instanceof List<?> list) {
                    List<Object> updated = new ArrayList<>();
                    for (Object element : list) {
                        if (element instanceof Map<?, ?> m) {
                            Document copy = new Document((Map<String, ?>) m);
                            addComputed(child, copy, variables);
                            updated.add(copy);
                        } else {
                            updated.add(element);
                        }
                    }
                    target.put(name, updated);
                } else {
                    Document embedded = existing instanceof Map<?, ?> m ? new Document((Map<String, ?>) m)
                            : new Document();
                    addComputed(child, embedded, variables);
                    target.put(name, embedded);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Document exclude(Node node, Map<String, ?> document) {
        Document result = new Document();
        for (Map.Entry<String, ?> field : document.entrySet()) {
            Object rule = node.fields.get(field.getKey());
            if (rule == EXCLUDE) {
                continue;
            }
            if (rule instanceof Node child) {
                result.put(field.getKey(), excludeValue(child, field.getValue()));
            } else {
                result.put(field.getKey(), field.getValue());
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object excludeValue(Node node, Object value) {
        if (value instanceof Map<?, ?> map) {
            return exclude(node, (Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> results = new ArrayList<>();
            for (Object element : list) {
                results.add(excludeValue(node, element));
            }
            return results;
        }
        return value;
    }
}
