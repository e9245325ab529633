package io.tetherdb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.internal.store.ChangeRecord;
import io.tetherdb.update.Update;

/**
 * The paths an update names, for the update description of its change events: read once per
 * update from its operators (every operator's fields are set paths, except {@code $unset} and the
 * sources of {@code $rename}, which are removed), each cut before its first positional segment, and
 * merged across the updates a transaction makes to one document. Stateless and thread-safe.
 */
final class UpdateChangePaths {

    /** Marks a document that a transaction replaced, inserted or deleted: its commit's event is not an update. */
    static final ChangeRecord.UpdatePaths NOT_AN_UPDATE = new ChangeRecord.UpdatePaths(List.of(), List.of());

    private UpdateChangePaths() {
    }

    static ChangeRecord.UpdatePaths of(Update update) {
        Set<String> updated = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        for (Map.Entry<String, Object> operator : update.toDocument().entrySet()) {
            if (!(operator.getValue() instanceof Map<?, ?> fields)) {
                continue;
            }
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                String path = unpositioned(String.valueOf(field.getKey()));
                switch (operator.getKey()) {
                    case "$unset" -> set(removed, updated, path);
                    case "$rename" -> {
                        set(removed, updated, path);
                        set(updated, removed, unpositioned(String.valueOf(field.getValue())));
                    }
                    default -> set(updated, removed, path);
                }
            }
        }
        return new ChangeRecord.UpdatePaths(new ArrayList<>(updated), new ArrayList<>(removed));
    }

    /**
     * @return the description of two updates of one document, the second after the first; a
     *         replacement in either makes the whole a replacement
     */
    static ChangeRecord.UpdatePaths merge(ChangeRecord.UpdatePaths first, ChangeRecord.UpdatePaths second) {
        if (first == null) {
            return second;
        }
        if (first == NOT_AN_UPDATE || second == NOT_AN_UPDATE) {
            return NOT_AN_UPDATE;
        }
        Set<String> updated = new LinkedHashSet<>(first.updated());
        Set<String> removed = new LinkedHashSet<>(first.removed());
        for (String path : second.updated()) {
            set(updated, removed, path);
        }
        for (String path : second.removed()) {
            set(removed, updated, path);
        }
        return new ChangeRecord.UpdatePaths(new ArrayList<>(updated), new ArrayList<>(removed));
    }

    private static void set(Set<String> into, Set<String> other, String path) {
        other.remove(path);
        into.add(path);
    }

    /** @return the path up to its first positional segment ($, $[], $[id]) */
    private static String unpositioned(String path) {
        String[] segments = path.split("\\.", -1);
        StringBuilder kept = new StringBuilder();
        for (String segment : segments) {
            if (segment.startsWith("$")) {
                break;
            }
            if (kept.length() > 0) {
                kept.append('.');
            }
            kept.append(segment);
        }
        return kept.length() == 0 ? path : kept.toString();
    }
}
