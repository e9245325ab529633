package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link RandomCases}: distinct, repeatable seeds, and failures that name the seed to replay. */
class RandomCasesTests {

    @Test
    void runsEveryCaseWithItsOwnRepeatableSeed() {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();

        RandomCases.run("check", 50, random -> first.add(random.nextLong()));
        RandomCases.run("check", 50, random -> second.add(random.nextLong()));

        assertThat(first).hasSize(50).doesNotHaveDuplicates().isEqualTo(second);
    }

    @Test
    void failureNamesTheCheckAndTheSeedThatReplaysIt() {
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> RandomCases.run("always fails", 3, random -> {
                    throw new IllegalStateException("boom");
                }))
                .withMessageMatching("always fails failed for seed -?\\d+ \\(replay with -Dtetherdb.fuzz.replay=-?\\d+\\):"
                        + " java.lang.IllegalStateException: boom")
                .withCauseInstanceOf(IllegalStateException.class);
    }
}
