package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.internal.store.StoreSettings;

/**
 * A seeded random workload on one collection for the power-loss and I/O-fault suites: puts with
 * custom ids (some with a TTL), replaces, deletes, batches, flushes, clock moves with cleanups,
 * compactions and the creation and removal of a unique index, next to a permanent index on
 * {@code group}. It keeps a model of the documents the collection holds after each operation, and
 * checks a reopened store against it: {@code verify()} must be clean, the live documents must be
 * exactly those of one state in the model's history, and the indexes must find exactly the
 * documents a scan finds.
 *
 * <p>Not thread-safe: one workload runs on one thread.
 */
final class FaultWorkload {

    static final String COLLECTION = "items";
    static final IndexDefinition GROUP_INDEX = IndexDefinition.ascending("group");
    static final IndexDefinition UNIQUE_N_INDEX = IndexDefinition.ascending("n").unique();

    /** A stored document: its fields, and when it expires (Long.MAX_VALUE for never). */
    record Item(long group, long n, String text, long expiresAt) {

        Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("group", group);
            fields.put("n", n);
            fields.put("text", text);
            return fields;
        }

        PutOptions options(String id) {
            PutOptions options = id == null ? PutOptions.defaults() : PutOptions.id(id);
            return expiresAt == Long.MAX_VALUE ? options : options.expireAt(java.time.Instant.ofEpochMilli(expiresAt));
        }
    }

    private final Random random;
    private final MutableClock clock;
    private final TreeMap<String, Item> state = new TreeMap<>();
    private final List<Map<String, Item>> history = new ArrayList<>();
    private final List<String> descriptions = new ArrayList<>();
    private long nextId;
    private long nextN;

    FaultWorkload(long seed, MutableClock clock) {
        this.random = new Random(seed);
        this.clock = clock;
        history.add(Map.of());
        descriptions.add("(empty)");
    }

    static TetherOptions options(java.nio.file.Path file, MutableClock clock) {
        // small commits, and no timed commits or sweeps: the operations alone decide what is written
        return TetherDB.builder().path(file).clock(clock).flushThreshold(4).flushInterval(Duration.ZERO)
                .cleanupInterval(Duration.ZERO).options();
    }

    static TetherDB open(TetherOptions options, Function<StoreSettings, StoreEngine> opener) {
        return TetherDB.open(options, opener);
    }

    /** @return how many operations ran; history(i) is the state after the i-th */
    int operations() {
        return history.size() - 1;
    }

    Map<String, Item> history(int operation) {
        return history.get(operation);
    }

    String description(int operation) {
        return descriptions.get(operation);
    }

    /** Records the state after an operation run outside {@link #step}, such as a setup. */
    void record(String description) {
        history.add(Collections.unmodifiableMap(new TreeMap<>(state)));
        descriptions.add(description);
    }

    /**
     * Runs one random operation and records the state after it.
     *
     * @return whether the operation was a flush (so that every earlier operation is durable)
     */
    boolean step(TetherDB db) {
        TetherCollection items = db.collection(COLLECTION);
        int dice = random.nextInt(100);
        String description;
        boolean flush = false;
        if (dice < 28 || state.size() < 3) {
            String id = newId();
            Item item = newItem();
            items.put(item.fields(), item.options(id));
            state.put(id, item);
            description = "put " + id;
        } else if (dice < 42) {
            String id = existingId();
            Item item = newItem();
            assertThat(items.replace(id, item.fields(), item.options(null))).as("replace %s", id).isTrue();
            state.put(id, item);
            description = "replace " + id;
        } else if (dice < 50) {
            String id = existingId();
            assertThat(items.delete(id)).isEqualTo(1);
            state.remove(id);
            description = "delete " + id;
        } else if (dice < 64) {
            Map<String, Item> batch = new LinkedHashMap<>();
            for (int i = 2 + random.nextInt(5); i > 0; i--) {
                batch.put(newId(), newItem());
            }
            List<Map<String, ?>> documents = new ArrayList<>();
            Map<Map<String, ?>, PutOptions> options = new java.util.IdentityHashMap<>();
            batch.forEach((id, item) -> {
                Map<String, Object> fields = item.fields();
                documents.add(fields);
                options.put(fields, item.options(id));
            });
            items.putBatch(documents, options::get);
            state.putAll(batch);
            description = "putBatch " + batch.keySet();
        } else if (dice < 71) {
            List<String> ids = new ArrayList<>();
            for (int i = 2 + random.nextInt(3); i > 0 && ids.size() < state.size(); i--) {
                String id = existingId();
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            assertThat(items.deleteBatch(ids)).isEqualTo(ids.size());
            ids.forEach(state::remove);
            description = "deleteBatch " + ids;
        } else if (dice < 84) {
            db.flush();
            flush = true;
            description = "flush";
        } else if (dice < 91) {
            clock.advance(Duration.ofSeconds(2 + random.nextInt(8)));
            long now = clock.millis();
            long expired = state.values().stream().filter(item -> item.expiresAt() <= now).count();
            assertThat(db.cleanup()).isEqualTo((int) expired);
            state.values().removeIf(item -> item.expiresAt() <= now);
            description = "cleanup of " + expired + " at " + now;
        } else if (dice < 95) {
            db.compact();
            description = "compact";
        } else {
            if (items.listIndexes().stream().anyMatch(index -> index.definition().isUnique())) {
                assertThat(items.dropIndex(UNIQUE_N_INDEX.name())).isTrue();
                description = "dropIndex " + UNIQUE_N_INDEX.name();
            } else {
                assertThat(items.createIndex(UNIQUE_N_INDEX)).isTrue();
                description = "createIndex " + UNIQUE_N_INDEX.name();
            }
        }
        record(description);
        return flush;
    }

    private String newId() {
        return "d" + nextId++;
    }

    private String existingId() {
        long now = clock.millis();
        List<String> live = state.entrySet().stream().filter(e -> e.getValue().expiresAt() > now)
                .map(Map.Entry::getKey).toList();
        List<String> from = live.isEmpty() ? new ArrayList<>(state.keySet()) : live;
        return from.get(random.nextInt(from.size()));
    }

    private Item newItem() {
        // texts from empty to a few kilobytes: some stored compressed, some spanning pages
        int length = random.nextInt(10) == 0 ? 1000 + random.nextInt(3000) : random.nextInt(300);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(random.nextBoolean() ? 3 : 26)));
        }
        long expiresAt = random.nextInt(4) == 0
                ? clock.millis() + 1_000 + random.nextInt(30_000) : Long.MAX_VALUE;
        return new Item(random.nextInt(4), nextN++, text.toString(), expiresAt);
    }

    // ---- checking a reopened store

    /** @return the documents of a state that are live at a time */
    static Map<String, Item> live(Map<String, Item> state, long now) {
        Map<String, Item> live = new TreeMap<>();
        state.forEach((id, item) -> {
            if (item.expiresAt() > now) {
                live.put(id, item);
            }
        });
        return live;
    }

    /**
     * Reads the collection of a reopened store, checking on the way that {@link TetherDB#verify()}
     * is clean and that every index finds exactly the documents a scan finds.
     *
     * @return the live documents by id, as items (expiry unknown: Long.MAX_VALUE)
     */
    static Map<String, Item> read(TetherDB db) {
        VerifyReport report = db.verify();
        assertThat(report.isClean()).as("verify() of the reopened store: %s", report).isTrue();
        TetherCollection items = db.collection(COLLECTION);
        Map<String, Item> read = new TreeMap<>();
        for (Document document : items.find().toList()) {
            read.put(document.getId(), new Item(((Number) document.get("group")).longValue(),
                    ((Number) document.get("n")).longValue(), document.getString("text"), Long.MAX_VALUE));
        }
        assertThat(items.count()).as("count()").isEqualTo(read.size());
        for (long group = 0; group < 4; group++) {
            long g = group;
            List<String> byIndex = items.find(io.tetherdb.query.Filters.eq("group", group)).toList().stream()
                    .map(Document::getId).sorted().toList();
            assertThat(byIndex).as("documents of group %d found through the index", group)
                    .isEqualTo(read.entrySet().stream().filter(e -> e.getValue().group() == g)
                            .map(Map.Entry::getKey).sorted().toList());
        }
        List<String> byN = items.find(io.tetherdb.query.Filters.gte("n", 0)).toList().stream()
                .map(Document::getId).sorted().toList();
        assertThat(byN).as("documents found through the unique index on n, if it exists")
                .isEqualTo(new ArrayList<>(read.keySet()));
        return read;
    }

    /**
     * Finds the operations after which the model held exactly the documents read back.
     *
     * @param read the documents read from a reopened store
     * @param now the reopened store's time
     * @param from the first operation that may match
     * @param to the last operation that may match
     * @return the matching operations, possibly none
     */
    List<Integer> matchingStates(Map<String, Item> read, long now, int from, int to) {
        List<Integer> matches = new ArrayList<>();
        for (int operation = from; operation <= to; operation++) {
            if (sameDocuments(live(history.get(operation), now), read)) {
                matches.add(operation);
            }
        }
        return matches;
    }

    private static boolean sameDocuments(Map<String, Item> expected, Map<String, Item> read) {
        if (!expected.keySet().equals(read.keySet())) {
            return false;
        }
        for (Map.Entry<String, Item> entry : expected.entrySet()) {
            Item e = entry.getValue();
            Item r = read.get(entry.getKey());
            if (e.group() != r.group() || e.n() != r.n() || !e.text().equals(r.text())) {
                return false;
            }
        }
        return true;
    }
}
