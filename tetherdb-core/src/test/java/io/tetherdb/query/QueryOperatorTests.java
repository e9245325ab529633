package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.tetherdb.query.QueryOperator.OperandKind;
import io.tetherdb.query.QueryOperator.Place;

/**
 * The registry {@link QueryOperator} and the compiler agree: every entry compiles in each place the
 * registry allows it and is refused with {@link InvalidQueryException} in every other place; its
 * compiled form renders back to an equal filter; and the matcher's {@link Operator}s are spelled
 * by registry entries.
 */
class QueryOperatorTests {

    @ParameterizedTest
    @EnumSource(QueryOperator.class)
    void compilesInItsAllowedPlacesAndIsRefusedElsewhere(QueryOperator operator) {
        for (Place place : Place.values()) {
            Map<String, Object> filter = filterWith(operator, place);
            if (operator.allowedIn(place)) {
                assertThatNoException().as("%s in %s: %s", operator, place, filter)
                        .isThrownBy(() -> Filter.of(filter));
            } else {
                assertThatExceptionOfType(InvalidQueryException.class).as("%s in %s: %s", operator, place, filter)
                        .isThrownBy(() -> Filter.of(filter))
                        .withMessageContaining(operator.keyword());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(QueryOperator.class)
    void rendersBackToAnEqualFilterWhereverItIsAllowed(QueryOperator operator) {
        for (Place place : operator.places()) {
            Filter filter = Filter.of(filterWith(operator, place));
            assertThat(Filter.of(filter.toDocument())).as("%s in %s", operator, place).isEqualTo(filter);
        }
    }

    @Test
    void everyPlaceHoldsSomeOperatorAndEveryOperatorHasAPlace() {
        for (QueryOperator operator : QueryOperator.values()) {
            assertThat(operator.places()).as(operator.name()).isNotEmpty();
        }
        for (Place place : Place.values()) {
            assertThat(QueryOperator.values()).as(place.name()).anyMatch(operator -> operator.allowedIn(place));
        }
    }

    @Test
    void keywordsNameTheirEntriesAndValueWrappersAreNoOperators() {
        for (QueryOperator operator : QueryOperator.values()) {
            assertThat(QueryOperator.forKeyword(operator.keyword())).contains(operator);
        }
        for (Operator operator : Operator.values()) {
            assertThat(operator.keyword()).isEqualTo(operator.syntax().keyword());
            assertThat(operator.syntax().allowedIn(Place.FIELD)).as(operator.name()).isTrue();
        }
        assertThat(QueryOperator.forKeyword("$numberDecimal")).isEmpty();
        assertThat(QueryOperator.forKeyword("$regularExpression")).isEmpty();
        assertThat(QueryOperator.forKeyword("$where")).isEmpty();
        assertThat(QueryOperator.forKeyword(null)).isEmpty();
        // as values they still work where a value goes
        assertThat(Filter.parse("{a: {$numberDecimal: '1.5'}}").matches(Map.of("a", 1.5))).isTrue();
        assertThat(Filter.parse("{a: {$regularExpression: {pattern: '^x', options: ''}}}").matches(Map.of("a", "xy")))
                .isTrue();
    }

    @Test
    void aMisplacedOperatorIsNamedWithWhereItBelongs() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("{$gt: 1}"))
                .withMessageContaining("Operator $gt cannot be used at the top level of a filter")
                .withMessageContaining("{field: {$gt: ...}}");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{a: {$not: {$or: [{b: 1}]}}}"))
                .withMessageContaining("Operator $or cannot be used inside $not on field 'a'")
                .withMessageContaining("{$or: [...]}");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{a: {$elemMatch: {$gt: 1, $comment: 'x'}}}"))
                .withMessageContaining("Operator $comment cannot be used inside $elemMatch on field 'a'");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("{a: {$nor: []}}"))
                .withMessageContaining("Operator $nor cannot be used on field 'a'");
    }

    /** A filter with {@code operator} (and a valid operand) in {@code place}. */
    private static Map<String, Object> filterWith(QueryOperator operator, Place place) {
        return switch (place) {
            case TOP_LEVEL -> Map.of(operator.keyword(), operand(operator.operand()));
            case FIELD -> Map.of("f", operators(operator));
            case ELEM_MATCH -> {
                // A field-level operator first makes the operand the operator form of $elemMatch; a
                // logical operator first would make it a filter on the elements, where $and is at home.
                Map<String, Object> operators = new LinkedHashMap<>();
                if (operator == QueryOperator.EXISTS) {
                    operators.put("$size", 1);
                } else {
                    operators.put("$exists", true);
                }
                operators.putAll(operators(operator));
                yield Map.of("f", Map.of("$elemMatch", operators));
            }
            case NOT -> Map.of("f", Map.of("$not", operators(operator)));
        };
    }

    /** {@code {$op: operand}}, with a {@code $regex} before {@code $options}. */
    private static Map<String, Object> operators(QueryOperator operator) {
        Map<String, Object> operators = new LinkedHashMap<>();
        if (operator == QueryOperator.OPTIONS) {
            operators.put(QueryOperator.REGEX.keyword(), "^a");
        }
        operators.put(operator.keyword(), operand(operator.operand()));
        return operators;
    }

    private static Object operand(OperandKind kind) {
        return switch (kind) {
            case VALUE -> 1;
            case VALUE_LIST -> List.of(1, 2);
            case BOOLEAN -> true;
            case PATTERN -> "^a";
            case PATTERN_OPTIONS -> "i";
            case COUNT -> 2;
            case NUMBER_PAIR -> List.of(2, 0);
            case TYPE_ALIASES -> "number";
            case SUB_FILTER -> Map.of("$gt", 1);
            case CONDITION -> Map.of("$lt", 1);
            case FILTER_LIST -> List.of(Map.of("a", 1), Map.of("b", 2));
            case ANY -> "a note";
        };
    }
}
