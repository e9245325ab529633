package io.tetherdb.spring.repository.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;
import io.tetherdb.query.QueryOperator;
import io.tetherdb.update.Update;
import io.tetherdb.update.UpdateOperator;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * The update of an {@link io.tetherdb.spring.repository.Update @Update} method, parsed once into a
 * document tree whose placeholders ({@code ?0}, {@code :name}) are typed slots, exactly as
 * {@link ParameterizedFilter} does for filters: binding puts each argument's value into its slot,
 * never into the text. Where a value could be read as update syntax it is made a value: a single
 * element of {@code $push}/{@code $addToSet} is wrapped in {@code $each}, the operand of
 * {@code $pull} becomes {@code {$in: [value]}}, and a value holding an operator-like field name is
 * refused. A placeholder may not stand for a field name, a {@code $rename} target, a
 * {@code $currentDate} operand or a {@code $sort} specification. {@code $pull} conditions written
 * in the text bind their placeholders as filters do.
 *
 * <p>Immutable and thread-safe.
 */
final class ParameterizedUpdate {

    /** How an update slot's value is bound. */
    enum Kind {

        /** A value stored as it is; refused if it holds an operator-like field name. */
        VALUE,
        /** A number ({@code $inc}, {@code $mul}, {@code $pop}, {@code $slice}, {@code $position}), checked by the core. */
        NUMBER,
        /** One element to append: wrapped as {@code {$each: [value]}}. */
        ELEMENT,
        /** A collection of elements ({@code $each}, {@code $pullAll}), each a value. */
        ELEMENTS,
        /** A value whose equal elements {@code $pull} removes: bound as {@code {$in: [value]}}. */
        PULLED

    }

    /**
     * A placeholder of the update.
     *
     * @param parameter the bindable parameter's index
     * @param kind how the value is bound
     * @param operator the update operator owning the slot
     */
    record Slot(int parameter, Kind kind, UpdateOperator operator) {
    }

    private final Map<String, Object> tree;

    private final TetherQueryMethod method;

    private ParameterizedUpdate(Map<String, Object> tree, TetherQueryMethod method) {
        this.tree = tree;
        this.method = method;
    }

    /**
     * Parses and checks an update.
     *
     * @param text the update text with placeholders; not null
     * @param method the method it belongs to; not null
     * @return the template
     * @throws org.springframework.data.repository.query.QueryCreationException if the text is not
     *         a valid update or puts a placeholder where no value goes
     */
    static ParameterizedUpdate parse(String text, TetherQueryMethod method) {
        if (text.isBlank()) {
            throw method.invalid("@Update is empty: give at least one operator, such as {'$inc': {'count': 1}}");
        }
        String marker = ParameterizedFilter.newMarker();
        if (text.contains(marker)) {
            throw method.invalid("the update text contains a reserved marker");
        }
        List<Integer> references = new ArrayList<>();
        String json = ParameterizedFilter.replacePlaceholders(text, marker, references, method);
        Document document;
        try {
            document = Json.parseDocument(json, Json.MAX_NESTING_DEPTH);
        }
        catch (RuntimeException ex) {
            throw method.invalid("@Update is not valid JSON: " + ex.getMessage(), ex);
        }
        ParameterizedFilter.Parser filters = new ParameterizedFilter.Parser(marker, references, method);
        ParameterizedUpdate template = new ParameterizedUpdate(new UpdateParser(filters, method).update(document),
                method);
        try {
            Update.of(template.sample());
        }
        catch (RuntimeException ex) {
            throw method.invalid("@Update is not a valid update: " + ex.getMessage(), ex);
        }
        return template;
    }

    /**
     * @param values the converted value of each bindable parameter, by index
     * @return the update document, ready for {@link Update#of}
     * @throws InvalidDataAccessApiUsageException if a value does not fit its slot
     */
    Map<String, Object> bind(IntFunction<Object> values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> bound = (Map<String, Object>) copy(this.tree, (slot) -> bindSlot(slot, values),
                (slot) -> ParameterizedFilter.bindSlot(slot, values, this.method));
        return bound;
    }

    private Object bindSlot(Slot slot, IntFunction<Object> values) {
        Object value = values.apply(slot.parameter());
        String where = this.method.describe() + " (" + slot.operator().keyword() + " on parameter " + slot.parameter()
                + ")";
        return switch (slot.kind()) {
            case VALUE -> LiteralValues.forComparison(value, where);
            case NUMBER -> value;
            case ELEMENT -> new Document("$each", java.util.Collections.singletonList(
                    LiteralValues.forComparison(value, where)));
            case ELEMENTS -> {
                if (!(value instanceof Collection<?> collection)) {
                    throw new InvalidDataAccessApiUsageException("Argument of " + where
                            + " must be a collection or an array, not " + value);
                }
                yield collection.stream().map((element) -> LiteralValues.forComparison(element, where)).toList();
            }
            case PULLED -> new Document("$in", java.util.Collections.singletonList(LiteralValues.forEquality(value)));
        };
    }

    /** @return the tree with typical values in its slots, for checking the update at start-up */
    Map<String, Object> sample() {
        @SuppressWarnings("unchecked")
        Map<String, Object> sample = (Map<String, Object>) copy(this.tree, ParameterizedUpdate::sampleValue,
                ParameterizedFilter::sampleValue);
        return sample;
    }

    private static Object sampleValue(Slot slot) {
        return switch (slot.kind()) {
            case VALUE -> null;
            case NUMBER -> slot.operator() == UpdateOperator.POP ? 1 : 0;
            case ELEMENT -> new Document("$each", List.of());
            case ELEMENTS -> List.of();
            case PULLED -> new Document("$in", List.of());
        };
    }

    private static Object copy(Object node, java.util.function.Function<Slot, Object> slots,
            java.util.function.Function<ParameterizedFilter.Slot, Object> filterSlots) {
        if (node instanceof Slot slot) {
            return slots.apply(slot);
        }
        if (node instanceof ParameterizedFilter.Slot slot) {
            return filterSlots.apply(slot);
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put((String) key, copy(value, slots, filterSlots)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach((element) -> copy.add(copy(element, slots, filterSlots)));
            return copy;
        }
        return node;
    }

    /** Walks the parsed update by its grammar, turning markers into slots of the right kind. */
    private static final class UpdateParser {

        private final ParameterizedFilter.Parser filters;

        private final TetherQueryMethod method;

        UpdateParser(ParameterizedFilter.Parser filters, TetherQueryMethod method) {
            this.filters = filters;
            this.method = method;
        }

        Map<String, Object> update(Map<String, ?> update) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<String, ?> entry : update.entrySet()) {
                String key = this.filters.checkKey(entry.getKey());
                UpdateOperator operator = UpdateOperator.forKeyword(key).orElseThrow(() -> this.method.invalid(
                        "@Update uses '" + key + "', which is not an update operator"));
                if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                    throw this.method.invalid("@Update: " + key + " takes a document of fields");
                }
                Map<String, Object> operand = new LinkedHashMap<>();
                for (Map.Entry<?, ?> field : fields.entrySet()) {
                    operand.put(this.filters.checkKey((String) field.getKey()), operand(operator, field.getValue()));
                }
                result.put(key, operand);
            }
            return result;
        }

        private Object operand(UpdateOperator operator, Object value) {
            Integer slot = this.filters.slotOf(value);
            return switch (operator) {
                case SET, SET_ON_INSERT, MIN, MAX, UNSET -> (slot != null) ? new Slot(slot, Kind.VALUE, operator)
                        : values(operator, value);
                case INC, MUL, POP -> (slot != null) ? new Slot(slot, Kind.NUMBER, operator) : values(operator, value);
                case RENAME, CURRENT_DATE -> {
                    refuse(operator, slot, "its operand is update syntax");
                    yield value;
                }
                case PUSH, ADD_TO_SET -> {
                    if (slot != null) {
                        yield new Slot(slot, Kind.ELEMENT, operator);
                    }
                    Object literal = (value instanceof Map<?, ?> map && map.containsKey("$each"))
                            ? modifiers(operator, map) : values(operator, value);
                    yield literal;
                }
                case PULL -> {
                    if (slot != null) {
                        yield new Slot(slot, Kind.PULLED, operator);
                    }
                    Object literal = (value instanceof Map<?, ?> map) ? condition(map) : values(operator, value);
                    yield literal;
                }
                case PULL_ALL -> (slot != null) ? new Slot(slot, Kind.ELEMENTS, operator) : values(operator, value);
            };
        }

        private Map<String, Object> modifiers(UpdateOperator operator, Map<?, ?> modifiers) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : modifiers.entrySet()) {
                String key = this.filters.checkKey((String) entry.getKey());
                Integer slot = this.filters.slotOf(entry.getValue());
                Object bound = switch (key) {
                    case "$each" -> (slot != null) ? new Slot(slot, Kind.ELEMENTS, operator)
                            : values(operator, entry.getValue());
                    case "$slice", "$position" -> (slot != null) ? new Slot(slot, Kind.NUMBER, operator)
                            : entry.getValue();
                    default -> {
                        refuse(operator, slot, key + " is update syntax");
                        yield entry.getValue();
                    }
                };
                result.put(key, bound);
            }
            return result;
        }

        /** A $pull condition: bound as a filter on the elements, or on their values. */
        @SuppressWarnings("unchecked")
        private Object condition(Map<?, ?> condition) {
            boolean onValues = !condition.isEmpty() && QueryOperator.forKeyword(String.valueOf(
                    condition.keySet().iterator().next())).map((o) -> o.allowedIn(QueryOperator.Place.FIELD))
                        .orElse(false);
            return onValues ? this.filters.operators((Map<String, ?>) condition)
                    : this.filters.filter((Map<String, ?>) condition);
        }

        /** A literal value: placeholders inside it are values of the operator. */
        private Object values(UpdateOperator operator, Object value) {
            Integer slot = this.filters.slotOf(value);
            if (slot != null) {
                return new Slot(slot, Kind.VALUE, operator);
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((key, element) -> result.put(this.filters.checkKey(String.valueOf(key)),
                        values(operator, element)));
                return result;
            }
            if (value instanceof List<?> list) {
                List<Object> result = new ArrayList<>(list.size());
                list.forEach((element) -> result.add(values(operator, element)));
                return result;
            }
            return value;
        }

        private void refuse(UpdateOperator operator, Integer slot, String why) {
            if (slot != null) {
                throw this.method.invalid("a parameter cannot stand for the operand of " + operator.keyword()
                        + " here: " + why + ", not a value");
            }
        }

    }

}
