package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that an index drives reads a snapshot of the index and the documents: it must hold
 * that snapshot's version, as collection scans do, so that compaction cannot reuse the space of
 * pages it has yet to read. Before, an index-driven stream held nothing; once the documents had
 * been rewritten, the retention time had passed and compaction had run, reading on from a small
 * page cache failed with "Chunk ... no longer exists", reported as a damaged file.
 */
@ExtendWith(TetherTestExtension.class)
class LongIndexScanTests {

    private static final int DOCUMENTS = 20_000;

    @TempDir
    Path directory;

    @Test
    void indexDrivenStreamOutlivesRewritesAndCompaction() throws Exception {
        try (TetherDB db = TetherDB.builder().path(directory.resolve("long-scan.db")).cacheSize(1024 * 1024)
                .cleanupInterval(Duration.ZERO).open()) {
            TetherCollection items = db.collection("items");
            items.createIndex("{n: 1}");
            List<Map<String, ?>> batch = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                batch.add(Map.of("_id", String.format("i%05d", i), "n", i, "pad", "x".repeat(200)));
            }
            items.putBatch(batch);
            db.flush();

            List<Object> seen = new ArrayList<>();
            try (Stream<Document> stream = items.find(Filters.gte("n", 0)).stream()) {
                Iterator<Document> it = stream.iterator();
                seen.add(it.next().get("n"));
                for (int round = 1; round <= 3; round++) {
                    List<Map<String, ?>> rewrite = new ArrayList<>();
                    for (int i = 0; i < DOCUMENTS; i++) {
                        rewrite.add(Map.of("_id", String.format("i%05d", i), "n", -round * DOCUMENTS - i,
                                "pad", "y".repeat(200)));
                    }
                    items.deleteMany(Filters.gte("n", Integer.MIN_VALUE));
                    items.putBatch(rewrite);
                    db.flush();
                }
                Thread.sleep(2_500);
                items.put(Map.of("_id", "late", "n", -1));
                db.flush();
                db.compact();
                while (it.hasNext()) {
                    seen.add(it.next().get("n"));
                }
            }

            assertThat(seen).hasSize(DOCUMENTS);
            assertThat(seen.get(DOCUMENTS - 1)).isEqualTo(DOCUMENTS - 1);
            assertThat(db.verify().isClean()).isTrue();
        }
    }
}
