package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** {@link PutOptions} copies: each method changes one thing and keeps the rest. */
class PutOptionsTests {

    @Test
    void withIdReplacesTheIdAndKeepsExpiryAndTags() {
        PutOptions options = PutOptions.id("a").ttl(Duration.ofMinutes(5)).tags("x", "y");

        PutOptions copy = options.withId("b");

        assertThat(copy.id()).isEqualTo("b");
        assertThat(copy.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(copy.tags()).containsExactly("x", "y");
        assertThat(options.id()).as("the original is unchanged").isEqualTo("a");
        assertThat(PutOptions.defaults().expireAt(Instant.EPOCH).withId("c").expireAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void withIdChecksTheId() {
        assertThatIllegalArgumentException().isThrownBy(() -> PutOptions.defaults().withId(""))
                .withMessage("id must not be empty");
    }
}
