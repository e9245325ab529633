package io.tetherdb.update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;

/**
 * Builds {@link Update}s in code, as {@link io.tetherdb.query.Filters} does for filters:
 * {@code Updates.combine(Updates.set("status", "done"), Updates.inc("tries", 1))}. Each method
 * compiles and checks its update at once. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class Updates {

    private Updates() {
    }

    /**
     * @param field a dotted path; not null
     * @param value the value; may be null
     * @return {@code {$set: {field: value}}}
     */
    public static Update set(String field, Object value) {
        return single(UpdateOperator.SET, field, value);
    }

    /**
     * @param field a dotted path; not null
     * @return {@code {$unset: {field: ''}}}
     */
    public static Update unset(String field) {
        return single(UpdateOperator.UNSET, field, "");
    }

    /**
     * @param field a dotted path; not null
     * @param amount the number to add; not null
     * @return {@code {$inc: {field: amount}}}
     */
    public static Update inc(String field, Number amount) {
        return single(UpdateOperator.INC, field, Objects.requireNonNull(amount, "amount must not be null"));
    }

    /**
     * @param field a dotted path; not null
     * @param factor the number to multiply by; not null
     * @return {@code {$mul: {field: factor}}}
     */
    public static Update mul(String field, Number factor) {
        return single(UpdateOperator.MUL, field, Objects.requireNonNull(factor, "factor must not be null"));
    }

    /**
     * @param field a dotted path; not null
     * @param value the value to keep if smaller than the field's
     * @return {@code {$min: {field: value}}}
     */
    public static Update min(String field, Object value) {
        return single(UpdateOperator.MIN, field, value);
    }

    /**
     * @param field a dotted path; not null
     * @param value the value to keep if larger than the field's
     * @return {@code {$max: {field: value}}}
     */
    public static Update max(String field, Object value) {
        return single(UpdateOperator.MAX, field, value);
    }

    /**
     * @param field a dotted path; not null
     * @param newName the new dotted path; not null
     * @return {@code {$rename: {field: newName}}}
     */
    public static Update rename(String field, String newName) {
        return single(UpdateOperator.RENAME, field, Objects.requireNonNull(newName, "newName must not be null"));
    }

    /**
     * @param field a dotted path; not null
     * @return {@code {$currentDate: {field: true}}}: the store clock's time as a date
     */
    public static Update currentDate(String field) {
        return single(UpdateOperator.CURRENT_DATE, field, true);
    }

    /**
     * @param field a dotted path; not null
     * @param value the value an upsert sets when it inserts
     * @return {@code {$setOnInsert: {field: value}}}
     */
    public static Update setOnInsert(String field, Object value) {
        return single(UpdateOperator.SET_ON_INSERT, field, value);
    }

    /**
     * @param field a dotted path; not null
     * @param value the element to append
     * @return {@code {$push: {field: value}}}
     */
    public static Update push(String field, Object value) {
        return single(UpdateOperator.PUSH, field, value);
    }

    /**
     * @param field a dotted path; not null
     * @param values the elements to append; not null
     * @return {@code {$push: {field: {$each: values}}}}
     */
    public static Update pushEach(String field, List<?> values) {
        return pushEach(field, values, PushOptions.defaults());
    }

    /**
     * @param field a dotted path; not null
     * @param values the elements to insert; not null
     * @param options where to insert them, how to sort and slice the array; not null
     * @return {@code {$push: {field: {$each: values, $position: ..., $sort: ..., $slice: ...}}}}
     */
    public static Update pushEach(String field, List<?> values, PushOptions options) {
        Objects.requireNonNull(values, "values must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Document modifiers = new Document("$each", new ArrayList<>(values));
        if (options.position() != null) {
            modifiers.put("$position", options.position());
        }
        if (options.sort() != null) {
            modifiers.put("$sort", options.sort());
        }
        if (options.slice() != null) {
            modifiers.put("$slice", options.slice());
        }
        return single(UpdateOperator.PUSH, field, modifiers);
    }

    /**
     * @param field a dotted path; not null
     * @param value the element to append unless the array holds an equal one
     * @return {@code {$addToSet: {field: value}}}
     */
    public static Update addToSet(String field, Object value) {
        return single(UpdateOperator.ADD_TO_SET, field, value);
    }

    /**
     * @param field a dotted path; not null
     * @param values the elements to append, each unless the array holds an equal one; not null
     * @return {@code {$addToSet: {field: {$each: values}}}}
     */
    public static Update addEachToSet(String field, List<?> values) {
        Objects.requireNonNull(values, "values must not be null");
        return single(UpdateOperator.ADD_TO_SET, field, new Document("$each", new ArrayList<>(values)));
    }

    /**
     * @param field a dotted path; not null
     * @return {@code {$pop: {field: -1}}}
     */
    public static Update popFirst(String field) {
        return single(UpdateOperator.POP, field, -1);
    }

    /**
     * @param field a dotted path; not null
     * @return {@code {$pop: {field: 1}}}
     */
    public static Update popLast(String field) {
        return single(UpdateOperator.POP, field, 1);
    }

    /**
     * @param field a dotted path; not null
     * @param valueOrCondition the value to remove, or a condition: an operator document such as
     *        {@code {$gte: 6}} or a filter on document elements such as {@code {score: 8}}
     * @return {@code {$pull: {field: valueOrCondition}}}
     */
    public static Update pull(String field, Object valueOrCondition) {
        return single(UpdateOperator.PULL, field, valueOrCondition);
    }

    /**
     * @param field a dotted path; not null
     * @param values the values to remove; not null
     * @return {@code {$pullAll: {field: values}}}
     */
    public static Update pullAll(String field, List<?> values) {
        Objects.requireNonNull(values, "values must not be null");
        return single(UpdateOperator.PULL_ALL, field, new ArrayList<>(values));
    }

    /**
     * @param updates the updates to merge; not null, at least one
     * @return one update doing all of them
     * @throws InvalidUpdateException if two of them change the same path, or conflicting ones
     */
    public static Update combine(Update... updates) {
        return combine(Arrays.asList(Objects.requireNonNull(updates, "updates must not be null")));
    }

    /**
     * @param updates the updates to merge; not null, at least one
     * @return one update doing all of them
     * @throws InvalidUpdateException if two of them change the same path, or conflicting ones
     */
    public static Update combine(List<Update> updates) {
        Objects.requireNonNull(updates, "updates must not be null");
        for (Update update : updates) {
            Objects.requireNonNull(update, "updates must not contain null");
        }
        return Update.combine(updates);
    }

    private static Update single(UpdateOperator operator, String field, Object operand) {
        Objects.requireNonNull(field, "field must not be null");
        Document fields = new Document();
        fields.put(field, operand);
        return Update.of(Map.of(operator.keyword(), fields));
    }
}
