package io.tetherdb.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.error.TransactionConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Eight threads move money between 100 accounts in transactions, retrying conflicts: no money is made or lost. */
@ExtendWith(TetherTestExtension.class)
class TransactionTransferTests {

    private static final int ACCOUNTS = 100;
    private static final long INITIAL = 1_000;

    @TempDir
    java.nio.file.Path dir;

    @Test
    void concurrentTransfersPreserveTheTotal() throws Exception {
        try (TetherDB db = TetherDB.builder().path(dir.resolve("bank.db")).open()) {
            TetherCollection accounts = db.collection("accounts");
            accounts.createIndex("{balance: 1}");
            List<Map<String, Object>> initial = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                initial.add(new HashMap<>(Map.of("_id", "acc" + i, "balance", INITIAL)));
            }
            accounts.putBatch(initial);
            AtomicLong committed = new AtomicLong();
            AtomicLong conflicts = new AtomicLong();
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        String from = "acc" + random.nextInt(ACCOUNTS);
                        String to = "acc" + random.nextInt(ACCOUNTS);
                        long amount = random.nextInt(50);
                        try {
                            db.transaction(tx -> {
                                TetherCollection a = tx.collection("accounts");
                                long fromBalance = ((Number) a.get(from).orElseThrow().get("balance")).longValue();
                                if (fromBalance < amount || from.equals(to)) {
                                    return;
                                }
                                a.replace(from, Map.of("balance", fromBalance - amount));
                                long toBalance = ((Number) a.get(to).orElseThrow().get("balance")).longValue();
                                a.replace(to, Map.of("balance", toBalance + amount));
                                tx.collection("log").put(Map.of("from", from, "to", to, "amount", amount));
                            });
                            committed.incrementAndGet();
                        } catch (TransactionConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            threads.shutdown();
            long total = 0;
            for (Document account : accounts.find().toList()) {
                total += ((Number) account.get("balance")).longValue();
            }
            assertThat(total).isEqualTo(ACCOUNTS * INITIAL);
            assertThat(accounts.count()).isEqualTo(ACCOUNTS);
            assertThat(committed.get()).isPositive();
            assertThat(conflicts.get()).as("transfers between 100 accounts on 8 threads do collide").isPositive();
            assertThat(db.verify().isClean()).isTrue();
        }
    }
}
