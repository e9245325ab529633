package io.tetherdb.query;

import java.util.List;
import java.util.Map;

import io.tetherdb.document.DocumentPath;

/**
 * Follows a {@link DocumentPath} through a document the way MongoDB does: through nested
 * documents, through every document element of an array (one array level per segment), and to an
 * array position for a segment made of digits. Reads a top-level field only through
 * {@link Map#get} and {@link Map#containsKey}. Thread-safe and stateless.
 */
final class PathWalker {

    /** Receives what a path leads to; a {@code true} answer stops the walk. */
    interface Visitor {

        /** Called for each value the path leads to (arrays at the end of the path are not expanded). */
        boolean present(Object value);

        /** Called for each branch of the walk on which the path leads nowhere. */
        boolean missing();
    }

    private PathWalker() {
    }

    /**
     * @return whether the visitor answered {@code true} for some value or missing branch
     */
    static boolean walk(Map<String, ?> document, DocumentPath path, Visitor visitor) {
        // never the root path: filters and sort keys are built only from field paths
        String head = path.segment(0);
        Object value = document.get(head);
        if (value == null && !document.containsKey(head)) {
            return visitor.missing();
        }
        return walk(value, path, 1, visitor);
    }

    private static boolean walk(Object current, DocumentPath path, int index, Visitor visitor) {
        if (index == path.size()) {
            return visitor.present(current);
        }
        String segment = path.segment(index);
        if (current instanceof Map<?, ?> map) {
            Object value = map.get(segment);
            if (value == null && !map.containsKey(segment)) {
                return visitor.missing();
            }
            return walk(value, path, index + 1, visitor);
        }
        if (current instanceof List<?> list) {
            int position = path.arrayPosition(index);
            if (position >= 0) {
                if (position < list.size()) {
                    if (walk(list.get(position), path, index + 1, visitor)) {
                        return true;
                    }
                } else if (visitor.missing()) {
                    return true;
                }
                for (Object element : list) {
                    if (element instanceof Map<?, ?> map && map.containsKey(segment)
                            && walk(map.get(segment), path, index + 1, visitor)) {
                        return true;
                    }
                }
                return false;
            }
            for (Object element : list) {
                // Arrays nested directly in arrays are not entered: one array level per segment.
                boolean hit = element instanceof Map<?, ?> ? walk(element, path, index, visitor) : visitor.missing();
                if (hit) {
                    return true;
                }
            }
            return false;
        }
        return visitor.missing();
    }
}
