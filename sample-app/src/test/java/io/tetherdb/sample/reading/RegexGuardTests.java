package io.tetherdb.sample.reading;

import io.tetherdb.document.Json;
import io.tetherdb.query.InvalidQueryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Which {@code $regex} patterns {@link RegexGuard} refuses.
 */
class RegexGuardTests {

    @Test
    void patternsThatRepeatAGroupAreRefused() {
        assertThat(RegexGuard.repeatsAGroup("^(a+)+$")).isTrue();
        assertThat(RegexGuard.repeatsAGroup("(x|xy)*z")).isTrue();
        assertThat(RegexGuard.repeatsAGroup("(?:ab){2,}")).isTrue();
    }

    @Test
    void patternsWithoutARepeatedGroupAreAllowed() {
        assertThat(RegexGuard.repeatsAGroup("^green")).isFalse();
        assertThat(RegexGuard.repeatsAGroup("[0-9]+-temp.*$")).isFalse();
        assertThat(RegexGuard.repeatsAGroup("(office|cellar)-temp")).isFalse();
        assertThat(RegexGuard.repeatsAGroup("(temp)?$")).isFalse();
        assertThat(RegexGuard.repeatsAGroup("a\\)+b")).as("escaped parenthesis").isFalse();
        assertThat(RegexGuard.repeatsAGroup("[)]+")).as("parenthesis in a class").isFalse();
    }

    @Test
    void everyRegexOfAFilterIsChecked() {
        assertThatExceptionOfType(InvalidQueryException.class)
            .isThrownBy(() -> RegexGuard.check(Json.parseDocument(
                    "{$or: [{sensorId: 'a'}, {location: {$not: {$regex: '^(a|aa)+$'}}}]}")))
            .withMessage("$regex '^(a|aa)+$' repeats a group ('(...)+', '(...)*' or '(...){n,m}'); such patterns can"
                    + " take exponential time and are refused here");
        assertThatNoException().isThrownBy(() -> RegexGuard.check(Json.parseDocument(
                "{_tags: {$elemMatch: {$regex: '^al', $options: 'i'}}}")));
    }
}
