package io.tetherdb;

/**
 * Passwords and a cheap key derivation for tests of encrypted stores: the defaults cost about
 * 19 MiB and tens of milliseconds per open, which many opens would add up. Stateless.
 */
public final class TestPasswords {

    /** Argon2id at 64 KiB and one pass: enough to exercise the code, cheap enough for every test. */
    public static final EncryptionOptions FAST = EncryptionOptions.defaults().memoryKiB(64).iterations(1);

    private TestPasswords() {
    }

    /** @return a fresh copy of the tests' password (the builder wipes what it gets) */
    public static char[] password() {
        return "correct horse battery staple".toCharArray();
    }

    /**
     * @param encrypted whether the store is encrypted
     * @param builder a builder; not null
     * @return the builder, with the tests' password and {@link #FAST} cost when {@code encrypted}
     */
    public static TetherDBBuilder encryptedIf(boolean encrypted, TetherDBBuilder builder) {
        return encrypted ? builder.encryption(password(), FAST) : builder;
    }

    /** @return a fresh copy of another password */
    public static char[] otherPassword() {
        return "Tr0ub4dor&3".toCharArray();
    }
}
