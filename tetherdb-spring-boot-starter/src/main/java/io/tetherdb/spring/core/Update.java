package io.tetherdb.spring.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.update.UpdateOperator;

/**
 * An update of entities by their mapped property names, for {@link TetherOperations#updateFirst},
 * {@link TetherOperations#updateAll}, {@link TetherOperations#upsert} and
 * {@link TetherOperations#findAndModify}: {@code new Update().set("status", Status.DONE).inc("copies", 1)}.
 * Property paths are the entity's (their Jackson names are looked up when the update runs, as in
 * queries), and values are converted as a save converts them ({@code BigDecimal} to a decimal,
 * enums to their names, {@code Date} to an instant, objects to documents). Positional segments
 * ({@code $}, {@code $[]}, {@code $[ident]}) may be used in paths.
 *
 * <p>Not thread-safe while it is being built; safe to share once built and no longer changed.
 *
 * @since 0.2
 */
public class Update {

    private final Map<UpdateOperator, Map<String, Object>> operations = new LinkedHashMap<>();

    private Map<String, Object> document;

    /**
     * An update already written in the store's terms: operators over stored field names, values
     * as documents hold them, such as a repository's bound {@code @Update}. Nothing is mapped; a
     * versioned entity's version is still incremented.
     *
     * @param document the update document; not null
     * @return the update
     */
    public static Update fromDocument(Map<String, ?> document) {
        Update update = new Update();
        update.document = new LinkedHashMap<>(Objects.requireNonNull(document, "document must not be null"));
        return update;
    }

    /** @return the update document given to {@link #fromDocument}, or null */
    Map<String, Object> document() {
        return this.document;
    }

    /**
     * @param property an entity property path; not null
     * @param value the new value; may be null
     * @return this update
     */
    public Update set(String property, Object value) {
        return add(UpdateOperator.SET, property, value);
    }

    /**
     * @param property an entity property path; not null
     * @return this update, removing the property's field
     */
    public Update unset(String property) {
        return add(UpdateOperator.UNSET, property, "");
    }

    /**
     * @param property an entity property path; not null
     * @param amount the number to add; not null
     * @return this update
     */
    public Update inc(String property, Number amount) {
        return add(UpdateOperator.INC, property, Objects.requireNonNull(amount, "amount must not be null"));
    }

    /**
     * @param property an entity property path; not null
     * @param factor the number to multiply by; not null
     * @return this update
     */
    public Update mul(String property, Number factor) {
        return add(UpdateOperator.MUL, property, Objects.requireNonNull(factor, "factor must not be null"));
    }

    /**
     * @param property an entity property path; not null
     * @param value the value to keep if smaller than the stored one
     * @return this update
     */
    public Update min(String property, Object value) {
        return add(UpdateOperator.MIN, property, value);
    }

    /**
     * @param property an entity property path; not null
     * @param value the value to keep if larger than the stored one
     * @return this update
     */
    public Update max(String property, Object value) {
        return add(UpdateOperator.MAX, property, value);
    }

    /**
     * @param property an entity property path; not null
     * @param newProperty the property path to move the value to; not null
     * @return this update
     */
    public Update rename(String property, String newProperty) {
        return add(UpdateOperator.RENAME, property, new PropertyName(newProperty));
    }

    /**
     * @param property an entity property path; not null
     * @return this update, setting the property to the store clock's time
     */
    public Update currentDate(String property) {
        return add(UpdateOperator.CURRENT_DATE, property, Boolean.TRUE);
    }

    /**
     * @param property an entity property path; not null
     * @param value the value an upsert sets when it inserts
     * @return this update
     */
    public Update setOnInsert(String property, Object value) {
        return add(UpdateOperator.SET_ON_INSERT, property, value);
    }

    /**
     * @param property an entity property path of a collection; not null
     * @param value the element to append
     * @return this update
     */
    public Update push(String property, Object value) {
        return add(UpdateOperator.PUSH, property, value);
    }

    /**
     * @param property an entity property path of a collection; not null
     * @param values the elements to append; not null
     * @return this update
     */
    public Update pushEach(String property, Collection<?> values) {
        return add(UpdateOperator.PUSH, property, new Each(values));
    }

    /**
     * @param property an entity property path of a collection; not null
     * @param value the element to append unless an equal one is there
     * @return this update
     */
    public Update addToSet(String property, Object value) {
        return add(UpdateOperator.ADD_TO_SET, property, value);
    }

    /**
     * @param property an entity property path of a collection; not null
     * @param values the elements to append, each unless an equal one is there; not null
     * @return this update
     */
    public Update addEachToSet(String property, Collection<?> values) {
        return add(UpdateOperator.ADD_TO_SET, property, new Each(values));
    }

    /**
     * @param property an entity property path of a collection; not null
     * @return this update, removing the first element
     */
    public Update popFirst(String property) {
        return add(UpdateOperator.POP, property, -1);
    }

    /**
     * @param property an entity property path of a collection; not null
     * @return this update, removing the last element
     */
    public Update popLast(String property) {
        return add(UpdateOperator.POP, property, 1);
    }

    /**
     * @param property an entity property path of a collection; not null
     * @param value the value whose equal elements are removed (a value, never a condition)
     * @return this update
     */
    public Update pull(String property, Object value) {
        return add(UpdateOperator.PULL, property, new Each(Collections.singletonList(value)));
    }

    /**
     * @param property an entity property path of a collection; not null
     * @param values the values whose equal elements are removed; not null
     * @return this update
     */
    public Update pullAll(String property, Collection<?> values) {
        return add(UpdateOperator.PULL_ALL, property, new Each(values));
    }

    private Update add(UpdateOperator operator, String property, Object value) {
        Objects.requireNonNull(property, "property must not be null");
        if (this.document != null) {
            throw new IllegalStateException("An update made from a document cannot take more operations");
        }
        this.operations.computeIfAbsent(operator, (k) -> new LinkedHashMap<>()).put(property, value);
        return this;
    }

    /** @return the operations, by operator and property path, values as given; unmodifiable */
    Map<UpdateOperator, Map<String, Object>> operations() {
        return Collections.unmodifiableMap(this.operations);
    }

    /** @return whether any operation changes the given property path or one inside or around it */
    boolean touches(String property) {
        for (Map<String, Object> fields : this.operations.values()) {
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                if (related(field.getKey(), property)
                        || field.getValue() instanceof PropertyName name && related(name.path(), property)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean related(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
    }

    /** Several values of one operation ({@code $each}, or the list of {@code $pullAll}). */
    record Each(Collection<?> values) {
        Each {
            Objects.requireNonNull(values, "values must not be null");
            values = new ArrayList<>(values);
        }
    }

    /** A property path given as the operand ({@code $rename}'s target), mapped like the others. */
    record PropertyName(String path) {
        PropertyName {
            Objects.requireNonNull(path, "newProperty must not be null");
        }
    }

    @Override
    public String toString() {
        return "Update" + this.operations;
    }

}
