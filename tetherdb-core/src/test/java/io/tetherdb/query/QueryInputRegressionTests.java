package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;

/**
 * Bugs the bad-input suites ({@link FilterParserFuzzTests}) found in the query-text entry points,
 * one small deterministic test each.
 */
class QueryInputRegressionTests {

    @Test
    void emptyFilterInsideAndRendersToAFilterThatCompiles() {
        // Rendered as {$and: []}, which does not compile.
        Filter filter = Filter.parse("{$and: [{}]}");

        assertThat(Filter.of(filter.toDocument())).isEqualTo(filter);
        assertThat(filter.matches(Document.of("a", 1))).isTrue();
        assertThat(Filter.of(Filter.parse("{$and: [{}], a: 1}").toDocument()))
                .isEqualTo(Filter.parse("{$and: [{}], a: 1}"));
    }

    @Test
    void andOfOneFilterRendersToAnEqualFilter() {
        // Rendered as the one filter alone, which compiles to a different tree.
        for (String text : new String[] {"{$and: [{a: 1}]}", "{$and: [{$and: [{a: 1}]}, {$and: [{b: 1}]}]}",
                "{x: {$elemMatch: {$and: [{y: 1}]}}}", "{$or: [{$and: [{a: {$gt: 1}}]}, {b: 2}]}"}) {
            Filter filter = Filter.parse(text);

            assertThat(Filter.of(filter.toDocument())).as(text).isEqualTo(filter);
        }
    }

    @Test
    void invalidPathInIndexKeysIsAnInvalidQuery() {
        // DocumentPath's own exception escaped, though IndexDefinition.parse documents InvalidQueryException.
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> IndexDefinition.parse("{'a..b': 1}"))
                .withMessageContaining("Invalid index field 'a..b'")
                .withMessageContaining("empty segment");
    }
}
