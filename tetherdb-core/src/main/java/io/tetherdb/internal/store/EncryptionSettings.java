package io.tetherdb.internal.store;

/**
 * What the storage layer needs to encrypt a file: the password and the Argon2id cost of a key
 * derived for a new file (an existing file's own header says how its key was derived). Checked by
 * the facade. The password array is the caller's; this layer never keeps it past an open.
 *
 * @param password the password; not null
 * @param memoryKiB Argon2id memory in KiB
 * @param iterations Argon2id passes over the memory
 * @param parallelism Argon2id lanes
 */
public record EncryptionSettings(char[] password, int memoryKiB, int iterations, int parallelism) {

    @Override
    public String toString() {
        // never the password
        return "EncryptionSettings[argon2id m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism + "]";
    }
}
