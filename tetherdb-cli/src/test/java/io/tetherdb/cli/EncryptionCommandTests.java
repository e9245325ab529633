package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tetherdb.EncryptionOptions;
import io.tetherdb.TetherDB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted stores on the command line: {@code --password-env} on every command and {@code rekey}. */
class EncryptionCommandTests {

    private static final EncryptionOptions FAST = EncryptionOptions.defaults().memoryKiB(64).iterations(1);
    private static final Map<String, String> ENV = Map.of("DB_PASSWORD", "s3cret horse", "NEW_PASSWORD", "n3w one",
            "EMPTY", "");

    @TempDir
    Path directory;

    private Path encryptedStore() {
        Path file = directory.resolve("secret.db");
        try (TetherDB db = TetherDB.builder().path(file).encryption("s3cret horse".toCharArray(), FAST).open()) {
            db.put(Map.of("_id", "a", "name", "Ada"));
            db.put(Map.of("_id", "b", "name", "Bob"));
        }
        return file;
    }

    @Test
    void commandsOpenAnEncryptedStoreWithThePasswordFromTheEnvironment() {
        Path file = encryptedStore();

        Cli.Result query = Cli.runWithEnvironment(ENV, "query", file.toString(), "default", "{name: 'Ada'}",
                "--password-env", "DB_PASSWORD");
        Cli.Result verify = Cli.runWithEnvironment(ENV, "verify", file.toString(), "--password-env", "DB_PASSWORD");
        Cli.Result info = Cli.runWithEnvironment(ENV, "info", file.toString(), "--password-env", "DB_PASSWORD");

        assertThat(query.exitCode()).as(query.toString()).isZero();
        assertThat(query.out()).contains("Ada").doesNotContain("Bob");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.out()).contains("encrypted:     yes (AES-256-XTS, Argon2id key)");
    }

    @Test
    void aMissingWrongOrUnsetPasswordIsReportedAndChangesNothing() throws Exception {
        Path file = encryptedStore();
        byte[] before = Files.readAllBytes(file);

        Cli.Result none = Cli.runWithEnvironment(ENV, "query", file.toString(), "default", "{}");
        Cli.Result wrong = Cli.runWithEnvironment(ENV, "query", file.toString(), "default", "{}", "--password-env", "NEW_PASSWORD");
        Cli.Result unset = Cli.runWithEnvironment(ENV, "query", file.toString(), "default", "{}", "--password-env", "NOPE");
        Cli.Result empty = Cli.runWithEnvironment(ENV, "query", file.toString(), "default", "{}", "--password-env", "EMPTY");

        assertThat(none.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(none.err()).contains("the file is encrypted and no password was given");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(wrong.err()).contains("the password is wrong");
        assertThat(unset.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unset.err()).contains("environment variable NOPE (--password-env) is not set");
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).contains("is empty");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void rekeyEncryptsChangesThePasswordAndDecrypts() {
        Path file = directory.resolve("plain.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(Map.of("_id", "a", "name", "Ada"));
        }
        String[] cheap = {"--memory-kib", "64", "--iterations", "1"};

        Cli.Result encrypt = Cli.runWithEnvironment(ENV, concat(new String[] {"rekey", file.toString(),
            "--new-password-env", "DB_PASSWORD"}, cheap));
        assertThat(encrypt.exitCode()).as(encrypt.toString()).isZero();
        assertThat(encrypt.out()).contains("encrypted " + file).contains("argon2id m=64 KiB t=1 p=1");
        assertThat(Cli.runWithEnvironment(ENV, "query", file.toString(), "default", "{}").exitCode()).isEqualTo(ExitCodes.STORE);

        Cli.Result rekey = Cli.runWithEnvironment(ENV, concat(new String[] {"rekey", file.toString(),
            "--password-env", "DB_PASSWORD", "--new-password-env", "NEW_PASSWORD"}, cheap));
        assertThat(rekey.exitCode()).as(rekey.toString()).isZero();
        assertThat(rekey.out()).contains("re-keyed");
        Cli.Result query = Cli.runWithEnvironment(ENV, "query", file.toString(), "default", "{}", "--password-env", "NEW_PASSWORD");
        assertThat(query.out()).contains("Ada");

        Cli.Result decrypt = Cli.runWithEnvironment(ENV, "rekey", file.toString(), "--password-env", "NEW_PASSWORD",
                "--decrypt");
        assertThat(decrypt.exitCode()).as(decrypt.toString()).isZero();
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.isEncrypted()).isFalse();
            assertThat(db.get("a")).isPresent();
        }
    }

    @Test
    void rekeyNeedsEitherANewPasswordOrDecrypt() {
        Path file = encryptedStore();
        Cli.Result neither = Cli.runWithEnvironment(ENV, "rekey", file.toString(), "--password-env", "DB_PASSWORD");
        Cli.Result both = Cli.runWithEnvironment(ENV, "rekey", file.toString(), "--password-env", "DB_PASSWORD",
                "--decrypt", "--new-password-env", "NEW_PASSWORD");

        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("give the new password");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--decrypt writes a plain store");
    }

    @Test
    void compactionKeepsTheKeyAndBackupsAreEncrypted() {
        Path file = encryptedStore();
        Path backup = directory.resolve("backup.db");

        Cli.Result compact = Cli.runWithEnvironment(ENV, "compact", file.toString(), "--password-env", "DB_PASSWORD");
        Cli.Result copy = Cli.runWithEnvironment(ENV, "backup", file.toString(), "--to", backup.toString(),
                "--password-env", "DB_PASSWORD");

        assertThat(compact.exitCode()).as(compact.toString()).isZero();
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        for (Path store : new Path[] {file, backup}) {
            try (TetherDB db = TetherDB.builder().path(store).encryption("s3cret horse".toCharArray()).open()) {
                assertThat(db.count()).isEqualTo(2);
            }
        }
    }

    @Test
    void repairSalvagesAnEncryptedStoreIntoOneWithTheSamePassword() throws Exception {
        Path file = directory.resolve("secret.db");
        // ten runs, each closed: each close commits its writes to the file as a chunk of its own
        // (between checkpoints the write-ahead log holds them), so a cut tail costs only the last ones
        for (int run = 0; run < 10; run++) {
            try (TetherDB db = TetherDB.builder().path(file).encryption("s3cret horse".toCharArray(), FAST).open()) {
                for (int i = run * 20; i < (run + 1) * 20; i++) {
                    db.put(Map.of("_id", String.format("d%03d", i), "n", i, "text", "some words ".repeat(20)));
                }
            }
        }
        Path intact = directory.resolve("intact.db");
        Path fromDamaged = directory.resolve("from-damaged.db");

        Cli.Result whole = Cli.runWithEnvironment(ENV, "repair", file.toString(), "--to", intact.toString(),
                "--password-env", "DB_PASSWORD");
        byte[] bytes = Files.readAllBytes(file);
        Path damaged = directory.resolve("damaged.db");
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Cli.Result partial = Cli.runWithEnvironment(ENV, "repair", damaged.toString(), "--to", fromDamaged.toString(),
                "--password-env", "DB_PASSWORD");

        assertThat(whole.exitCode()).as(whole.toString()).isEqualTo(ExitCodes.OK);
        assertThat(whole.out()).contains("salvaged 200 documents").contains("nothing was found unreadable");
        assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(partial.out()).contains("problem");
        for (Path store : new Path[] {intact, fromDamaged}) {
            Cli.Result plainOpen = Cli.runWithEnvironment(ENV, "verify", store.toString());
            assertThat(plainOpen.exitCode()).isEqualTo(ExitCodes.STORE);
            assertThat(plainOpen.err()).contains("the file is encrypted and no password was given");
            try (TetherDB db = TetherDB.builder().path(store).readOnly(true).encryption("s3cret horse".toCharArray())
                    .open()) {
                assertThat(db.verify().isClean()).isTrue();
                // the cut tail may hold only the last commits' metadata (a clean close commits its
                // mark last), so the damaged copy may still give every document back
                assertThat(db.count()).isBetween(store == intact ? 200L : 1L, 200L);
            }
        }
    }

    @Test
    void repairWithAWrongOrMissingPasswordWritesNothing() {
        Path file = encryptedStore();
        Path target = directory.resolve("r.db");

        Cli.Result wrong = Cli.runWithEnvironment(ENV, "repair", file.toString(), "--to", target.toString(),
                "--password-env", "NEW_PASSWORD");
        Cli.Result none = Cli.runWithEnvironment(ENV, "repair", file.toString(), "--to", target.toString());

        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(wrong.err()).contains("the password is wrong");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(none.err()).contains("the file is encrypted and no password was given");
        assertThat(target).doesNotExist();
    }

    @Test
    void thePasswordPromptReadsTheFirstLineOfStandardInputWhenThereIsNoTerminal() {
        Path file = encryptedStore();

        Cli.Result right = Cli.runWithInput("s3cret horse\n", "query", file.toString(), "default", "{name: 'Ada'}",
                "--password");
        Cli.Result crlf = Cli.runWithInput("s3cret horse\r\n", "verify", file.toString(), "--password");
        Cli.Result wrong = Cli.runWithInput("s3cret horsE\n", "query", file.toString(), "default", "{}", "--password");
        Cli.Result emptyLine = Cli.runWithInput("\n", "query", file.toString(), "default", "{}", "--password");
        Cli.Result noInput = Cli.runWithInput("", "query", file.toString(), "default", "{}", "--password");
        Cli.Result both = Cli.runWithEnvironment(ENV, "verify", file.toString(), "--password", "--password-env",
                "DB_PASSWORD");

        assertThat(right.exitCode()).as(right.toString()).isZero();
        assertThat(right.out()).contains("Ada").doesNotContain("Bob").doesNotContain("Password");
        assertThat(right.err()).contains("Password: ");
        assertThat(crlf.exitCode()).as(crlf.toString()).isZero();
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(wrong.err()).contains("the password is wrong");
        assertThat(emptyLine.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(emptyLine.err()).contains("the password typed for --password is empty");
        assertThat(noInput.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noInput.err()).contains("standard input is empty");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("exclude each other");
    }

    @Test
    void rekeyReadsTheCurrentThenTheNewPasswordFromStandardInput() {
        Path file = encryptedStore();

        Cli.Result rekey = Cli.runWithInput("s3cret horse\nn3w one\n", "rekey", file.toString(), "--password",
                "--new-password", "--memory-kib", "64", "--iterations", "1");

        assertThat(rekey.exitCode()).as(rekey.toString()).isZero();
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).encryption("n3w one".toCharArray()).open()) {
            assertThat(db.count()).isEqualTo(2);
        }
    }

    @Test
    void importReadsDocumentsAfterThePasswordLine() {
        Path file = encryptedStore();

        Cli.Result imported = Cli.runWithInput("s3cret horse\n{\"_id\": \"c\", \"name\": \"Cy\"}\n", "import",
                file.toString(), "--collection", "default", "--in", "-", "--password");

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).encryption("s3cret horse".toCharArray())
                .open()) {
            assertThat(db.get("c")).isPresent();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
