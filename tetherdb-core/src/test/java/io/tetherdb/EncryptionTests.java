package io.tetherdb;

import static io.tetherdb.TestPasswords.FAST;
import static io.tetherdb.TestPasswords.otherPassword;
import static io.tetherdb.TestPasswords.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.PasswordRequiredException;
import io.tetherdb.error.StoreEncryptionException;
import io.tetherdb.error.StoreNotEncryptedException;
import io.tetherdb.error.WrongPasswordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Encryption at rest through the public API: opening, refusing, re-keying and what is on the disk. */
@ExtendWith(TetherTestExtension.class)
class EncryptionTests {

    @TempDir
    Path directory;

    private TetherDB openEncrypted(Path file, char[] password) {
        return TetherDB.builder().path(file).encryption(password, FAST).open();
    }

    private Path encryptedStore(String name) {
        Path file = directory.resolve(name);
        try (TetherDB db = openEncrypted(file, password())) {
            db.put(Map.of("_id", "patient-1", "diagnosis", "hypertension", "ssn", "078-05-1120"));
            db.collection("billing").put(Map.of("cardNumber", "4111111111111111"));
            db.collection("billing").createIndex("{cardNumber: 1}");
        }
        return file;
    }

    @Test
    void anEncryptedStoreReopensWithItsPassword() {
        Path file = encryptedStore("a.db");

        try (TetherDB db = openEncrypted(file, password())) {
            assertThat(db.isEncrypted()).isTrue();
            assertThat(db.get("patient-1").orElseThrow().getString("diagnosis")).isEqualTo("hypertension");
            assertThat(db.collection("billing").query("{cardNumber: '4111111111111111'}"))
                    .hasSize(1);
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    @Test
    void theFileHoldsNoFieldNameOrValueInTheClear() throws IOException {
        Path encrypted = encryptedStore("secret.db");
        Path plain = directory.resolve("plain.db");
        try (TetherDB db = TetherDB.builder().path(plain).compression(false).open()) {
            db.put(Map.of("_id", "patient-1", "diagnosis", "hypertension", "ssn", "078-05-1120"));
            db.collection("billing").put(Map.of("cardNumber", "4111111111111111"));
        }
        List<String> secrets = List.of("patient-1", "diagnosis", "hypertension", "ssn", "078-05-1120", "billing",
                "cardNumber", "4111111111111111");

        // the same search finds every one of them in a plain file, so it can fail
        assertThat(occurring(plain, secrets)).containsExactlyElementsOf(secrets);
        assertThat(occurring(encrypted, secrets)).isEmpty();
        assertThat(occurring(encrypted, List.of("H:2", "chunk:", "tetherdb"))).as("MVStore's own headers").isEmpty();
    }

    private static List<String> occurring(Path file, List<String> needles) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String asLatin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        for (String needle : needles) {
            // ASCII in the codec's UTF-8, and in UTF-16 too, as Java serialization would write it
            String utf16 = new String(needle.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1);
            if (asLatin1.contains(needle) || asLatin1.contains(utf16)) {
                found.add(needle);
            }
        }
        return found;
    }

    @Test
    void aWrongPasswordIsRefusedAndTheFileIsUnchanged() throws Exception {
        Path file = encryptedStore("a.db");
        String before = sha256(file);

        assertThatExceptionOfType(WrongPasswordException.class)
                .isThrownBy(() -> openEncrypted(file, otherPassword()))
                .withMessageContaining(file.getFileName().toString())
                .withMessageContaining("the password is wrong");
        assertThatExceptionOfType(WrongPasswordException.class)
                .isThrownBy(() -> TetherDB.builder().path(file).readOnly(true).encryption(otherPassword()).open());

        assertThat(sha256(file)).isEqualTo(before);
        try (TetherDB db = openEncrypted(file, password())) {
            assertThat(db.get("patient-1")).isPresent();
        }
    }

    @Test
    void anEncryptedFileOpenedWithoutAPasswordIsRefusedAndUnchanged() throws Exception {
        Path file = encryptedStore("a.db");
        String before = sha256(file);

        assertThatExceptionOfType(PasswordRequiredException.class)
                .isThrownBy(() -> TetherDB.open(file))
                .withMessageContaining("the file is encrypted and no password was given");
        assertThatExceptionOfType(PasswordRequiredException.class)
                .isThrownBy(() -> TetherDB.builder().path(file).readOnly(true).open());

        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aPlainFileOpenedWithAPasswordIsRefusedAndUnchanged() throws Exception {
        Path file = directory.resolve("plain.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("a", 1));
        }
        String before = sha256(file);

        assertThatExceptionOfType(StoreNotEncryptedException.class)
                .isThrownBy(() -> openEncrypted(file, password()))
                .withMessageContaining("the file is not encrypted");

        assertThat(sha256(file)).isEqualTo(before);
        assertThat(new StoreNotEncryptedException(file)).isInstanceOf(StoreEncryptionException.class);
    }

    @Test
    void thePasswordArrayIsWipedAfterAnOpenThatWorkedAndOneThatFailed() {
        Path file = directory.resolve("a.db");
        char[] password = password();
        openEncrypted(file, password).close();
        assertThat(password).hasSize(password().length).containsOnly('\0');
    }

    @Test
    void thePasswordIsWipedEvenWhenTheOpenFails() {
        Path file = encryptedStore("a.db");
        char[] wrong = otherPassword();
        assertThatExceptionOfType(WrongPasswordException.class).isThrownBy(() -> openEncrypted(file, wrong));
        assertThat(wrong).containsOnly('\0');
    }

    @Test
    void aFileOpensWithTheKeyDerivationCostInItsHeaderWhateverTheOptionsSay() {
        Path file = encryptedStore("a.db");
        // the options give the cost of a new key only; the file's own cost (FAST) derives its key
        try (TetherDB db = TetherDB.builder().path(file)
                .encryption(password(), EncryptionOptions.defaults().memoryKiB(128).iterations(3)).open()) {
            assertThat(db.get("patient-1")).isPresent();
        }
    }

    @Test
    void rekeyingChangesThePasswordAndKeepsTheData() {
        Path file = encryptedStore("a.db");

        CopyResult result = TetherDB.rekey(file, password(), otherPassword(), FAST, CopyOptions.defaults());

        assertThat(result.documents()).isEqualTo(2);
        assertThatExceptionOfType(WrongPasswordException.class).isThrownBy(() -> openEncrypted(file, password()));
        try (TetherDB db = openEncrypted(file, otherPassword())) {
            assertThat(db.get("patient-1").orElseThrow().getString("ssn")).isEqualTo("078-05-1120");
            assertThat(db.collection("billing").listIndexes()).hasSize(1);
            assertThat(db.verify().isClean()).isTrue();
        }
        assertThat(directory.resolve("a.db.compact-tmp")).doesNotExist();
    }

    @Test
    void aPlainStoreIsEncryptedAndDecryptedInPlace() throws IOException {
        Path file = directory.resolve("a.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("_id", "x", "secretField", "secretValue"));
        }

        TetherDB.encrypt(file, password(), FAST, CopyOptions.defaults());

        assertThat(occurring(file, List.of("secretField", "secretValue"))).isEmpty();
        assertThatExceptionOfType(PasswordRequiredException.class).isThrownBy(() -> TetherDB.open(file));
        try (TetherDB db = openEncrypted(file, password())) {
            assertThat(db.get("x").orElseThrow().getString("secretField")).isEqualTo("secretValue");
        }

        TetherDB.decrypt(file, password(), CopyOptions.defaults());

        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.isEncrypted()).isFalse();
            assertThat(db.get("x").orElseThrow().getString("secretField")).isEqualTo("secretValue");
        }
    }

    @Test
    void aRekeyWithTheWrongPasswordOrOfTheWrongKindOfFileChangesNothing() throws Exception {
        Path encrypted = encryptedStore("a.db");
        Path plain = directory.resolve("plain.db");
        TetherDB.open(plain).close();
        String encryptedBefore = sha256(encrypted);
        String plainBefore = sha256(plain);

        assertThatExceptionOfType(WrongPasswordException.class)
                .isThrownBy(() -> TetherDB.rekey(encrypted, otherPassword(), password(), FAST, CopyOptions.defaults()));
        assertThatExceptionOfType(PasswordRequiredException.class)
                .isThrownBy(() -> TetherDB.encrypt(encrypted, password(), FAST, CopyOptions.defaults()));
        assertThatExceptionOfType(StoreNotEncryptedException.class)
                .isThrownBy(() -> TetherDB.decrypt(plain, password(), CopyOptions.defaults()));

        assertThat(sha256(encrypted)).isEqualTo(encryptedBefore);
        assertThat(sha256(plain)).isEqualTo(plainBefore);
    }

    @Test
    void aBackupOfAnEncryptedStoreIsEncryptedWithTheSamePassword() throws IOException {
        Path file = encryptedStore("a.db");
        Path backup = directory.resolve("backup.db");
        try (TetherDB db = openEncrypted(file, password())) {
            db.backup(backup);
        }

        assertThat(occurring(backup, List.of("diagnosis", "hypertension"))).isEmpty();
        assertThatExceptionOfType(PasswordRequiredException.class).isThrownBy(() -> TetherDB.open(backup));
        try (TetherDB db = openEncrypted(backup, password())) {
            assertThat(db.get("patient-1")).isPresent();
        }
    }

    @Test
    void aReadOnlyOpenOfAnEncryptedStoreReads() {
        Path file = encryptedStore("a.db");
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).encryption(password()).open()) {
            assertThat(db.get("patient-1")).isPresent();
        }
    }

    @Test
    void damagedCiphertextOrHeaderIsReportedAsCorruptNotAsAWrongPassword() throws IOException {
        Path file = encryptedStore("a.db");
        Path header = directory.resolve("header.db");
        Files.copy(file, header);
        flipByte(header, 60);
        assertThatExceptionOfType(CorruptStoreException.class)
                .isThrownBy(() -> openEncrypted(header, password()))
                .withMessageContaining("encryption header is damaged");

        // both MVStore headers (the first two sectors after ours, each 4 KiB and a 16-byte tag):
        // nothing readable is left
        flipByte(file, 4096 + 10);
        flipByte(file, 4096 + 4112 + 10);
        assertThatExceptionOfType(CorruptStoreException.class).isThrownBy(() -> openEncrypted(file, password()));
    }

    @Test
    void salvageWithoutAPasswordRefusesAnEncryptedFileRatherThanReportItAllLostOrWriteItInTheClear() throws Exception {
        Path file = encryptedStore("a.db");
        String before = sha256(file);

        assertThatExceptionOfType(PasswordRequiredException.class)
                .isThrownBy(() -> TetherDB.salvage(file, directory.resolve("salvaged.db"), CopyOptions.defaults()))
                .withMessageContaining("the file is encrypted and no password was given");

        assertThat(directory.resolve("salvaged.db")).doesNotExist();
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void badOptionsAreRefusedWhenSet() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> TetherDB.builder().encryption(new char[0]))
                .withMessageContaining("must not be empty");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> TetherDB.builder().inMemory().encryption(password()).open())
                .withMessageContaining("in-memory");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> EncryptionOptions.defaults().memoryKiB(4))
                .withMessageContaining("memoryKiB must be between 8");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> EncryptionOptions.defaults().iterations(0))
                .withMessageContaining("iterations");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> EncryptionOptions.defaults().parallelism(0))
                .withMessageContaining("parallelism");
        assertThat(EncryptionOptions.defaults()).hasToString("argon2id m=19456 KiB t=2 p=1");
    }

    private static void flipByte(Path file, long position) throws IOException {
        flipBits(file, position, 0x5a);
    }

    /** Flips the bits of {@code mask} in the byte at {@code position} of a file. */
    static void flipBits(Path file, long position, int mask) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ mask)).rewind();
            channel.write(one, position);
        }
    }

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
