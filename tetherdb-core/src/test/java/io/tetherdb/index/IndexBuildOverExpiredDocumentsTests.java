package io.tetherdb.index;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.tetherdb.MutableClock;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.VerifyReport;
import io.tetherdb.document.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression: building an index skipped documents that had expired but were not swept yet, while
 * every write indexes the documents it stores, expired or not; {@code verify()} then reported
 * the new index as lacking their keys until the next sweep. The build now removes such documents,
 * as the sweep and a unique index's write-time check do, so that no expired document is left
 * outside an index it belongs in.
 */
@ExtendWith(TetherTestExtension.class)
class IndexBuildOverExpiredDocumentsTests {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");

    @Test
    void anIndexBuiltOverExpiredDocumentsThatWereNotSweptIsConsistent() {
        try (TetherDB db = TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection users = db.collection("users");
            users.put(json("{_id: 'gone', email: 'a@x.io', city: 'Oslo'}"), PutOptions.defaults()
                    .ttl(Duration.ofSeconds(1)));
            users.put(json("{_id: 'live', email: 'b@x.io', city: 'Oslo'}"));
            clock.advance(Duration.ofSeconds(2));

            users.createIndex("{city: 1}");
            users.createIndex(IndexDefinition.ascending("email").unique());

            VerifyReport report = db.verify();
            assertThat(report.isClean()).as("%s", report).isTrue();
            assertThat(users.find("{city: 'Oslo'}").toList()).extracting(Document::getId).containsExactly("live");
            assertThat(users.find("{city: 'Oslo'}").explain().keysExamined()).isEqualTo(1);
            assertThat(users.get("gone")).isEmpty();
            // the expired document holds no key: its email is free
            users.put(json("{_id: 'new', email: 'a@x.io'}"));
            assertThat(db.verify().isClean()).as("%s", db.verify()).isTrue();
        }
    }

    @Test
    void aDocumentWrittenAlreadyExpiredIsIndexedLikeAnyStoredDocument() {
        try (TetherDB db = TetherDB.builder().clock(clock).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection events = db.collection("events");
            events.createIndex("{kind: 1}");
            events.put(json("{_id: 'old', kind: 'k1'}"), PutOptions.defaults()
                    .expireAt(java.time.Instant.parse("2001-01-01T00:00:00Z")));
            events.dropIndex("kind_1");
            events.createIndex("{kind: 1}");

            assertThat(db.verify().isClean()).as("%s", db.verify()).isTrue();
            assertThat(events.count()).isZero();
        }
    }
}
