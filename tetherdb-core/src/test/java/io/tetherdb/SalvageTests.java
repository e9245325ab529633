package io.tetherdb;

import static io.tetherdb.SalvageCheck.contents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.tetherdb.SalvageCheck.Outcome;
import io.tetherdb.document.Document;
import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.StoreLockedException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.TargetExistsException;
import io.tetherdb.error.TetherException;
import io.tetherdb.index.IndexDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TetherDB#salvage(Path, Path, CopyOptions)} on the damaged files of the reliability suite's
 * corrupt-file corpus ({@code CorruptFileTests}: the same store shape, one replaced byte or a
 * truncation at a time): the new store holds only documents exactly as written, and a document
 * missing from it is always accounted for in the report.
 */
@ExtendWith(TetherTestExtension.class)
class SalvageTests {

    private static final int STRIDE = Integer.getInteger("tetherdb.salvage.stride", 509);

    @TempDir
    Path dir;

    private Path original;
    private byte[] pristine;
    private final Map<String, Map<String, Document>> written = new TreeMap<>();

    @BeforeEach
    void writeStore() throws IOException {
        original = dir.resolve("original.db");
        try (TetherDB db = TetherDB.builder().path(original).cleanupInterval(Duration.ZERO)
                .compression(true).compressMinSize(256).flushThreshold(50).open()) {
            TetherCollection people = db.collection("people");
            people.createIndex(IndexDefinition.ascending("age"));
            TetherCollection events = db.collection("events");
            for (int i = 0; i < 300; i++) {
                Document doc = new Document().append("name", "person " + i).append("age", i % 90)
                        .append("tags", List.of("t" + i % 5, "all"));
                if (i % 25 == 0) {
                    doc.append("bio", ("person " + i + " likes long walks. ").repeat(40));
                }
                PutOptions options = PutOptions.id(String.format("p%04d", i));
                if (i % 10 == 0) {
                    options = options.ttl(Duration.ofDays(3650));
                }
                people.put(doc, options);
            }
            for (int i = 0; i < 120; i++) {
                events.put(new Document().append("kind", "e" + i % 4).append("payload", List.of(i, "x" + i)),
                        PutOptions.id(String.format("e%04d", i)));
            }
            db.flush();
            for (String name : List.of("people", "events")) {
                written.put(name, contents(db, name));
            }
        }
        pristine = Files.readAllBytes(original);
    }

    @Test
    void anUndamagedStoreIsSalvagedWhole() {
        Path target = dir.resolve("salvaged.db");
        SalvageReport report = TetherDB.salvage(original, target, CopyOptions.defaults());
        assertThat(report.isComplete()).as(report.toString()).isTrue();
        assertThat(report.recovered()).isEqualTo(420);
        assertThat(report.collections().get("people").recovered()).isEqualTo(300);
        try (TetherDB db = TetherDB.builder().path(target).readOnly(true).open()) {
            VerifyReport verify = db.verify();
            assertThat(verify.isClean()).isTrue();
            assertThat(verify.expiryEntries()).isEqualTo(30);
            assertThat(db.collection("people").listIndexes()).extracting(s -> s.definition().name())
                    .containsExactly("age_1");
            for (String name : written.keySet()) {
                assertThat(contents(db, name)).isEqualTo(written.get(name));
            }
        }
    }

    @Test
    void damagedFilesYieldOnlyDocumentsAsWrittenAndReportEveryLoss() throws IOException {
        Random random = new Random(7);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        List<String> failures = new ArrayList<>();
        int refusedByOpenButSalvaged = 0;
        for (int offset = 0; offset < pristine.length; offset += STRIDE) {
            byte[] damaged = pristine.clone();
            damaged[offset] = (byte) (damaged[offset] ^ (1 + random.nextInt(255)));
            Outcome outcome = salvage(damaged, "byte " + offset, failures);
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome != Outcome.NOTHING_READABLE && refusesToOpen(damaged)) {
                refusedByOpenButSalvaged++;
            }
        }
        for (int length : new int[] {pristine.length / 3, pristine.length / 2, pristine.length - 100}) {
            outcomes.merge(salvage(Arrays.copyOf(pristine, length), "truncated to " + length, failures), 1,
                    Integer::sum);
        }
        System.out.println("salvage of damaged copies: " + outcomes + ", " + refusedByOpenButSalvaged
                + " that a normal open refuses were salvaged");
        assertThat(failures).isEmpty();
        assertThat(outcomes.getOrDefault(Outcome.WHOLE, 0)).isPositive();
        assertThat(refusedByOpenButSalvaged).as("damaged files a normal open refuses, salvaged").isPositive();
    }

    @Test
    void aFileThatIsMissingADirectoryOrOpenIsRefused() throws IOException {
        assertThatExceptionOfType(StoreNotFoundException.class)
                .isThrownBy(() -> TetherDB.salvage(dir.resolve("nope.db"), dir.resolve("t.db"), CopyOptions.defaults()))
                .withMessageContaining("does not exist");
        assertThatExceptionOfType(StoreNotFoundException.class)
                .isThrownBy(() -> TetherDB.salvage(dir, dir.resolve("t.db"), CopyOptions.defaults()))
                .withMessageContaining("is a directory");
        try (TetherDB db = TetherDB.open(original)) {
            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.salvage(original, dir.resolve("t.db"), CopyOptions.defaults()));
        }
        Files.writeString(dir.resolve("t.db"), "mine");
        assertThatExceptionOfType(TargetExistsException.class)
                .isThrownBy(() -> TetherDB.salvage(original, dir.resolve("t.db"), CopyOptions.defaults()));
        assertThat(Files.readString(dir.resolve("t.db"))).isEqualTo("mine");
        Path garbage = dir.resolve("garbage.db");
        Files.writeString(garbage, "not a store at all ".repeat(500));
        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> TetherDB.salvage(garbage, dir.resolve("g.db"), CopyOptions.defaults()))
                .withMessageContaining("nothing can be salvaged");
        assertThat(dir.resolve("g.db")).doesNotExist();
    }

    private Outcome salvage(byte[] damaged, String what, List<String> failures) throws IOException {
        return SalvageCheck.salvage(dir, damaged, what, written,
                (copy, target) -> TetherDB.salvage(copy, target, CopyOptions.defaults()),
                target -> TetherDB.builder().path(target).readOnly(true).open(), failures);
    }

    /** @return whether a normal open and full read of the damaged file fails */
    private boolean refusesToOpen(byte[] damaged) throws IOException {
        Path copy = dir.resolve("opened.db");
        Files.deleteIfExists(copy);
        Files.write(copy, damaged);
        try (TetherDB db = TetherDB.builder().path(copy).readOnly(true).open()) {
            for (String name : written.keySet()) {
                contents(db, name);
            }
            return !db.verify().isClean();
        } catch (TetherException e) {
            return true;
        }
    }
}
