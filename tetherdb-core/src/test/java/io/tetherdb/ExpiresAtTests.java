package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;

import io.tetherdb.document.Document;
import org.junit.jupiter.api.Test;

/** {@link TetherCollection#expiresAt(String)}: the expiry kept beside a document, as tools such as a migration read it. */
class ExpiresAtTests {

    @Test
    void readsTheExpiryOfALiveDocumentAndNothingForOthers() {
        MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection things = db.collection("things");
            things.put(new Document("n", 1), PutOptions.id("ttl").ttl(Duration.ofMinutes(5)));
            things.put(new Document("n", 2), PutOptions.id("at").expireAt(Instant.parse("2026-02-01T10:00:00.123Z")));
            things.put(new Document("n", 3), PutOptions.id("never"));

            assertThat(things.expiresAt("ttl")).contains(Instant.parse("2026-01-01T00:05:00Z"));
            assertThat(things.expiresAt("at")).contains(Instant.parse("2026-02-01T10:00:00.123Z"));
            assertThat(things.expiresAt("never")).isEmpty();
            assertThat(things.expiresAt("missing")).isEmpty();

            clock.advance(Duration.ofMinutes(5));
            assertThat(things.expiresAt("ttl")).as("expired").isEmpty();
            assertThatNullPointerException().isThrownBy(() -> things.expiresAt(null)).withMessageContaining("id");
        }
    }
}
