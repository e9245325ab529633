package io.tetherdb.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.TetherDB;
import io.tetherdb.TransactionOptions;
import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;

/**
 * The child JVM of {@link TransactionKillNineIntegrationTests}: continues, on the store it finds, a
 * numbered sequence of transactions that each span three collections and their indexes, until it
 * is killed. Transaction {@code k} inserts order {@code o<k>} (indexed on {@code k}, unique on
 * {@code ref}) and three items {@code i<k>-<j>} (indexed on {@code order}), and saves the ledger's
 * {@code state} document with {@code last: k}; every fifth one also cancels order {@code k-2}
 * (replaces it with {@code cancelledBy: k}) and deletes its items. Every tenth commit is durable and
 * is acknowledged on standard output as {@code DURABLE <k>} once it returns.
 *
 * <p>Arguments: {@code FILE FLUSH_THRESHOLD}.
 */
public final class TransactionCrashWorkload {

    private static final long MAX_RUN_NANOS = Duration.ofSeconds(60).toNanos();

    private TransactionCrashWorkload() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int flushThreshold = Integer.parseInt(args[1]);
        TetherDB db = TetherDB.builder().path(file).flushThreshold(flushThreshold).open();
        db.collection("orders").createIndex("{k: 1}");
        db.collection("orders").createIndex(IndexDefinition.ascending("ref").unique());
        db.collection("items").createIndex("{order: 1}");
        long last = db.collection("ledger").get("state").map(d -> ((Number) d.get("last")).longValue()).orElse(0L);
        System.out.println("STARTED " + last);
        System.out.flush();
        long start = System.nanoTime();
        for (long k = last + 1; System.nanoTime() - start < MAX_RUN_NANOS; k++) {
            long n = k;
            TransactionOptions options = k % 10 == 0 ? TransactionOptions.defaults().durable()
                    : TransactionOptions.defaults();
            db.transaction(options, tx -> {
                tx.collection("orders").put(Map.of("_id", "o" + n, "k", n, "ref", "r" + n));
                List<Map<String, Object>> items = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    items.add(Map.of("_id", "i" + n + "-" + j, "order", n, "qty", j + 1));
                }
                tx.collection("items").putBatch(items);
                if (n % 5 == 0 && n > 2) {
                    Document cancelled = tx.collection("orders").get("o" + (n - 2)).orElseThrow();
                    tx.collection("orders").replace("o" + (n - 2), Map.of("k", n - 2, "ref", cancelled.get("ref"),
                            "cancelledBy", n));
                    tx.collection("items").deleteMany(Filters.eq("order", n - 2));
                }
                tx.collection("ledger").save(Map.of("_id", "state", "last", n));
            });
            if (k % 10 == 0) {
                System.out.println("DURABLE " + k);
                System.out.flush();
            }
        }
        db.close();
    }
}
