package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TestPasswords;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.VerifyReport;
import io.tetherdb.document.Document;
import io.tetherdb.error.TetherException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a small store file at many offsets, one damage at a time, and checks that each damaged
 * copy either reads back exactly what was written or fails with a {@link TetherException}
 * (or a {@link VerifyReport} that is not clean) within a deadline: never another exception
 * type, never {@code OutOfMemoryError} or {@code StackOverflowError}, never a hang, and above all
 * never a document or a query result that differs from what was written with no error at all.
 *
 * <p>The store holds two collections (one with a secondary index), documents that expire far in
 * the future, and large documents that are stored compressed. Each damage is one of: a byte
 * replaced by a random value, one to three bits flipped in a byte, or the file truncated. Offsets:
 * every {@code stride} bytes across the whole file, densely over the two file header blocks and the
 * last chunk's end (its footer), and random ones.
 *
 * <p>System properties: {@code tetherdb.corrupt.stride} (default 97 bytes) and
 * {@code tetherdb.corrupt.random} (default 300 random offsets) widen the run, for example
 * {@code -Dtetherdb.corrupt.stride=1 -Dtetherdb.corrupt.random=5000} damages every byte;
 * {@code tetherdb.corrupt.seed} repeats a run; {@code tetherdb.corrupt.deadlineMillis} (default
 * 1000) is how long one open and full read may take.
 */
@ExtendWith(TetherTestExtension.class)
class CorruptFileTests {

    private static final int STRIDE = Integer.getInteger("tetherdb.corrupt.stride", 97);
    private static final int RANDOM_OFFSETS = Integer.getInteger("tetherdb.corrupt.random", 300);
    private static final long SEED = Long.getLong("tetherdb.corrupt.seed", System.nanoTime());
    private static final long DEADLINE_MILLIS = Long.getLong("tetherdb.corrupt.deadlineMillis", 1000);
    /** MVStore's two file header blocks. */
    private static final int HEADER_BYTES = 2 * 4096;

    @TempDir
    static Path dir;

    private static Path original;
    private static byte[] pristine;
    /** What was written: collection name to documents by id. */
    private static final Map<String, Map<String, Document>> WRITTEN = new TreeMap<>();
    private static ExecutorService runner;

    /** Whether the store file is encrypted: set for the run of {@link EncryptedCorruptFileTests}. */
    private static boolean encrypted;

    @BeforeAll
    static void writeStore(TestInfo test) throws IOException {
        encrypted = EncryptedCorruptFileTests.class.equals(test.getTestClass().orElseThrow());
        original = dir.resolve("original.db");
        try (TetherDB db = TestPasswords.encryptedIf(encrypted, TetherDB.builder()).path(original)
                .cleanupInterval(Duration.ZERO).compression(true).compressMinSize(256).flushThreshold(50).open()) {
            TetherCollection people = db.collection("people");
            people.createIndex(IndexDefinition.ascending("age"));
            TetherCollection events = db.collection("events");
            Random random = new Random(42);
            for (int i = 0; i < 300; i++) {
                Document doc = new Document().append("name", "person " + i).append("age", i % 90)
                        .append("score", random.nextDouble()).append("active", i % 3 == 0)
                        .append("address", new Document().append("city", "city" + i % 17).append("zip", 10_000 + i))
                        .append("tags", List.of("t" + i % 5, "all"));
                if (i % 25 == 0) {
                    // large and compressible: stored compressed
                    doc.append("bio", ("person " + i + " likes long walks. ").repeat(40));
                }
                PutOptions options = PutOptions.id(String.format("p%04d", i));
                if (i % 10 == 0) {
                    options = options.ttl(Duration.ofDays(3650));
                }
                people.put(doc, options);
            }
            for (int i = 0; i < 120; i++) {
                events.put(new Document().append("kind", "e" + i % 4).append("at", 1_700_000_000_000L + i)
                        .append("payload", List.of(i, (long) i * 1_000_000_000L, "x" + i)),
                        PutOptions.id(String.format("e%04d", i)));
            }
            db.flush();
            for (String name : List.of("people", "events")) {
                Map<String, Document> docs = new TreeMap<>();
                for (Document d : db.collection(name).find().toList()) {
                    docs.put(d.getString("_id"), d);
                }
                WRITTEN.put(name, docs);
            }
        }
        pristine = Files.readAllBytes(original);
        runner = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "corrupt-file-reader");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void stopRunner() {
        runner.shutdownNow();
    }

    @Test
    void undamagedCopyReadsBackEverything() throws Exception {
        Path copy = dir.resolve("undamaged.db");
        Files.write(copy, pristine);
        assertThat(WRITTEN.get("people")).hasSize(300);
        assertThat(WRITTEN.get("events")).hasSize(120);
        assertThat(openAndRead(copy)).isEqualTo(Outcome.CORRECT);
    }

    @Test
    void flippedBytesNeverYieldWrongDataOrUntypedErrors() throws Exception {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        Map<Outcome, Integer> outcomes = new TreeMap<>();
        for (int offset : offsets(random)) {
            byte[] damaged = pristine.clone();
            int choice = random.nextInt(3);
            String what;
            if (choice == 0) {
                byte value;
                do {
                    value = (byte) random.nextInt(256);
                } while (value == damaged[offset]);
                damaged[offset] = value;
                what = "byte at " + offset + " set to " + (value & 0xFF);
            } else {
                int mask = 0;
                for (int bits = 1 + random.nextInt(3); Integer.bitCount(mask) < bits;) {
                    mask |= 1 << random.nextInt(8);
                }
                damaged[offset] ^= (byte) mask;
                what = "bits " + Integer.toBinaryString(mask) + " flipped at " + offset;
            }
            check(damaged, what, failures, outcomes);
        }
        assertThat(failures).as("seed " + SEED + ", outcomes " + outcomes).isEmpty();
    }

    @Test
    void truncatedFilesNeverYieldWrongDataOrUntypedErrors() throws Exception {
        Random random = new Random(SEED + 1);
        List<String> failures = new ArrayList<>();
        Map<Outcome, Integer> outcomes = new TreeMap<>();
        for (int offset : offsets(random)) {
            if (offset == 0 || encrypted && offset == EncryptionHeader.LENGTH) {
                // an empty file is a new store, as in SQLite: nothing to check here; so is an encrypted
                // file of its encryption header alone
                continue;
            }
            byte[] damaged = java.util.Arrays.copyOf(pristine, offset);
            check(damaged, "truncated to " + offset + " bytes", failures, outcomes);
        }
        assertThat(failures).as("seed " + SEED + ", outcomes " + outcomes).isEmpty();
    }

    /** Every stride bytes, the header blocks and the file's last block more densely, and random ones. */
    private static TreeSet<Integer> offsets(Random random) {
        TreeSet<Integer> offsets = new TreeSet<>();
        // the encrypted run damages a third as many places: the plain run covers MVStore's structures
        // densely, and every encrypted sector goes through the same layer
        int stride = encrypted ? STRIDE * 3 : STRIDE;
        int randomOffsets = encrypted ? RANDOM_OFFSETS / 3 : RANDOM_OFFSETS;
        for (int i = 0; i < pristine.length; i += stride) {
            offsets.add(i);
        }
        int headerStride = Math.max(1, Math.min(STRIDE, 41));
        // an encrypted file's own header comes first, then MVStore's two
        int headerBytes = encrypted ? HEADER_BYTES + 4096 : HEADER_BYTES;
        for (int i = 0; i < Math.min(headerBytes, pristine.length); i += headerStride) {
            offsets.add(i);
            offsets.add(Math.min(pristine.length - 1, i + 1 + random.nextInt(headerStride)));
        }
        for (int i = Math.max(0, pristine.length - 512); i < pristine.length; i += Math.max(1, Math.min(STRIDE, 7))) {
            offsets.add(i);
        }
        for (int i = 0; i < randomOffsets; i++) {
            offsets.add(random.nextInt(pristine.length));
        }
        return offsets;
    }

    private void check(byte[] damaged, String what, List<String> failures, Map<Outcome, Integer> outcomes)
            throws IOException, InterruptedException {
        Path copy = dir.resolve("damaged.db");
        Files.deleteIfExists(copy);
        Files.write(copy, damaged);
        Outcome outcome;
        try {
            outcome = openAndRead(copy);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SilentlyWrongException wrong) {
                failures.add(what + ": " + wrong.getMessage());
                outcome = Outcome.WRONG;
            } else {
                failures.add(what + ": " + describe(e.getCause()));
                outcome = Outcome.UNTYPED_ERROR;
            }
        } catch (TimeoutException e) {
            failures.add(what + ": no answer within " + DEADLINE_MILLIS + " ms");
            outcome = Outcome.HANG;
        }
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private static String describe(Throwable e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        String text = trace.toString();
        return text.substring(0, Math.min(text.length(), 1500));
    }

    /**
     * Opens a damaged copy and reads all of it in another thread, within the deadline.
     *
     * @throws ExecutionException if data came back wrong with no error (caused by
     *         {@link SilentlyWrongException}) or something other than a TetherException was thrown
     */
    private static Outcome openAndRead(Path file) throws InterruptedException, ExecutionException, TimeoutException {
        Future<Outcome> result = runner.submit(() -> {
            TetherDB db;
            try {
                db = TestPasswords.encryptedIf(encrypted, TetherDB.builder()).path(file)
                        .cleanupInterval(Duration.ZERO).open();
            } catch (TetherException e) {
                return Outcome.REFUSED_TO_OPEN;
            }
            try (db) {
                return readAll(db);
            } catch (TetherException e) {
                return Outcome.TYPED_ERROR;
            }
        });
        try {
            return result.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw e;
        }
    }

    /** Reads everything; returns how it went, or throws SilentlyWrongException. */
    private static Outcome readAll(TetherDB db) {
        VerifyReport report = db.verify();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Map<String, Document>> collection : WRITTEN.entrySet()) {
            TetherCollection c = db.collection(collection.getKey());
            Map<String, Document> expected = collection.getValue();
            for (Map.Entry<String, Document> e : expected.entrySet()) {
                Document actual = c.get(e.getKey()).orElse(null);
                if (!e.getValue().equals(actual)) {
                    wrong.add(collection.getKey() + "/" + e.getKey() + " read back as " + actual);
                }
            }
            Map<String, Document> scanned = new LinkedHashMap<>();
            for (Document d : c.find().toList()) {
                scanned.put(String.valueOf(d.get("_id")), d);
            }
            if (!scanned.equals(expected)) {
                wrong.add(collection.getKey() + ": a full scan returned " + scanned.size() + " documents, "
                        + difference(expected, scanned));
            }
            if (c.count() != expected.size()) {
                wrong.add(collection.getKey() + ": count() is " + c.count() + ", not " + expected.size());
            }
        }
        TetherCollection people = db.collection("people");
        for (int age : new int[] {0, 7, 44, 89}) {
            TreeMap<String, Document> expected = new TreeMap<>();
            for (Document d : WRITTEN.get("people").values()) {
                if (d.get("age").equals(age)) {
                    expected.put(d.getString("_id"), d);
                }
            }
            TreeMap<String, Document> found = new TreeMap<>();
            for (Document d : people.find(Filters.eq("age", age)).toList()) {
                found.put(String.valueOf(d.get("_id")), d);
            }
            if (!found.equals(expected)) {
                wrong.add("people {age: " + age + "} through the index: " + difference(expected, found));
            }
        }
        if (!report.isClean()) {
            return Outcome.VERIFY_REPORTED;
        }
        if (!wrong.isEmpty()) {
            throw new SilentlyWrongException("silently wrong, verify clean: " + wrong.subList(0, Math.min(3, wrong.size())));
        }
        return Outcome.CORRECT;
    }

    private static String difference(Map<String, Document> expected, Map<String, Document> actual) {
        List<String> notes = new ArrayList<>();
        for (String id : expected.keySet()) {
            if (!actual.containsKey(id)) {
                notes.add("missing " + id);
            } else if (!expected.get(id).equals(actual.get(id))) {
                notes.add("changed " + id + ": " + actual.get(id));
            }
        }
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id)) {
                notes.add("unexpected " + id);
            }
        }
        return notes.subList(0, Math.min(3, notes.size())) + (notes.size() > 3 ? " and " + (notes.size() - 3) + " more" : "");
    }

    /** Data read back differs from what was written, and nothing said so. */
    private static final class SilentlyWrongException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SilentlyWrongException(String message) {
            super(message);
        }
    }

    private enum Outcome {
        CORRECT, REFUSED_TO_OPEN, TYPED_ERROR, VERIFY_REPORTED, WRONG, UNTYPED_ERROR, HANG
    }
}
