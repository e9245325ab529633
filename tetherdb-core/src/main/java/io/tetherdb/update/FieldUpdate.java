package io.tetherdb.update;

import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Sort;

/**
 * One compiled field update: an operator, the path it applies to and its checked operand.
 * Immutable once compiled; the applier copies every value it puts into a document.
 *
 * @param operator the operator
 * @param path the field it changes (for {@code $rename}, the source)
 * @param value the operand: the value of {@code $set}, {@code $setOnInsert}, {@code $min},
 *        {@code $max}; the number of {@code $inc}, {@code $mul}; null for the others
 * @param target the destination of {@code $rename}, else null
 * @param values the values of {@code $push}, {@code $addToSet}, {@code $pullAll}, else null
 * @param push the modifiers of {@code $push}, else null
 * @param pull the condition of {@code $pull}, else null
 * @param popFirst for {@code $pop}: whether it removes the first element
 */
record FieldUpdate(UpdateOperator operator, UpdatePath path, Object value, UpdatePath target, List<Object> values,
        PushModifiers push, PullCondition pull, boolean popFirst) {

    /** @return the path the update writes at: the destination of {@code $rename}, else its path */
    UpdatePath writtenPath() {
        return target != null ? target : path;
    }

    /**
     * The modifiers of {@code $push}.
     *
     * @param position where to insert, or null for the end
     * @param slice how many elements to keep (negative: from the end), or null for all
     * @param sort how to order the array: a {@link Sort} over documents, a direction (1 or -1) for
     *        whole elements, or null for no sorting
     */
    record PushModifiers(Integer position, Integer slice, Object sort) {
    }

    /**
     * What {@code $pull} removes: elements equal to a value, or elements matching a filter.
     *
     * @param value the value, when {@code filter} is null
     * @param filter the condition, or null
     * @param wrapped whether the filter applies to {@code {v: element}} (a condition on the element's
     *        value) rather than to the element as a document
     */
    record PullCondition(Object value, Filter filter, boolean wrapped) {

        /** The field name a value condition is written under to match it as a filter. */
        static final String FIELD = "v";

        boolean removes(Object element) {
            if (filter == null) {
                return io.tetherdb.query.ValueOrder.equivalent(element, value);
            }
            if (wrapped) {
                return filter.matches(new Document(FIELD, element));
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> document = element instanceof Map<?, ?> m ? (Map<String, ?>) m : null;
            return document != null && filter.matches(document);
        }
    }
}
