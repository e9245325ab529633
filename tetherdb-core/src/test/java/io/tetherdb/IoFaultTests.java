package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.tetherdb.FaultWorkload.Item;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.StoreFailedException;
import io.tetherdb.error.TetherException;
import io.tetherdb.internal.store.FaultyDisk.Loss;
import io.tetherdb.internal.store.FaultyDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O faults: for each operation, the n-th write, fsync or open it makes through a
 * {@link FaultyDisk} fails, for n = 1, 2, ... until the operation completes without reaching the
 * fault. Each time the operation must either succeed or throw a typed {@link TetherException}
 * ({@link StoreFailedException} on an open store, after which every call fails the same way and
 * {@code close()} still releases the file); and the file, reopened as the operating system holds
 * it and as a power loss right then could leave it, must hold the documents from before the
 * operation or from after it, never anything else, and those from after it if it succeeded.
 */
@ExtendWith(TetherTestExtension.class)
class IoFaultTests {

    private enum Fault { WRITE, FORCE, OPEN }

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.startingAt("2030-01-01T00:00:00Z");
    private Path base;
    private Map<String, Item> before;

    @BeforeEach
    void createStore() {
        base = directory.resolve("base.db");
        FaultWorkload workload = new FaultWorkload(7, clock);
        try (TetherDB db = TetherDB.open(FaultWorkload.options(base, clock))) {
            db.collection(FaultWorkload.COLLECTION).createIndex(FaultWorkload.GROUP_INDEX);
            while (workload.operations() < 60) {
                workload.step(db);
            }
        }
        // the model knows the expiry of each document; reading the store back checks it
        before = workload.history(workload.operations());
        try (TetherDB db = TetherDB.open(FaultWorkload.options(base, clock))) {
            assertThat(same(FaultWorkload.read(db), FaultWorkload.live(before, clock.millis()))).isTrue();
        }
        assertThat(before).hasSizeGreaterThan(10);
        assertThat(before.values()).anyMatch(item -> item.expiresAt() != Long.MAX_VALUE);
    }

    @Test
    void putAndFlush() {
        Item item = new Item(1, 1_000, "new", Long.MAX_VALUE);
        runWithFaults("put+flush", db -> {
            items(db).put(item.fields(), PutOptions.id("new"));
            db.flush();
        }, docs -> with(docs, "new", item), Fault.WRITE, Fault.FORCE);
    }

    @Test
    void batchAndFlush() {
        runWithFaults("putBatch+flush", db -> {
            List<Map<String, ?>> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(new Item(i % 4, 2_000 + i, "b" + i, Long.MAX_VALUE).fields());
            }
            List<String> ids = new ArrayList<>(List.of("b0", "b1", "b2", "b3", "b4"));
            items(db).putBatch(batch, doc -> PutOptions.id(ids.remove(0)));
            db.flush();
        }, docs -> {
            Map<String, Item> after = new TreeMap<>(docs);
            for (int i = 0; i < 5; i++) {
                after.put("b" + i, new Item(i % 4, 2_000 + i, "b" + i, Long.MAX_VALUE));
            }
            return after;
        }, Fault.WRITE, Fault.FORCE);
    }

    @Test
    void replaceDeleteBatchAndFlush() {
        List<String> ids = new ArrayList<>(before.keySet()).subList(0, 6);
        Item replacement = new Item(3, 3_000, "replaced", Long.MAX_VALUE);
        runWithFaults("replace+deleteBatch+flush", db -> {
            items(db).replace(ids.get(0), replacement.fields());
            items(db).deleteBatch(ids.subList(1, 6));
            db.flush();
        }, docs -> {
            Map<String, Item> after = with(docs, ids.get(0), replacement);
            ids.subList(1, 6).forEach(after::remove);
            return after;
        }, Fault.WRITE, Fault.FORCE);
    }

    @Test
    void createIndexCompactAndFlush() {
        runWithFaults("createIndex+compact+flush", db -> {
            items(db).createIndex(FaultWorkload.UNIQUE_N_INDEX);
            db.compact();
            db.flush();
        }, UnaryOperator.identity(), Fault.WRITE, Fault.FORCE);
    }

    @Test
    void dropCollectionAndFlush() {
        runWithFaults("dropCollection+flush", db -> {
            db.dropCollection(FaultWorkload.COLLECTION);
            db.flush();
        }, docs -> Map.of(), Fault.WRITE, Fault.FORCE);
    }

    @Test
    void closeWithUnflushedWrites() {
        Item item = new Item(2, 4_000, "at close", Long.MAX_VALUE);
        runWithFaults("close", db -> db.close(), docs -> with(docs, "c", item), Fault.WRITE, Fault.FORCE,
                db -> items(db).put(item.fields(), PutOptions.id("c")));
    }

    @Test
    void openSweepAndClose() {
        // the documents with a TTL have expired by now: the sweep at open removes them
        clock.advance(Duration.ofDays(1));
        runWithFaults("open+close", db -> db.close(), UnaryOperator.identity(), Fault.OPEN, Fault.WRITE, Fault.FORCE);
    }

    private void runWithFaults(String name, Consumer<TetherDB> operation, UnaryOperator<Map<String, Item>> effect,
            Fault... faults) {
        runWithFaults(name, operation, effect, faults[0], faults.length > 1 ? faults[1] : null,
                faults.length > 2 ? faults[2] : null, null);
    }

    private void runWithFaults(String name, Consumer<TetherDB> operation, UnaryOperator<Map<String, Item>> effect,
            Fault first, Fault second, Consumer<TetherDB> setup) {
        runWithFaults(name, operation, effect, first, second, null, setup);
    }

    private void runWithFaults(String name, Consumer<TetherDB> operation, UnaryOperator<Map<String, Item>> effect,
            Fault first, Fault second, Fault third, Consumer<TetherDB> setup) {
        long now = clock.millis();
        Map<String, Item> expectedBefore = FaultWorkload.live(before, now);
        Map<String, Item> expectedAfter = effect.apply(expectedBefore);
        for (Fault fault : new Fault[] {first, second, third}) {
            if (fault == null) {
                continue;
            }
            int failures = 0;
            for (int n = 1; ; n++) {
                assertThat(n).as("%s with fault %s: the operation keeps reaching the fault", name, fault).isLessThan(500);
                Outcome outcome = runOnce(name, operation, setup, fault, n);
                String context = name + " with " + fault + " #" + n + " failing";
                check(outcome.file, expectedBefore, expectedAfter, outcome.succeeded, context + ", file as written");
                check(outcome.powerLost, expectedBefore, expectedAfter, outcome.succeeded,
                        context + ", then a power loss");
                if (!outcome.hit) {
                    assertThat(outcome.succeeded).as(context + ": fault not reached, operation must succeed").isTrue();
                    break;
                }
                failures++;
            }
            if (fault != Fault.OPEN) {
                assertThat(failures).as("%s makes at least one %s", name, fault).isPositive();
            }
        }
    }

    private record Outcome(boolean succeeded, boolean hit, Path file, Path powerLost) {
    }

    private Outcome runOnce(String name, Consumer<TetherDB> operation, Consumer<TetherDB> setup, Fault fault, int n) {
        Path file = directory.resolve("faulty.db");
        Path powerLost = directory.resolve("power-lost.db");
        try {
            Files.copy(base, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (FaultyDisk disk = FaultyDisk.create()) {
                TetherDB db = null;
                boolean succeeded = false;
                boolean hit = false;
                try {
                    if (name.startsWith("open")) {
                        arm(disk, fault, n);
                    }
                    db = FaultWorkload.open(FaultWorkload.options(file, clock), disk.opener());
                    if (setup != null) {
                        setup.accept(db);
                    }
                    if (!name.startsWith("open")) {
                        arm(disk, fault, n);
                    }
                    operation.accept(db);
                    succeeded = true;
                    hit = disk.faultHit();
                    // a fault beyond the operation's own I/O would only fail the close that follows
                    disk.disarm();
                } catch (StoreFailedException e) {
                    assertThat(e).as(name).hasMessageContaining("failed at").hasMessageContaining("Injected failure")
                            .hasMessageContaining("must be closed and reopened");
                    assertThat(db == null || !db.isClosed() || name.endsWith("close")).as(name + ": only close closes").isTrue();
                    if (db != null && !db.isClosed()) {
                        TetherDB failed = db;
                        assertThatExceptionOfType(StoreFailedException.class)
                                .isThrownBy(() -> items(failed).get("anything"))
                                .withMessage(e.getMessage());
                        assertThatExceptionOfType(StoreFailedException.class)
                                .isThrownBy(() -> items(failed).put(Map.of("a", 1)));
                        assertThatExceptionOfType(StoreFailedException.class).isThrownBy(failed::flush);
                        assertThatExceptionOfType(StoreFailedException.class)
                                .isThrownBy(() -> failed.find().toList());
                    }
                } catch (CorruptStoreException e) {
                    fail(name + ": an I/O failure is not a corrupt store", e);
                } catch (TetherException e) {
                    // only opening reports an I/O failure as a plain TetherException
                    assertThat(db).as(name + ": " + e).isNull();
                    assertThat(e).hasMessageContaining(file.getFileName().toString())
                            .hasMessageContaining("Injected failure");
                } finally {
                    if (!succeeded) {
                        hit = disk.faultHit();
                    }
                    if (db != null) {
                        try {
                            db.close();
                        } catch (StoreFailedException e) {
                            assertThat(succeeded).as("close failed after the operation succeeded: " + e).isFalse();
                        }
                    }
                }
                disk.writeImages(disk.moment(), Loss.DROP_UNSYNCED, new Random(n), powerLost);
                return new Outcome(succeeded, hit, file, powerLost);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void arm(FaultyDisk disk, Fault fault, int n) {
        switch (fault) {
            case WRITE -> disk.failWrite(n);
            case FORCE -> disk.failForce(n);
            case OPEN -> disk.failOpen(n);
        }
    }

    private void check(Path file, Map<String, Item> expectedBefore, Map<String, Item> expectedAfter, boolean succeeded,
            String context) {
        Map<String, Item> read;
        try (TetherDB db = TetherDB.open(FaultWorkload.options(file, clock))) {
            read = FaultWorkload.read(db);
        }
        Map<String, Item> readNoExpiry = FaultWorkload.live(read, clock.millis());
        boolean isBefore = same(readNoExpiry, expectedBefore);
        boolean isAfter = same(readNoExpiry, expectedAfter);
        if (succeeded) {
            assertThat(isAfter).as(context + ": holds the operation's result; holds " + read.keySet()).isTrue();
        } else {
            assertThat(isBefore || isAfter).as(context + ": holds the documents from before or after; holds "
                    + read.keySet()).isTrue();
        }
    }

    private static boolean same(Map<String, Item> read, Map<String, Item> expected) {
        if (!read.keySet().equals(expected.keySet())) {
            return false;
        }
        return expected.entrySet().stream().allMatch(e -> {
            Item r = read.get(e.getKey());
            Item x = e.getValue();
            return r.group() == x.group() && r.n() == x.n() && r.text().equals(x.text());
        });
    }

    private static Map<String, Item> with(Map<String, Item> docs, String id, Item item) {
        Map<String, Item> after = new TreeMap<>(docs);
        after.put(id, item);
        return after;
    }

    private static TetherCollection items(TetherDB db) {
        return db.collection(FaultWorkload.COLLECTION);
    }
}
