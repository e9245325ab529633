package io.tetherdb.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields an update changed, as MongoDB's change streams describe them: the dotted paths the
 * update's operators set, with their values after the update, and the paths it removed
 * ({@code $unset}, the source of {@code $rename}). A path with a positional part ({@code $},
 * {@code $[]}, {@code $[id]}) is reported up to the array that holds it. Immutable.
 *
 * @param updatedFields path to new value, in the update's order; a path whose value the update left
 *        missing is not listed; not null
 * @param removedFields the removed paths; not null
 * @since 0.2
 */
public record UpdateDescription(Map<String, Object> updatedFields, List<String> removedFields) {

    /** Copies both. */
    public UpdateDescription {
        updatedFields = Collections.unmodifiableMap(new LinkedHashMap<>(updatedFields));
        removedFields = List.copyOf(removedFields);
    }
}
