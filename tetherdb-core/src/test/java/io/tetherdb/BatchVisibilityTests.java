package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readers see the store between write operations, never inside one. {@link ConcurrencyStressTests}
 * found streams that held 1 or 4 of a 5-document batch: reads went to the live maps, which a batch
 * updates one document at a time, so a reader could also see documents of a batch that then failed
 * and was rolled back. These tests stop a batch half-way (the store's clock is read when a unique
 * index key is found taken) and read from another thread at that moment.
 */
@ExtendWith(TetherTestExtension.class)
class BatchVisibilityTests {

    @Test
    void readersDuringAFailingBatchSeeNoneOfItsDocuments() throws Exception {
        MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).open()) {
            TetherCollection users = db.collection("users");
            users.createIndex(IndexDefinition.ascending("email").unique());
            users.put(Map.of("_id", "x", "email", "x@example.com"));
            AtomicReference<CompletableFuture<List<Object>>> reads = new AtomicReference<>();
            clock.onNextReadingWithin("checkUnique", () -> {
                // the batch has stored "a" and is checking "b", whose email is taken
                CompletableFuture<List<Object>> read = CompletableFuture.supplyAsync(() -> List.of(
                        users.get("a").isPresent(), users.count(), users.find().toList().size(),
                        users.count(Filters.eq("email", "a@example.com")),
                        users.find(Filters.eq("email", "a@example.com")).toList().size()));
                reads.set(read);
                // a reader that does not wait for the batch answers within this time
                try {
                    read.get(300, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // expected: the reader waits for the batch to end
                }
            });

            assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> users.putBatch(List.of(
                    Map.of("_id", "a", "email", "a@example.com"),
                    Map.of("_id", "b", "email", "x@example.com")))).withMessageContaining("x@example.com");

            assertThat(reads.get()).as("the batch reached its unique check").isNotNull();
            assertThat(reads.get().get(30, TimeUnit.SECONDS)).containsExactly(false, 1L, 1, 0L, 0);
            assertThat(users.find().toList()).extracting(Document::getId).containsExactly("x");
        }
    }

    @Test
    void readersDuringASucceedingBatchSeeAllOrNoneOfIt() throws Exception {
        MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
        try (TetherDB db = TetherDB.builder().inMemory().clock(clock).open()) {
            TetherCollection users = db.collection("users");
            users.createIndex(IndexDefinition.ascending("email").unique());
            // an expired holder of b's email: the batch finds the key taken, reads the clock, and
            // removes the expired document before storing b
            users.put(Map.of("_id", "old", "email", "b@example.com"),
                    PutOptions.defaults().expireAt(Instant.ofEpochMilli(clock.millis() + 1)));
            clock.advance(Duration.ofMillis(10));
            AtomicReference<CompletableFuture<Long>> reads = new AtomicReference<>();
            clock.onNextReadingWithin("checkUnique", () -> {
                CompletableFuture<Long> read = CompletableFuture.supplyAsync(
                        () -> users.find(Filters.in("_id", "a", "b", "c")).count());
                reads.set(read);
                try {
                    read.get(300, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // expected: the reader waits for the batch to end
                }
            });

            users.putBatch(List.of(Map.of("_id", "a", "email", "a@example.com"),
                    Map.of("_id", "b", "email", "b@example.com"), Map.of("_id", "c", "email", "c@example.com")));

            assertThat(reads.get()).as("the batch reached its unique check").isNotNull();
            assertThat(reads.get().get(30, TimeUnit.SECONDS)).isIn(0L, 3L);
            assertThat(users.count()).isEqualTo(3);
        }
    }
}
