package io.tetherdb.spring.repository.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.repository.query.QueryCreationException;

/**
 * The pipeline of an {@code @Aggregation} method, parsed once with its placeholders ({@code ?0},
 * {@code :name}) as typed slots: in {@code $match} the slots of a {@link ParameterizedFilter}; in
 * expressions a slot bound as {@code {$literal: value}}; in the few places that take a constant
 * ({@code $limit}, {@code $skip}, ...) a slot bound as the plain value, which must be a scalar.
 * Anywhere else a placeholder would be pipeline syntax and is refused at start-up. Argument text is
 * never parsed or evaluated.
 *
 * <p>Immutable and thread-safe.
 */
final class ParameterizedPipeline {

    /** Stages whose operands are syntax throughout: field paths, names, orders. */
    private static final Set<String> SYNTAX_STAGES = Set.of("$unwind", "$count", "$lookup", "$out", "$merge",
            "$sort", "$unset");

    /**
     * How a placeholder in a stage is bound.
     *
     * @param parameter the bindable parameter's index
     * @param constant whether the argument is bound as a plain scalar rather than a {@code $literal}
     * @param sample the value the start-up check puts in the slot
     */
    private record Slot(int parameter, boolean constant, Object sample) {
    }

    private final List<Object> stages;

    private final TetherQueryMethod method;

    private ParameterizedPipeline(List<Object> stages, TetherQueryMethod method) {
        this.stages = stages;
        this.method = method;
    }

    /**
     * @param texts the stages' texts; not null
     * @param method the method, for parameter names and messages; not null
     * @param check checks the pipeline with sample values in its slots, throwing if it is not valid
     * @return the template
     * @throws QueryCreationException if a stage is not valid JSON, puts a placeholder where no value
     *         goes, or the pipeline is not valid
     */
    static ParameterizedPipeline parse(String[] texts, TetherQueryMethod method, Consumer<List<Map<String, ?>>> check) {
        if (texts.length == 0) {
            throw method.invalid("@Aggregation needs at least one stage");
        }
        String marker = ParameterizedFilter.newMarker();
        List<Integer> references = new ArrayList<>();
        List<Object> stages = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].contains(marker)) {
                throw method.invalid("the stage text contains a reserved marker");
            }
            String json = ParameterizedFilter.replacePlaceholders(texts[i], marker, references, method);
            Object parsed;
            try {
                parsed = Json.parse(json);
            }
            catch (RuntimeException ex) {
                throw method.invalid("@Aggregation stage " + i + " is not valid JSON: " + ex.getMessage(), ex);
            }
            if (!(parsed instanceof Map<?, ?> stage)) {
                throw method.invalid("@Aggregation stage " + i + " must be an object such as {$match: {...}}");
            }
            stages.add(new Parser(marker, references, method).stage(stage));
        }
        ParameterizedPipeline template = new ParameterizedPipeline(stages, method);
        try {
            check.accept(template.sample());
        }
        catch (RuntimeException ex) {
            throw method.invalid("@Aggregation is not a valid pipeline: " + ex.getMessage(), ex);
        }
        return template;
    }

    /**
     * @param values the converted value of each bindable parameter, by index
     * @return the stages with the arguments bound
     * @throws InvalidDataAccessApiUsageException if an argument does not fit a constant slot
     */
    List<Map<String, ?>> bind(IntFunction<Object> values) {
        List<Map<String, ?>> bound = new ArrayList<>();
        for (Object stage : this.stages) {
            @SuppressWarnings("unchecked")
            Map<String, ?> copy = (Map<String, ?>) copy(stage, values, false);
            bound.add(copy);
        }
        return bound;
    }

    private List<Map<String, ?>> sample() {
        List<Map<String, ?>> sample = new ArrayList<>();
        for (Object stage : this.stages) {
            @SuppressWarnings("unchecked")
            Map<String, ?> copy = (Map<String, ?>) copy(stage, (index) -> null, true);
            sample.add(copy);
        }
        return sample;
    }

    private Object copy(Object node, IntFunction<Object> values, boolean sample) {
        if (node instanceof ParameterizedFilter filter) {
            return sample ? filter.sample() : filter.bind(values);
        }
        if (node instanceof Slot slot) {
            if (sample) {
                return slot.constant() ? slot.sample() : new Document("$literal", null);
            }
            Object value = values.apply(slot.parameter());
            if (!slot.constant()) {
                return new Document("$literal", value);
            }
            if (!(value instanceof Number || value instanceof String || value instanceof Boolean
                    || value instanceof Instant)) {
                throw new InvalidDataAccessApiUsageException("Argument " + slot.parameter() + " of "
                        + this.method.describe() + " stands for a constant of the pipeline and must be a number,"
                        + " text, boolean or date, not " + value);
            }
            return value;
        }
        if (node instanceof Map<?, ?> map) {
            Document copy = new Document();
            map.forEach((key, value) -> copy.put((String) key, copy(value, values, sample)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach((element) -> copy.add(copy(element, values, sample)));
            return copy;
        }
        return node;
    }

    /** Walks a stage by the pipeline's grammar, turning markers into slots of the right kind. */
    private static final class Parser {

        private final String marker;

        private final List<Integer> references;

        private final TetherQueryMethod method;

        Parser(String marker, List<Integer> references, TetherQueryMethod method) {
            this.marker = marker;
            this.references = references;
            this.method = method;
        }

        @SuppressWarnings("unchecked")
        Object stage(Map<?, ?> stage) {
            Map<String, Object> result = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : stage.entrySet()) {
                String name = checkKey(String.valueOf(entry.getKey()));
                Object operand = entry.getValue();
                switch (name) {
                    case "$match" -> result.put(name, (operand instanceof Map<?, ?> filter)
                            ? ParameterizedFilter.ofMarked((Map<String, ?>) filter, this.marker, this.references,
                                    this.method)
                            : refuseAny(name, operand));
                    case "$limit", "$skip" -> result.put(name, constant(operand));
                    case "$sample" -> result.put(name, withConstants(operand, Set.of("size")));
                    case "$bucketAuto" -> result.put(name, withConstants(operand, Set.of("buckets")));
                    case "$bucket" -> result.put(name, bucket(operand));
                    case "$facet" -> result.put(name, facet(operand));
                    default -> result.put(name, SYNTAX_STAGES.contains(name) ? refuseAny(name, operand)
                            : expression(operand));
                }
            }
            return result;
        }

        private Object facet(Object operand) {
            if (!(operand instanceof Map<?, ?> facets)) {
                return refuseAny("$facet", operand);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            facets.forEach((name, pipeline) -> {
                List<Object> stages = new ArrayList<>();
                if (pipeline instanceof List<?> list) {
                    for (Object stage : list) {
                        stages.add((stage instanceof Map<?, ?> map) ? stage(map) : refuseAny("$facet", stage));
                    }
                }
                result.put(checkKey(String.valueOf(name)), (pipeline instanceof List) ? stages
                        : refuseAny("$facet", pipeline));
            });
            return result;
        }

        /**
         * {@code $bucket}: constant boundaries and default. The start-up check puts ascending
         * numbers in boundary slots and text in the default's, which passes the stage's own checks
         * whatever the arguments will be.
         */
        private Object bucket(Object operand) {
            if (!(operand instanceof Map<?, ?> options)) {
                return expression(operand);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            options.forEach((key, value) -> {
                String name = checkKey(String.valueOf(key));
                if (name.equals("boundaries") && value instanceof List<?> list) {
                    List<Object> boundaries = new ArrayList<>(list.size());
                    for (int i = 0; i < list.size(); i++) {
                        Integer slot = slotOf(list.get(i));
                        boundaries.add((slot != null) ? new Slot(slot, true, i) : constant(list.get(i)));
                    }
                    result.put(name, boundaries);
                }
                else if (name.equals("default") && slotOf(value) != null) {
                    result.put(name, new Slot(slotOf(value), true, "default"));
                }
                else {
                    result.put(name, expression(value));
                }
            });
            return result;
        }

        /** An operand whose named options take constants, and expressions elsewhere. */
        private Object withConstants(Object operand, Set<String> constants) {
            if (!(operand instanceof Map<?, ?> options)) {
                return expression(operand);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            options.forEach((key, value) -> {
                String name = checkKey(String.valueOf(key));
                result.put(name, constants.contains(name) ? constant(value) : expression(value));
            });
            return result;
        }

        private Object constant(Object value) {
            Integer slot = slotOf(value);
            if (slot != null) {
                return new Slot(slot, true, 1);
            }
            if (value instanceof List<?> list) {
                List<Object> result = new ArrayList<>(list.size());
                list.forEach((element) -> result.add(constant(element)));
                return result;
            }
            return expression(value);
        }

        private Object expression(Object value) {
            Integer slot = slotOf(value);
            if (slot != null) {
                return new Slot(slot, false, null);
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((key, element) -> result.put(checkKey(String.valueOf(key)), expression(element)));
                return result;
            }
            if (value instanceof Collection<?> list) {
                List<Object> result = new ArrayList<>(list.size());
                list.forEach((element) -> result.add(expression(element)));
                return result;
            }
            return value;
        }

        private Object refuseAny(String stage, Object value) {
            if (containsSlot(value)) {
                throw this.method.invalid("a parameter cannot stand in the operand of " + stage
                        + ": it would be pipeline syntax, not a value");
            }
            return value;
        }

        private boolean containsSlot(Object value) {
            if (slotOf(value) != null) {
                return true;
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    checkKey(String.valueOf(entry.getKey()));
                    if (containsSlot(entry.getValue())) {
                        return true;
                    }
                }
            }
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    if (containsSlot(element)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private String checkKey(String key) {
            if (key.contains(this.marker)) {
                throw this.method.invalid("a parameter cannot stand for a field or stage name: it would be pipeline"
                        + " syntax, not a value");
            }
            return key;
        }

        private Integer slotOf(Object value) {
            if (value instanceof String text && text.startsWith(this.marker)) {
                return this.references.get(Integer.parseInt(text.substring(this.marker.length())));
            }
            return null;
        }

    }

}
