package io.tetherdb.spring.repository.query;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.QueryOperator;
import io.tetherdb.query.QueryOperator.OperandKind;
import io.tetherdb.query.QueryOperator.Place;
import io.tetherdb.spring.repository.query.ParameterizedFilter.Kind;
import io.tetherdb.spring.repository.sample.Reading;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.projection.SpelAwareProxyProjectionFactory;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.DefaultRepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every operator of the core's registry is classified by the {@code @Query} parameter binding: a
 * {@code ?0} standing for its operand binds as a value of the right kind, or, where the operand is
 * query syntax, fails at start-up; an argument that looks like an operator document never becomes one.
 */
class ParameterizedFilterTests {

    private static final Map<String, Object> OPERATOR_LIKE = Map.of("$gt", "");

    @ParameterizedTest
    @EnumSource(QueryOperator.class)
    void aPlaceholderForTheOperandOfEachOperatorBindsAsAValueOrIsRefused(QueryOperator operator) throws Exception {
        String text = filterText(operator);
        TetherQueryMethod method = method();
        Kind kind = expectedKind(operator);
        assertThat(ParameterizedFilter.kindOf(operator)).isEqualTo(kind);
        if (kind == Kind.SYNTAX) {
            assertThatExceptionOfType(QueryCreationException.class)
                .isThrownBy(() -> ParameterizedFilter.parse(text, method))
                .withMessageContaining("a parameter cannot stand for the operand of " + operator.keyword());
            return;
        }
        ParameterizedFilter filter = ParameterizedFilter.parse(text, method);
        Object argument = argument(operator.operand());
        Map<String, Object> bound = filter.bind((index) -> argument);
        assertThat(operandIn(bound, operator)).as(text).isEqualTo(argument);
        assertThat(Filter.of(bound)).as(text).isNotNull();

        switch (kind) {
            case EQUALITY -> assertThat(operandIn(filter.bind((index) -> OPERATOR_LIKE), operator))
                .isEqualTo(LiteralValues.UNMATCHABLE);
            case COMPARISON -> assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
                .isThrownBy(() -> filter.bind((index) -> OPERATOR_LIKE))
                .withMessageContaining(operator.keyword() + " on parameter 0");
            case LIST -> assertThat(operandIn(filter.bind((index) -> List.of(OPERATOR_LIKE)), operator))
                .isEqualTo(List.of(LiteralValues.UNMATCHABLE));
            case RAW -> {
                // passed as it is: the compiler checks its type, so it is a value or an error, never syntax
                Map<String, Object> raw = filter.bind((index) -> OPERATOR_LIKE);
                assertThat(operandIn(raw, operator)).isEqualTo(OPERATOR_LIKE);
                if (operator != QueryOperator.EXISTS) {
                    assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(raw));
                }
            }
            case SYNTAX -> throw new AssertionError("handled above");
        }
    }

    @ParameterizedTest
    @EnumSource(QueryOperator.class)
    void aPlaceholderInsideALogicalOperatorIsClassifiedToo(QueryOperator operator) throws Exception {
        if (!operator.allowedIn(Place.FIELD) || ParameterizedFilter.kindOf(operator) == Kind.SYNTAX) {
            return;
        }
        String text = "{ '$or': [ " + filterText(operator) + ", { 'sensor': 'x' } ] }";
        ParameterizedFilter filter = ParameterizedFilter.parse(text, method());
        Object argument = argument(operator.operand());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<?>) filter.bind((index) -> argument).get("$or"))
            .get(0);
        assertThat(operandIn(first, operator)).isEqualTo(argument);
    }

    @ParameterizedTest
    @EnumSource(QueryOperator.class)
    void aQuotedPlaceholderBindsExactlyAsTheUnquotedOne(QueryOperator operator) throws Exception {
        if (ParameterizedFilter.kindOf(operator) == Kind.SYNTAX) {
            return;
        }
        TetherQueryMethod method = method();
        Object argument = argument(operator.operand());
        Map<String, Object> unquoted = ParameterizedFilter.parse(filterText(operator), method)
            .bind((index) -> argument);
        for (String quoted : List.of("'?0'", "\"?0\"", "':value'", "\":value\"")) {
            String text = filterText(operator).replace("?0", quoted);
            ParameterizedFilter filter = ParameterizedFilter.parse(text, method);
            assertThat(filter.bind((index) -> argument)).as(text).isEqualTo(unquoted);
            // an argument that looks like an operator is as harmless quoted as unquoted
            assertThat(bindOrError(filter, OPERATOR_LIKE)).as(text)
                .isEqualTo(bindOrError(ParameterizedFilter.parse(filterText(operator), method), OPERATOR_LIKE));
        }
    }

    private static Object bindOrError(ParameterizedFilter filter, Object argument) {
        try {
            return filter.bind((index) -> argument);
        }
        catch (InvalidDataAccessApiUsageException ex) {
            return ex.getClass();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            { 'value': 'abc?0' }                      | placeholder ?0 inside the string 'abc?0'
            { 'value': { '$regex': '^?0' } }          | placeholder ?0 inside the string '^?0'
            { 'value': "?0 and more" }                | placeholder ?0 inside the string
            { 'value': 'prefix-:value' }              | placeholder :value inside the string
            { 'value': '?1' }                         | ?1 refers to a parameter the method does not have
            { 'value': ':other' }                     | :other names no parameter
            { '?0': 1 }                               | cannot stand for a field name
            { '$or': '?0' }                           | cannot stand for the operand of $or
            """)
    void aPlaceholderInsideALongerStringOrOutOfPlaceFailsAtStartUp(String text, String message) throws Exception {
        TetherQueryMethod method = method();
        assertThatExceptionOfType(QueryCreationException.class)
            .isThrownBy(() -> ParameterizedFilter.parse(text, method))
            .withMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            { 'value': 'a:b' }               | a:b
            { 'value': 'what?' }             | what?
            { 'value': '\\u003f0' }          | ?0
            { 'value': '\\u003avalue' }      | :value
            { 'value': '??' }                | ??
            """)
    void stringsWithoutAPlaceholderStayLiterals(String text, String literal) throws Exception {
        ParameterizedFilter filter = ParameterizedFilter.parse(text, method());
        assertThat(filter.bind((index) -> "never bound")).isEqualTo(Map.of("value", literal));
    }

    /** What each operator's operand is, written down here independently of the binding's own table. */
    private static Kind expectedKind(QueryOperator operator) {
        return switch (operator) {
            case EQ, NE, CONTAINS, COMMENT -> Kind.EQUALITY;
            case GT, GTE, LT, LTE -> Kind.COMPARISON;
            case IN, NIN, ALL -> Kind.LIST;
            case REGEX, OPTIONS, SIZE, EXISTS, TYPE, MOD -> Kind.RAW;
            case NOT, ELEM_MATCH, AND, OR, NOR -> Kind.SYNTAX;
        };
    }

    /** {@code ?0} as the operand of the operator, in a place the registry allows it. */
    private static String filterText(QueryOperator operator) {
        if (!operator.allowedIn(Place.FIELD)) {
            return "{ '" + operator.keyword() + "': ?0 }";
        }
        String regex = (operator == QueryOperator.OPTIONS) ? "'$regex': 'a', " : "";
        return "{ 'value': { " + regex + "'" + operator.keyword() + "': ?0 } }";
    }

    @SuppressWarnings("unchecked")
    private static Object operandIn(Map<String, Object> filter, QueryOperator operator) {
        if (!operator.allowedIn(Place.FIELD)) {
            return filter.get(operator.keyword());
        }
        return ((Map<String, Object>) filter.get("value")).get(operator.keyword());
    }

    private static Object argument(OperandKind kind) {
        return switch (kind) {
            case VALUE -> 21.5;
            case VALUE_LIST -> List.of(21.5, 22.0);
            case BOOLEAN -> Boolean.TRUE;
            case PATTERN -> "^2";
            case PATTERN_OPTIONS -> "i";
            case COUNT -> 2;
            case NUMBER_PAIR -> List.of(2, 1);
            case TYPE_ALIASES -> "double";
            case ANY -> "a note";
            case SUB_FILTER, CONDITION, FILTER_LIST -> throw new AssertionError(kind + " is query syntax");
        };
    }

    private static TetherQueryMethod method() throws NoSuchMethodException {
        Method method = Readings.class.getMethod("find", Object.class);
        return new TetherQueryMethod(method, new DefaultRepositoryMetadata(Readings.class),
                new SpelAwareProxyProjectionFactory());
    }

    interface Readings extends Repository<Reading, String> {

        List<Reading> find(Object value);

    }

}
