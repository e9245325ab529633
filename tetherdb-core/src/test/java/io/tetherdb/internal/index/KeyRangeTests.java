package io.tetherdb.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Key ranges: half-open intervals of unsigned byte strings, built from inclusive or exclusive bounds. */
class KeyRangeTests {

    private static final byte[] ONE = {1};
    private static final byte[] TWO = {2};

    @Test
    void boundsBecomeAHalfOpenInterval() {
        KeyRange inclusive = KeyRange.between(ONE, true, TWO, true);
        KeyRange exclusive = KeyRange.between(ONE, false, TWO, false);

        assertThat(inclusive.afterStart(new byte[] {1})).isTrue();
        assertThat(inclusive.afterStart(new byte[] {0, 9})).isFalse();
        assertThat(inclusive.beforeEnd(new byte[] {2, 5})).as("keys starting with an inclusive upper bound").isTrue();
        assertThat(inclusive.beforeEnd(new byte[] {3})).isFalse();
        assertThat(exclusive.afterStart(new byte[] {1, 5})).as("keys starting with an exclusive lower bound")
                .isFalse();
        assertThat(exclusive.afterStart(new byte[] {(byte) 0x81})).as("unsigned").isTrue();
        assertThat(exclusive.beforeEnd(new byte[] {1, (byte) 0xFF})).isTrue();
        assertThat(exclusive.beforeEnd(new byte[] {2})).isFalse();
    }

    @Test
    void openBoundsReachTheEndsOfTheIndex() {
        KeyRange below = KeyRange.between(null, true, TWO, false);
        KeyRange above = KeyRange.between(ONE, false, null, true);

        assertThat(below.start()).isNull();
        assertThat(below.afterStart(new byte[0])).isTrue();
        assertThat(above.end()).isNull();
        assertThat(above.beforeEnd(new byte[] {(byte) 0xFF, (byte) 0xFF})).isTrue();
        assertThat(KeyRange.between(null, false, null, false)).isEqualTo(KeyRange.ALL);
        assertThat(KeyRange.ALL.isEmpty()).isFalse();
        assertThat(below.isEmpty()).isFalse();
        assertThat(above.isEmpty()).isFalse();
    }

    @Test
    void aRangeWhoseStartIsNotBeforeItsEndIsEmpty() {
        assertThat(KeyRange.between(TWO, true, ONE, true).isEmpty()).isTrue();
        assertThat(KeyRange.between(ONE, false, ONE, true).isEmpty()).isTrue();
        assertThat(KeyRange.between(ONE, true, ONE, true).isEmpty()).isFalse();
        assertThat(KeyRange.prefix(ONE).isEmpty()).isFalse();
    }

    @Test
    void comparesBoundsByContent() {
        KeyRange range = KeyRange.prefix(new byte[] {1});

        assertThat(range).isEqualTo(KeyRange.between(new byte[] {1}, true, new byte[] {1}, true))
                .hasSameHashCodeAs(KeyRange.between(new byte[] {1}, true, new byte[] {1}, true));
        assertThat(range).isNotEqualTo(KeyRange.prefix(TWO)).isNotEqualTo(new KeyRange(ONE, null))
                .isNotEqualTo(new KeyRange(null, range.end())).isNotEqualTo("range");
        assertThat(range).hasToString("[01, 02)");
        assertThat(KeyRange.ALL).hasToString("[MIN, MAX)");
    }
}
