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
    void repairRefusesAnEncryptedStoreClearly() {
        Path file = encryptedStore();
        Cli.Result repair = Cli.runWithEnvironment(ENV, "repair", file.toString(), "--to",
                directory.resolve("r.db").toString(), "--password-env", "DB_PASSWORD");
        assertThat(repair.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(repair.err()).contains("repair cannot read encrypted stores yet");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
