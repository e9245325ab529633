package io.tetherdb.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tetherdb.ForkedStore;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 suite for transactions: a child JVM ({@link TransactionCrashWorkload}) commits a
 * numbered sequence of transactions spanning three collections, their secondary indexes (one unique)
 * and deletes of earlier transactions' documents, and is killed with SIGKILL at a random moment; the
 * parent reopens the file and checks that {@link TetherDB#verify()} finds it clean and that it holds
 * exactly the transactions 1..m for some m, each whole (its order, its items unless a later recovered
 * transaction cancelled them, the ledger naming m), nothing of m+1 on, and m at least the last
 * transaction acknowledged as durable. Cycles run chained on one file, each resuming after the
 * recovered m. {@code -Dtetherdb.crash.tx.cycles=N} sets the number of cycles (default 6).
 */
@ExtendWith(TetherTestExtension.class)
class TransactionKillNineIntegrationTests {

    private static final List<String> CHILD_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path directory;

    @Test
    void everyRecoveredStateHoldsWholeCommittedTransactionsOnly() throws Exception {
        int cycles = Integer.getInteger("tetherdb.crash.tx.cycles", 6);
        long seed = Long.getLong("tetherdb.crash.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        Path file = directory.resolve("tx.db");
        long recovered = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            int threshold = List.of(1, 7, 100, 1000).get(random.nextInt(4));
            int delay = 150 + random.nextInt(900);
            String context = "seed " + seed + ", cycle " + cycle + ", flushThreshold " + threshold + ", killed after "
                    + delay + " ms";
            Process child = ForkedStore.startMain(TransactionCrashWorkload.class, CHILD_JVM, file.toString(),
                    Integer.toString(threshold));
            AtomicLong durable = new AtomicLong();
            CountDownLatch started = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("STARTED")) {
                            started.countDown();
                        } else if (line.startsWith("DURABLE ")) {
                            durable.set(Long.parseLong(line.substring(8)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child was killed
                }
            });
            reader.start();
            try {
                assertThat(started.await(60, TimeUnit.SECONDS)).as("%s: the child started", context).isTrue();
                Thread.sleep(delay);
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(30_000);
            }
            long last = check(file, context, durable.get());
            assertThat(last).as("%s: nothing recovered before is lost", context).isGreaterThanOrEqualTo(recovered);
            System.out.println("tx kill -9 " + context + ": recovered through transaction " + last
                    + ", last durable " + durable.get());
            recovered = last;
        }
        assertThat(recovered).as("the children committed transactions").isPositive();
    }

    /** Checks a recovered file and returns the last transaction it holds. */
    private static long check(Path file, String context, long durable) {
        try (TetherDB db = TetherDB.builder().path(file).open()) {
            assertThat(db.verify().isClean()).as("%s: verify() %s", context, db.verify()).isTrue();
            long last = db.collection("ledger").get("state").map(d -> ((Number) d.get("last")).longValue()).orElse(0L);
            assertThat(last).as("%s: every durable commit survives", context).isGreaterThanOrEqualTo(durable);
            Map<Long, Document> orders = new TreeMap<>();
            for (Document order : db.collection("orders").find().toList()) {
                orders.put(((Number) order.get("k")).longValue(), order);
            }
            assertThat(orders.keySet()).as("%s: the orders of transactions 1..%d and no others", context, last)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
            assertThat(db.collection("orders").count(Filters.gte("k", 0))).isEqualTo(last);
            for (long k = 1; k <= last; k++) {
                long canceller = k + 2;
                boolean cancelled = canceller % 5 == 0 && canceller <= last;
                Document order = orders.get(k);
                assertThat(order.get("cancelledBy")).as("%s: order %d", context, k)
                        .isEqualTo(cancelled ? (Object) canceller : null);
                assertThat(order.get("ref")).isEqualTo("r" + k);
                assertThat(db.collection("items").count(Filters.eq("order", k)))
                        .as("%s: items of transaction %d, found through the index", context, k)
                        .isEqualTo(cancelled ? 0 : 3);
                assertThat(db.collection("orders").find(Filters.eq("ref", "r" + k)).toList()).hasSize(1);
            }
            assertThat(db.collection("items").count()).as("%s: no item of a lost transaction", context)
                    .isEqualTo(db.collection("items").count(Filters.lte("order", last)));
            return last;
        }
    }
}
