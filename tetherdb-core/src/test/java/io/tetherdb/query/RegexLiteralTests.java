package io.tetherdb.query;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

/** MongoDB shell regular expression literals in filter text, as in MongoDB's $in documentation. */
class RegexLiteralTests {

    @Test
    void literalsInsideInMatchLikeRegexOperands() {
        Filter filter = Filter.parse("{tags: {$in: [/^be/, /^st/]}}");

        assertThat(filter.matches(json("{tags: ['school', 'bed']}"))).isTrue();
        assertThat(filter.matches(json("{tags: ['stapler']}"))).isTrue();
        assertThat(filter.matches(json("{tags: ['office']}"))).isFalse();
        assertThat(filter).isEqualTo(Filter.parse(
                "{tags: {$in: [{$regularExpression: {pattern: '^be', options: ''}},"
                        + " {$regularExpression: {pattern: '^st', options: ''}}]}}"));
    }

    @Test
    void flagsEscapesAndCharacterClassesAreKept() {
        assertThat(Filter.parse("{sku: /^abc/i}").matches(json("{sku: 'ABC123'}"))).isTrue();
        assertThat(Filter.parse("{path: /a\\/b[/]c/}").matches(json("{path: 'xa/b/c'}"))).isTrue();
        assertThat(Filter.parse("{n: /\\d{3}/}").matches(json("{n: 'ab123'}"))).isTrue();
        assertThat(Filter.parse("{n: {$not: /^p/}}").matches(json("{n: 'pen'}"))).isFalse();
    }

    @Test
    void slashesInsideStringsAndCommentsAreLeftAlone() {
        Filter filter = Filter.parse("{url: 'http://x/y', /* a comment */ n: 1 // trailing\n}");

        assertThat(filter.matches(json("{url: 'http://x/y', n: 1}"))).isTrue();
        assertThat(Filter.parse("{a: \"/not/a/regex/\"}").matches(json("{a: '/not/a/regex/'}"))).isTrue();
    }

    @Test
    void anUnterminatedLiteralIsAnInvalidQuery() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("{a: /abc}"))
                .withMessageContaining("Unterminated regular expression");
    }
}
