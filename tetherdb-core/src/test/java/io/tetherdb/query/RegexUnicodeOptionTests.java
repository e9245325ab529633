package io.tetherdb.query;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code u} regular expression option, which MongoDB 5.1+ accepts and documents as redundant
 * (its patterns always match Unicode text): accepted in every form a pattern can take, and never
 * changing an answer.
 */
class RegexUnicodeOptionTests {

    @ParameterizedTest
    @ValueSource(strings = {
        "{name: {$regex: '^ål', $options: 'u'}}",
        "{name: {$regex: '^ÅL', $options: 'iu'}}",
        "{name: {$regex: '^ÅL', $options: 'ui'}}",
        "{name: /^ål/u}",
        "{name: /^ÅL/iu}",
        "{name: {$regex: /^ÅL/u, $options: 'i'}}",
        "{name: {$regex: /^ål/i, $options: 'u'}}",
        "{name: {$regularExpression: {pattern: '^ål', options: 'u'}}}",
        "{name: {$in: [/^y/, /^ål/u]}}",
        "{name: {$all: [/^ål/u]}}",
        "{name: {$not: /^x/u}}",
        "{name: {$regex: '(?u)^ÅL', $options: 'i'}}"})
    void isAcceptedInEveryForm(String filter) {
        assertThat(Filter.parse(filter).matches(json("{name: 'ålesund'}"))).isTrue();
        assertThat(Filter.parse(filter).matches(json("{name: 'x'}"))).as("%s on x", filter).isFalse();
    }

    @Test
    void changesNoAnswer() {
        // Unicode case folding comes with 'i' alone, as in MongoDB
        assertThat(Filter.parse("{s: /^émile$/i}").matches(json("{s: 'ÉMILE'}"))).isTrue();
        assertThat(Filter.parse("{s: /^émile$/iu}").matches(json("{s: 'ÉMILE'}"))).isTrue();
        assertThat(Filter.parse("{s: /^émile$/u}").matches(json("{s: 'ÉMILE'}"))).isFalse();
        // a supplementary character is one character either way
        assertThat(Filter.parse("{s: /^.$/}").matches(json("{s: '\uD83D\uDE00'}"))).isTrue();
        assertThat(Filter.parse("{s: /^.$/u}").matches(json("{s: '\uD83D\uDE00'}"))).isTrue();
        // \\w keeps the meaning it has without 'u'
        assertThat(Filter.parse("{s: /^\\w+$/}").matches(json("{s: 'été'}")))
                .isEqualTo(Filter.parse("{s: /^\\w+$/u}").matches(json("{s: 'été'}")));
        // so the canonical form leaves it out, and the filters are equal
        assertThat(Filter.parse("{s: /^a/u}")).isEqualTo(Filter.parse("{s: /^a/}"));
        assertThat(Filter.parse("{s: /^a/iu}").toDocument()).isEqualTo(Filter.parse("{s: /^a/i}").toDocument());
    }

    @Test
    void otherUnknownFlagsAreStillRefused() {
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{a: {$regex: 'x', $options: 'ug'}}"))
                .withMessage("Invalid flag 'g' in regular expression options of field 'a'");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("{a: /x/uy}"))
                .withMessageContaining("Invalid flag 'y'");
    }
}
