package io.tetherdb.index;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.error.DuplicateKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a rejected write that was the first to store an array in an indexed field turned
 * the index's multikey flag on in memory and, rolled back, left it off in the file. Later writes
 * of arrays then saw the flag on and never recorded it, so after a reopen the index held arrays
 * while marked single-key, {@code verify()} reported it, and the planner merged range bounds that
 * different array elements meet, losing matches.
 */
@ExtendWith(TetherTestExtension.class)
class MultikeyFlagRollbackTests {

    @TempDir
    Path directory;

    @Test
    void aRejectedBatchThatWouldHaveMadeAnIndexMultikeyLeavesTheFlagAsItWas() {
        Path file = directory.resolve("multikey.db");
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection users = db.collection("users");
            users.createIndex("{labels: 1}");
            users.put(json("{_id: 'a', labels: 'm'}"));
            // the first document holds an array, the second's id is taken: the batch is rejected whole
            assertThatExceptionOfType(DuplicateKeyException.class)
                    .isThrownBy(() -> users.putBatch(List.of(json("{_id: 'b', labels: ['x', 'y']}"),
                            json("{_id: 'a', labels: 'n'}"))))
                    .withMessageContaining("'a'");
            assertThat(users.listIndexes().get(0).multikey()).as("multikey after the rejected batch").isFalse();

            users.put(json("{_id: 'c', labels: ['a1', 'z9']}"));
            assertThat(users.listIndexes().get(0).multikey()).as("multikey after an array was stored").isTrue();
        }
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection users = db.collection("users");
            assertThat(users.listIndexes().get(0).multikey()).as("multikey after the reopen").isTrue();
            assertThat(db.verify().isClean()).as("%s", db.verify()).isTrue();
            // 'z9' > 'm' and 'a1' < 'c': two elements meet the two bounds, so 'c' matches, as in MongoDB
            assertThat(users.find("{labels: {$gt: 'm', $lt: 'c'}}").toList()).extracting(Document::getId)
                    .containsExactly("c");
        }
    }
}
