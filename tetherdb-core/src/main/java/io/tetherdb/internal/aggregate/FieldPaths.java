package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;

/**
 * Reads and writes dotted paths the way aggregation expressions do: a path through an array
 * gives the array of what the path finds in each element, and a path to nothing gives
 * {@link Values#MISSING}. Stateless and thread-safe.
 */
final class FieldPaths {

    private FieldPaths() {
    }

    static Object get(Object base, String[] segments, int from) {
        Object value = base;
        for (int i = from; i < segments.length; i++) {
            if (value instanceof Map<?, ?> map) {
                value = map.containsKey(segments[i]) ? map.get(segments[i]) : Values.MISSING;
            } else if (value instanceof List<?> list) {
                List<Object> results = new ArrayList<>();
                for (Object element : list) {
                    if (element instanceof Map || element instanceof List) {
                        Object found = get(element, segments, i);
                        if (found != Values.MISSING) {
                            results.add(found);
                        }
                    }
                }
                return results;
            } else {
                return Values.MISSING;
            }
        }
        return value;
    }

    static Object get(Map<String, ?> document, String path) {
        return get(document, path.split("\\.", -1), 0);
    }

    /**
     * Sets a path in a document, copying the embedded documents on the way (and making them in
     * place of non-documents), so that documents shared with the input stay as they were.
     */
    static void set(Document document, String[] segments, Object value) {
        Document target = document;
        for (int i = 0; i < segments.length - 1; i++) {
            Object next = target.get(segments[i]);
            Document created = next instanceof Map<?, ?> m ? copy(m) : new Document();
            target.put(segments[i], created);
            target = created;
        }
        if (value == Values.MISSING) {
            target.remove(segments[segments.length - 1]);
        } else {
            target.put(segments[segments.length - 1], value);
        }
    }

    @SuppressWarnings("unchecked")
    static Document copy(Map<?, ?> map) {
        return new Document((Map<String, ?>) map);
    }

    /** A copy deep enough that setting paths in it leaves the original alone. */
    static Document deepCopy(Map<String, ?> document) {
        Document copy = new Document();
        for (Map.Entry<String, ?> entry : document.entrySet()) {
            copy.put(entry.getKey(), deepCopyValue(entry.getValue()));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Object deepCopyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepCopy((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(deepCopyValue(element));
            }
            return copy;
        }
        return value;
    }
}
