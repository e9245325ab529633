package io.tetherdb.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;

/** Builds store files for the command tests. */
final class SampleStore {

    private SampleStore() {
    }

    /** Documents holding every type a store holds, at several levels. */
    static List<Document> everyType() {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            documents.add(new Document("_id", "doc-" + i).append("int", i).append("long", 5_000_000_000L + i)
                    .append("smallLong", (long) i).append("double", i + 0.5).append("whole", (double) i)
                    .append("minusZero", -0.0).append("nan", Double.NaN).append("inf", Double.POSITIVE_INFINITY)
                    .append("price", new BigDecimal("12.50").add(BigDecimal.valueOf(i)))
                    .append("bytes", new byte[] {(byte) i, -1, 0, 127})
                    .append("at", Instant.parse("2024-05-06T07:08:09.123456789Z").plusSeconds(i))
                    .append("old", Instant.parse("1912-04-15T02:20:00Z"))
                    .append("text", "line " + i + ", with \"quotes\"").append("flag", i % 2 == 0).append("none", null)
                    .append("nested", new Document("list", List.of(List.of(i, (long) i, List.of()),
                            new Document("deep", new BigDecimal("-0.001")), new byte[] {1})))
                    .append("tags", List.of("a", "b" + i)));
        }
        return documents;
    }

    /** A store with a "things" collection of {@link #everyType()}, indexed, and "people" with an expiring document. */
    static Path create(Path file) {
        try (TetherDB db = TetherDB.open(file)) {
            db.collection("things").putBatch(everyType());
            db.collection("things").createIndex("{int: 1}");
            db.collection("people").put(new Document("name", "Ann").append("age", 31), PutOptions.id("ann"));
            db.collection("people").put(new Document("name", "Bob").append("age", 17), PutOptions.id("bob"));
            db.collection("people").put(new Document("name", "Cid").append("age", 45),
                    PutOptions.id("cid").ttl(Duration.ofDays(1)));
        }
        return file;
    }
}
