package io.tetherdb.cli;

import java.util.Arrays;

import io.tetherdb.CopyOptions;
import io.tetherdb.CopyResult;
import io.tetherdb.EncryptionOptions;
import io.tetherdb.TetherDB;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tetherdb rekey FILE}: encrypts a plain store, changes an encrypted store's password or
 * key derivation cost, or decrypts it, in place and crash-safe, through the core's
 * {@link TetherDB#rekey}. Not thread-safe.
 */
@Command(name = "rekey", mixinStandardHelpOptions = true,
        description = {"Encrypts a plain store, changes an encrypted store's password (or its key derivation cost),"
                + " or decrypts it: writes the live data with the new key to FILE.compact-tmp and renames it over FILE"
                + " in one atomic step, so that a crash or kill at any moment leaves the old file (old password) or the"
                + " new one (new password) complete. The store must not be open anywhere.",
            "The current password comes from --password-env or --password (none for a plain store); the new one from"
                + " --new-password-env or --new-password; --decrypt writes a plain store instead.",
            "Passwords belong in environment variables set from a secret store, or typed at the prompt; never on the"
                + " command line itself, where other users can see them."})
class RekeyCommand extends StoreCommand {

    @Option(names = "--new-password-env", paramLabel = "VAR", description = "The new password is in environment"
            + " variable VAR.")
    String newPasswordEnv;

    @Option(names = "--new-password", description = "Type the new password at a prompt (not echoed); without a"
            + " terminal, the next line of standard input (after the current password's line, if --password).")
    boolean promptNewPassword;

    @Option(names = "--decrypt", description = "Write a plain (unencrypted) store.")
    boolean decrypt;

    @Option(names = "--memory-kib", paramLabel = "KIB", description = "Argon2id memory of the new key, in KiB"
            + " (default: ${DEFAULT-VALUE}).")
    int memoryKiB = EncryptionOptions.DEFAULT_MEMORY_KIB;

    @Option(names = "--iterations", paramLabel = "N", description = "Argon2id passes of the new key"
            + " (default: ${DEFAULT-VALUE}).")
    int iterations = EncryptionOptions.DEFAULT_ITERATIONS;

    @Option(names = "--parallelism", paramLabel = "N", description = "Argon2id lanes of the new key"
            + " (default: ${DEFAULT-VALUE}).")
    int parallelism = EncryptionOptions.DEFAULT_PARALLELISM;

    @Override
    int run() {
        EncryptionOptions kdf = EncryptionOptions.defaults().memoryKiB(memoryKiB).iterations(iterations)
                .parallelism(parallelism);
        if (decrypt == (newPasswordEnv != null || promptNewPassword)) {
            throw CliFailure.usage(decrypt ? "--decrypt writes a plain store: give no new password"
                    : "give the new password (--new-password-env VAR or --new-password), or --decrypt");
        }
        // the current password first, so that piped input gives the current line, then the new one
        char[] oldPassword = password();
        char[] newPassword = null;
        char[] typedNew = null;
        try {
            if (promptNewPassword && newPasswordEnv == null) {
                typedNew = readPassword("New password: ", "--new-password");
            }
            newPassword = password(newPasswordEnv, promptNewPassword, typedNew, "--new-password-env",
                    "--new-password");
        } catch (RuntimeException e) {
            if (oldPassword != null) {
                Arrays.fill(oldPassword, '\0');
            }
            throw e;
        } finally {
            if (typedNew != null) {
                Arrays.fill(typedNew, '\0');
            }
        }
        boolean wasEncrypted = oldPassword != null;
        CopyResult result;
        try (CopyProgress progress = new CopyProgress(showProgress(), "Re-keying")) {
            result = TetherDB.rekey(file, oldPassword, newPassword, kdf, CopyOptions.defaults().progress(progress));
        }
        String what = decrypt ? "decrypted" : wasEncrypted ? "re-keyed" : "encrypted";
        out().printf("%s %s%s: %,d document%s, %,d bytes%n", what, file, decrypt ? "" : " (key: " + kdf + ")",
                result.documents(),
                result.documents() == 1 ? "" : "s", result.bytes());
        return ExitCodes.OK;
    }
}
