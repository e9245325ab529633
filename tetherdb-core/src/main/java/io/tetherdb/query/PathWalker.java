package io.tetherdb.query;

import java.util.List;
import java.util.Map;

import io.tetherdb.document.DocumentPath;

/**
 * Follows a {@link DocumentPath} through a document the way MongoDB's matcher does, reporting each
 * value the path leads to and each branch on which it leads to a missing field. Reads a top-level
 * field only through {@link Map#get} and {@link Map#containsKey}. Thread-safe and stateless.
 *
 * <p>The rules, those of MongoDB's path iterator:
 * <ul>
 * <li>Through documents, a segment names a field. A missing field, or a value that is neither a
 * document nor an array with segments still to follow, is <em>missing</em> (which {@code {f: null}}
 * matches).</li>
 * <li>An array met with segments still to follow is not itself a value. The rest of the path is
 * followed in each element that is a document (each may report missing). If the next segment is a
 * canonical array position ({@code 0}, {@code 12}, never {@code 01}), the element at that position
 * is <em>also</em> selected: it is the value if the path ends there (reported whole, never element
 * by element), the rest of the path is followed in it if it is a document, and in its elements if
 * it is an array. Elements that are neither documents nor selected by position, and positions
 * beyond the end, lead nowhere: they are neither values nor missing, so {@code {'a.0': null}} does
 * not match {@code {a: []}} and {@code {'a.x': null}} does not match {@code {a: [1]}}.</li>
 * <li>An array at the end of a named path is reported as one value; matching then considers the
 * array and each of its elements.</li>
 * </ul>
 */
final class PathWalker {

    /** Receives what a path leads to; a {@code true} answer stops the walk. */
    interface Visitor {

        /**
         * Called for each value the path leads to.
         *
         * @param value the value
         * @param whole whether the value was selected by an array position at the end of the path,
         *        so that an array there stands only for itself; otherwise an array stands for
         *        itself and each of its elements
         */
        boolean present(Object value, boolean whole);

        /** Called for each branch of the walk on which the path leads to a missing field. */
        boolean missing();
    }

    private PathWalker() {
    }

    /**
     * @param document the document; not null
     * @param path a path with at least one segment; not null
     * @param visitor receives the values; not null
     * @return whether the visitor answered {@code true} for some value or missing branch
     */
    static boolean walk(Map<String, ?> document, DocumentPath path, Visitor visitor) {
        return walkDocument(document, path, 0, visitor);
    }

    /** Follows the path from segment {@code index} through nested documents, up to an array. */
    private static boolean walkDocument(Map<?, ?> document, DocumentPath path, int index, Visitor visitor) {
        Map<?, ?> current = document;
        for (int i = index; ; i++) {
            String segment = path.segment(i);
            Object value = current.get(segment);
            if (value == null && !current.containsKey(segment)) {
                return visitor.missing();
            }
            if (i + 1 == path.size()) {
                return visitor.present(value, false);
            }
            if (value instanceof Map<?, ?> map) {
                current = map;
            } else if (value instanceof List<?> list) {
                return walkArray(list, path, i + 1, visitor);
            } else {
                return visitor.missing();
            }
        }
    }

    /** Follows the path from segment {@code index} into the elements of an array met on it. */
    private static boolean walkArray(List<?> array, DocumentPath path, int index, Visitor visitor) {
        int position = path.arrayPosition(index);
        boolean last = index + 1 == path.size();
        for (int i = 0; i < array.size(); i++) {
            Object element = array.get(i);
            if (element instanceof Map<?, ?> map && walkDocument(map, path, index, visitor)) {
                return true;
            }
            if (i != position) {
                continue;
            }
            if (last) {
                if (visitor.present(element, true)) {
                    return true;
                }
            } else if (element instanceof Map<?, ?> map) {
                if (walkDocument(map, path, index + 1, visitor)) {
                    return true;
                }
            } else if (element instanceof List<?> inner && walkArray(inner, path, index + 1, visitor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Follows a path the way MongoDB generates sort keys (as it generates index keys), which differs
     * from matching where a path meets an array: a digit segment selects the element at that
     * position, a position beyond the end and an element that is not a document (on a named
     * segment) count as missing, and a digit segment is also looked up as a field of the element
     * documents that have it. An element selected by position at the end of the path is reported
     * whole.
     *
     * @param document the document; not null
     * @param path a path with at least one segment; not null
     * @param visitor receives the values; not null
     */
    static void walkSortKeys(Map<String, ?> document, DocumentPath path, Visitor visitor) {
        String head = path.segment(0);
        Object value = document.get(head);
        if (value == null && !document.containsKey(head)) {
            visitor.missing();
        } else {
            walkSortKeys(value, path, 1, false, visitor);
        }
    }

    private static void walkSortKeys(Object current, DocumentPath path, int index, boolean positional,
            Visitor visitor) {
        if (index == path.size()) {
            visitor.present(current, positional);
            return;
        }
        String segment = path.segment(index);
        if (current instanceof Map<?, ?> map) {
            Object value = map.get(segment);
            if (value == null && !map.containsKey(segment)) {
                visitor.missing();
            } else {
                walkSortKeys(value, path, index + 1, false, visitor);
            }
        } else if (current instanceof List<?> list) {
            int position = path.arrayPosition(index);
            if (position >= 0) {
                if (position < list.size()) {
                    walkSortKeys(list.get(position), path, index + 1, true, visitor);
                } else {
                    visitor.missing();
                }
                for (Object element : list) {
                    if (element instanceof Map<?, ?> map && map.containsKey(segment)) {
                        walkSortKeys(map.get(segment), path, index + 1, false, visitor);
                    }
                }
                return;
            }
            for (Object element : list) {
                // Arrays nested directly in arrays are not entered: one array level per segment.
                if (element instanceof Map<?, ?>) {
                    walkSortKeys(element, path, index, false, visitor);
                } else {
                    visitor.missing();
                }
            }
        } else {
            visitor.missing();
        }
    }
}
