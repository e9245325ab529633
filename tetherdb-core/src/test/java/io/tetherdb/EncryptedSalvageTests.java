package io.tetherdb;

import static io.tetherdb.SalvageCheck.contents;
import static io.tetherdb.TestPasswords.FAST;
import static io.tetherdb.TestPasswords.otherPassword;
import static io.tetherdb.TestPasswords.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import io.tetherdb.error.PasswordRequiredException;
import io.tetherdb.error.StoreNotEncryptedException;
import io.tetherdb.error.WrongPasswordException;
import io.tetherdb.index.IndexDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TetherDB#salvage(Path, Path, char[], CopyOptions)} on damaged encrypted files (one replaced
 * byte in an encrypted sector at a time, or a truncation): what decrypts and checks out is
 * recovered, every loss is reported, and the new store is encrypted with the same password and cost.
 */
@ExtendWith(TetherTestExtension.class)
class EncryptedSalvageTests {

    /** The encryption header, then MVStore's two file headers; damage past them is the salvage's to read around. */
    private static final int FIRST_DATA_BYTE = 3 * 4096;

    @TempDir
    Path dir;

    private Path original;
    private byte[] pristine;
    private final Map<String, Map<String, Document>> written = new TreeMap<>();

    @BeforeEach
    void writeStore() throws IOException {
        original = dir.resolve("original.db");
        try (TetherDB db = TetherDB.builder().path(original).cleanupInterval(Duration.ZERO)
                .encryption(password(), FAST).flushThreshold(50).open()) {
            TetherCollection people = db.collection("people");
            people.createIndex(IndexDefinition.ascending("age"));
            for (int i = 0; i < 200; i++) {
                Document doc = new Document().append("name", "person " + i).append("age", i % 90);
                if (i % 25 == 0) {
                    doc.append("bio", ("person " + i + " likes long walks. ").repeat(40));
                }
                PutOptions options = PutOptions.id(String.format("p%04d", i));
                if (i % 10 == 0) {
                    options = options.ttl(Duration.ofDays(3650));
                }
                people.put(doc, options);
            }
            TetherCollection events = db.collection("events");
            for (int i = 0; i < 80; i++) {
                events.put(new Document().append("kind", "e" + i % 4), PutOptions.id(String.format("e%04d", i)));
            }
            db.flush();
            for (String name : List.of("people", "events")) {
                written.put(name, contents(db, name));
            }
        }
        pristine = Files.readAllBytes(original);
    }

    @Test
    void anUndamagedEncryptedStoreIsSalvagedWholeIntoAStoreWithTheSamePasswordAndCost() throws IOException {
        Path target = dir.resolve("salvaged.db");
        char[] given = password();

        SalvageReport report = TetherDB.salvage(original, target, given, CopyOptions.defaults());

        assertThat(report.isComplete()).as(report.toString()).isTrue();
        assertThat(report.recovered()).isEqualTo(280);
        assertThat(given).containsOnly('\0');
        byte[] salvaged = Files.readAllBytes(target);
        // magic, formats and Argon2id cost are the first 48 bytes, the salt the next 16
        assertThat(Arrays.copyOf(salvaged, 48)).isEqualTo(Arrays.copyOf(pristine, 48));
        assertThat(Arrays.copyOfRange(salvaged, 48, 64)).isNotEqualTo(Arrays.copyOfRange(pristine, 48, 64));
        assertThat(new String(salvaged, StandardCharsets.ISO_8859_1)).doesNotContain("person 1", "likes long walks");
        assertThatExceptionOfType(PasswordRequiredException.class)
                .isThrownBy(() -> TetherDB.builder().path(target).readOnly(true).open());
        try (TetherDB db = TetherDB.builder().path(target).readOnly(true).encryption(password()).open()) {
            VerifyReport verify = db.verify();
            assertThat(verify.isClean()).as(verify.toString()).isTrue();
            assertThat(verify.expiryEntries()).isEqualTo(20);
            assertThat(db.collection("people").listIndexes()).extracting(s -> s.definition().name())
                    .containsExactly("age_1");
            for (String name : written.keySet()) {
                assertThat(contents(db, name)).isEqualTo(written.get(name));
            }
        }
    }

    @Test
    void damagedEncryptedFilesYieldOnlyDocumentsAsWrittenAndReportEveryLoss() throws IOException {
        Random random = new Random(11);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        List<String> failures = new ArrayList<>();
        for (int offset = FIRST_DATA_BYTE; offset < pristine.length; offset += 1531) {
            byte[] damaged = pristine.clone();
            damaged[offset] = (byte) (damaged[offset] ^ (1 + random.nextInt(255)));
            outcomes.merge(salvage(damaged, "byte " + offset, failures), 1, Integer::sum);
        }
        for (int length : new int[] {pristine.length / 2, pristine.length - 100, pristine.length - 4096}) {
            outcomes.merge(salvage(Arrays.copyOf(pristine, length), "truncated to " + length, failures), 1,
                    Integer::sum);
        }
        System.out.println("salvage of damaged encrypted copies: " + outcomes);
        assertThat(failures).isEmpty();
        assertThat(outcomes.getOrDefault(Outcome.WHOLE, 0)).isPositive();
        assertThat(outcomes.getOrDefault(Outcome.PARTIAL_AND_REPORTED, 0)).isPositive();
    }

    @Test
    void aWrongOrMissingPasswordIsRefusedBeforeTheTargetIsWritten() throws IOException {
        Path target = dir.resolve("salvaged.db");

        assertThatExceptionOfType(WrongPasswordException.class)
                .isThrownBy(() -> TetherDB.salvage(original, target, otherPassword(), CopyOptions.defaults()));
        assertThatExceptionOfType(PasswordRequiredException.class)
                .isThrownBy(() -> TetherDB.salvage(original, target, CopyOptions.defaults()))
                .withMessageContaining("the file is encrypted and no password was given");
        assertThat(target).doesNotExist();
        assertThat(Files.readAllBytes(original)).isEqualTo(pristine);

        Path plain = dir.resolve("plain.db");
        try (TetherDB db = TetherDB.open(plain)) {
            db.put(Map.of("_id", "a"));
        }
        assertThatExceptionOfType(StoreNotEncryptedException.class)
                .isThrownBy(() -> TetherDB.salvage(plain, target, password(), CopyOptions.defaults()));
        assertThat(target).doesNotExist();
    }

    @Test
    void aDamagedEncryptionHeaderLeavesNothingToSalvage() throws IOException {
        Path damaged = dir.resolve("damaged.db");
        byte[] bytes = pristine.clone();
        bytes[52] ^= 0x40;
        Files.write(damaged, bytes);

        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> TetherDB.salvage(damaged, dir.resolve("t.db"), password(), CopyOptions.defaults()))
                .withMessageContaining("nothing can be salvaged")
                .withMessageContaining("encryption header is damaged");
        assertThat(dir.resolve("t.db")).doesNotExist();
    }

    @Test
    void aPlainOrDifferentlyKeyedTargetIsWrittenOnlyWhenAskedFor() {
        Path plain = dir.resolve("plain.db");
        Path rekeyed = dir.resolve("rekeyed.db");

        SalvageReport toPlain = TetherDB.salvage(original, plain, password(), null, null, CopyOptions.defaults());
        SalvageReport toOther = TetherDB.salvage(original, rekeyed, password(), otherPassword(), FAST,
                CopyOptions.defaults());

        assertThat(toPlain.recovered()).isEqualTo(280);
        assertThat(toOther.recovered()).isEqualTo(280);
        try (TetherDB db = TetherDB.builder().path(plain).readOnly(true).open()) {
            assertThat(contents(db, "events")).isEqualTo(written.get("events"));
        }
        try (TetherDB db = TetherDB.builder().path(rekeyed).readOnly(true).encryption(otherPassword()).open()) {
            assertThat(contents(db, "people")).isEqualTo(written.get("people"));
        }
    }

    private Outcome salvage(byte[] damaged, String what, List<String> failures) throws IOException {
        return SalvageCheck.salvage(dir, damaged, what, written,
                (copy, target) -> TetherDB.salvage(copy, target, password(), CopyOptions.defaults()),
                target -> TetherDB.builder().path(target).readOnly(true).encryption(password()).open(), failures);
    }
}
