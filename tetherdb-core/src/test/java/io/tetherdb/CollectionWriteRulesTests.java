package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.query.Filters;

/**
 * The rules of the write methods of {@link TetherCollection}: where an id may come from, what a
 * batch refuses, and what conditional and plain writes do to a collection that does not exist.
 * A refused write leaves the collection as it was.
 */
@ExtendWith(TetherTestExtension.class)
class CollectionWriteRulesTests {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO).maxDocumentSize(1024).open();
        items = db.collection("items");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anIdInTheOptionsMustAgreeWithTheDocuments() {
        assertThat(items.put(Document.parse("{_id: 'a', n: 1}"), PutOptions.id("a"))).isEqualTo("a");
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> items.put(Document.parse("{_id: 'b', n: 1}"), PutOptions.id("c")))
                .withMessage("The document's _id 'b' differs from the id 'c' it is written under");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> items.replace("a", Document.parse("{n: 2}"), PutOptions.id("z")))
                .withMessage("The options' id 'z' differs from 'a'");
        assertThat(items.replace("a", Document.parse("{n: 2}"), PutOptions.id("a"))).isTrue();
        assertThat(items.get("a")).map(d -> d.get("n")).contains(2);
        assertThat(items.count()).isEqualTo(1);
    }

    @Test
    void tagsNeedATagsArray() {
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> items.put(Document.parse("{_tags: 'x'}"), PutOptions.defaults().tags("y")))
                .withMessage("_tags must be an array to add tags to it but was x");
        String id = items.put(Document.parse("{_tags: ['x']}"), PutOptions.defaults().tags("y", "x"));
        assertThat(items.get(id).orElseThrow().get("_tags")).isEqualTo(List.of("x", "y"));
        assertThat(items.count()).isEqualTo(1);
    }

    @Test
    void aBatchRefusesOneIdForAllAndNamesTheDocumentThatIsTooLarge() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> items.putBatch(List.of(Document.parse("{n: 1}")), PutOptions.id("same")))
                .withMessageStartingWith("A batch cannot take one id for every document");
        Document large = new Document("text", "x".repeat(2000));
        assertThatExceptionOfType(DocumentTooLargeException.class)
                .isThrownBy(() -> items.putBatch(List.of(Document.parse("{n: 1}"), large)))
                .withMessageContaining("#1 of the batch").withMessageNotContaining("_id");
        Document largeWithId = new Document("_id", "big").append("text", "x".repeat(2000));
        assertThatExceptionOfType(DocumentTooLargeException.class)
                .isThrownBy(() -> items.putBatch(List.of(largeWithId)))
                .withMessageContaining("#0 of the batch (_id big)");
        assertThat(items.putBatch(List.of())).isEmpty();
        assertThat(items.count()).isZero();
        assertThat(db.collectionNames()).doesNotContain("items");
    }

    @Test
    void writesToACollectionThatDoesNotExist() {
        TetherCollection missing = db.collection("missing");

        assertThat(missing.replace("a", Document.parse("{n: 1}"))).isFalse();
        assertThat(missing.replaceIf("a", Filters.exists("n"), Document.parse("{n: 1}"), PutOptions.defaults()))
                .isFalse();
        assertThat(missing.delete("a")).isZero();
        assertThat(missing.deleteBatch(List.of("a", "b"), Filters.exists("n"))).isZero();
        assertThat(missing.deleteMany(Filters.exists("n"))).isZero();
        assertThat(missing.deleteBatch(List.of())).isZero();
        assertThat(db.collectionNames()).doesNotContain("missing");
    }

    @Test
    void conditionalDeletesSkipMissingAndNonMatchingDocuments() {
        items.putBatch(List.of(Document.parse("{_id: 'a', n: 1}"), Document.parse("{_id: 'b', n: 2}")));

        assertThat(items.deleteBatch(List.of("a", "b", "nope"), Filters.gt("n", 1))).isEqualTo(1);
        assertThat(items.get("a")).isPresent();
        assertThat(items.get("b")).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> items.deleteBatch(Arrays.asList("a", null)))
                .withMessage("ids must not contain null");
        assertThat(items.get("a")).isPresent();
    }

    @Test
    void aReplacementExpiresOnlyIfItsOptionsSaySo() {
        items.put(Document.parse("{_id: 'a', n: 1}"), PutOptions.defaults().ttl(Duration.ofSeconds(5)));
        assertThat(items.replace("a", Document.parse("{n: 2}"),
                PutOptions.defaults().expireAt(Instant.parse("2026-01-01T00:01:00Z")))).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(items.get("a")).map(d -> d.get("n")).contains(2);
        clock.advance(Duration.ofSeconds(31));
        assertThat(items.get("a")).isEmpty();
        assertThat(items.replace("a", Document.parse("{n: 3}"))).as("an expired document is not replaced").isFalse();
    }
}
