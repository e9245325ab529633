package io.tetherdb.update;

import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;

/**
 * The modifiers of a {@code $push} with {@code $each}: where to insert ({@code $position}), how to
 * sort the array afterwards ({@code $sort}) and how many elements to keep ({@code $slice}).
 * Immutable: every method returns a new instance. Thread-safe.
 *
 * @since 0.2
 */
public final class PushOptions {

    private static final PushOptions DEFAULTS = new PushOptions(null, null, null);

    private final Integer position;
    private final Integer slice;
    private final Object sort;

    private PushOptions(Integer position, Integer slice, Object sort) {
        this.position = position;
        this.slice = slice;
        this.sort = sort;
    }

    /** @return append at the end, no sorting, no slicing */
    public static PushOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param position where to insert: 0 for the front, negative counting from the end
     * @return a copy with that position
     */
    public PushOptions position(int position) {
        return new PushOptions(position, slice, sort);
    }

    /**
     * @param slice how many elements to keep: the first {@code slice}, or with a negative number the
     *        last {@code -slice}; 0 empties the array
     * @return a copy with that slice
     */
    public PushOptions slice(int slice) {
        return new PushOptions(position, slice, sort);
    }

    /**
     * @param direction 1 to sort the elements ascending, -1 descending
     * @return a copy sorting whole elements
     */
    public PushOptions sort(int direction) {
        if (direction != 1 && direction != -1) {
            throw new IllegalArgumentException("sort direction must be 1 or -1 but was " + direction);
        }
        return new PushOptions(position, slice, direction);
    }

    /**
     * @param fields the fields of document elements to sort by, each 1 or -1, such as
     *        {@code Map.of("score", -1)}; not null
     * @return a copy sorting document elements by those fields
     */
    public PushOptions sort(Map<String, Integer> fields) {
        return new PushOptions(position, slice, new Document(Objects.requireNonNull(fields, "fields must not be null")));
    }

    Integer position() {
        return position;
    }

    Integer slice() {
        return slice;
    }

    Object sort() {
        return sort;
    }
}
