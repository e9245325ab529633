package io.tetherdb.spring.repository.query;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.update.Update;
import io.tetherdb.update.UpdateOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.projection.SpelAwareProxyProjectionFactory;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.DefaultRepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every update operator is classified by the {@code @Update} parameter binding: a {@code ?0}
 * standing for its operand binds as a value (never as update syntax) or fails at start-up.
 */
class ParameterizedUpdateTests {

    @ParameterizedTest
    @EnumSource(UpdateOperator.class)
    void aPlaceholderForEachOperatorsOperandIsAValueOrRefused(UpdateOperator operator) throws Exception {
        String text = "{'" + operator.keyword() + "': {'f': ?0}}";
        TetherQueryMethod method = method();
        switch (operator) {
            case RENAME, CURRENT_DATE -> assertThatExceptionOfType(QueryCreationException.class)
                .isThrownBy(() -> ParameterizedUpdate.parse(text, method))
                .withMessageContaining("a parameter cannot stand for the operand of " + operator.keyword());
            case SET, SET_ON_INSERT, MIN, MAX, UNSET -> {
                Map<String, Object> bound = ParameterizedUpdate.parse(text, method).bind((i) -> "x");
                assertThat(bound).isEqualTo(Map.of(operator.keyword(), Map.of("f", "x")));
            }
            case INC, MUL, POP -> {
                Map<String, Object> bound = ParameterizedUpdate.parse(text, method).bind((i) -> 1);
                assertThat(Update.of(bound)).isNotNull();
            }
            case PUSH, ADD_TO_SET -> assertThat(ParameterizedUpdate.parse(text, method).bind((i) -> "x"))
                .isEqualTo(Map.of(operator.keyword(), Map.of("f", Map.of("$each", List.of("x")))));
            case PULL -> assertThat(ParameterizedUpdate.parse(text, method).bind((i) -> Map.of("$gt", 1)))
                .isEqualTo(Map.of("$pull", Map.of("f", Map.of("$in", List.of(LiteralValues.UNMATCHABLE)))));
            case PULL_ALL -> assertThat(ParameterizedUpdate.parse(text, method).bind((i) -> List.of(1, 2)))
                .isEqualTo(Map.of("$pullAll", Map.of("f", List.of(1, 2))));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {'$set': {?0: 1}}                                      | cannot stand for a field name
            {?0: {'a': 1}}                                         | cannot stand for a field name
            {'$push': {'a': {'$each': [1], '$sort': ?0}}}          | $sort is update syntax
            {'$foo': {'a': 1}}                                     | not an update operator
            {'$set': 1}                                            | takes a document of fields
            {'$set': {'a': 1}, '$inc': {'a.b': ?0}}                | would create a conflict at 'a'
            {'$set': {'a': 'x?0'}}                                 | inside the string 'x?0'
            {'$set': {'a': ?#{1}}}                                 | SpEL expressions
            {'$pull': {'a': {'$and': ?0}}}                         | cannot stand for the operand of $and
            ''                                                     | @Update is empty
            """)
    void invalidUpdatesFailAtStartUp(String text, String message) throws Exception {
        TetherQueryMethod method = method();
        assertThatExceptionOfType(QueryCreationException.class)
            .isThrownBy(() -> ParameterizedUpdate.parse(text.equals("''") ? "" : text, method))
            .withMessageContaining(message);
    }

    private static TetherQueryMethod method() throws NoSuchMethodException {
        Method method = Readings.class.getMethod("update", Object.class);
        return new TetherQueryMethod(method, new DefaultRepositoryMetadata(Readings.class),
                new SpelAwareProxyProjectionFactory());
    }

    interface Readings extends Repository<Reading, String> {

        long update(Object value);

    }

}
