package io.tetherdb;

/**
 * The cost of the Argon2id key derivation that turns a password into the key of an encrypted
 * store: memory, passes over it and lanes. The cost is paid once per open (and by whoever guesses
 * passwords, once per guess); it is stored in the file's header, so a file opens with the cost it
 * was written with, and {@link TetherDB#rekey(java.nio.file.Path, char[], char[], EncryptionOptions, CopyOptions)
 * re-keying} can raise it later. The defaults follow OWASP's Password Storage Cheat Sheet
 * (Argon2id, 19 MiB, 2 iterations, 1 lane). Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class EncryptionOptions {

    /** OWASP's minimum memory for Argon2id: 19 MiB, in KiB. */
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    /** OWASP's iterations for Argon2id at 19 MiB. */
    public static final int DEFAULT_ITERATIONS = 2;
    /** OWASP's degree of parallelism for Argon2id. */
    public static final int DEFAULT_PARALLELISM = 1;
    /** Largest memory accepted: 4 GiB, in KiB. */
    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    /** Most iterations accepted. */
    public static final int MAX_ITERATIONS = 1_000;
    /** Most lanes accepted. */
    public static final int MAX_PARALLELISM = 64;

    private static final EncryptionOptions DEFAULTS =
            new EncryptionOptions(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    private EncryptionOptions(int memoryKiB, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM + " but was "
                    + parallelism);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKiB must be between 8 * parallelism (" + 8 * parallelism
                    + ") and " + MAX_MEMORY_KIB + " but was " + memoryKiB);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS + " but was "
                    + iterations);
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** @return OWASP's recommended cost: 19 MiB, 2 iterations, 1 lane */
    public static EncryptionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param kib memory in KiB; at least 8 per lane, at most {@value #MAX_MEMORY_KIB}
     * @return options with that memory
     */
    public EncryptionOptions memoryKiB(int kib) {
        return new EncryptionOptions(kib, iterations, parallelism);
    }

    /**
     * @param passes passes over the memory; 1 to {@value #MAX_ITERATIONS}
     * @return options with that many iterations
     */
    public EncryptionOptions iterations(int passes) {
        return new EncryptionOptions(memoryKiB, passes, parallelism);
    }

    /**
     * @param lanes lanes (threads' worth of work); 1 to {@value #MAX_PARALLELISM}
     * @return options with that parallelism
     */
    public EncryptionOptions parallelism(int lanes) {
        return new EncryptionOptions(memoryKiB, iterations, lanes);
    }

    /** @return memory in KiB */
    public int memoryKiB() {
        return memoryKiB;
    }

    /** @return passes over the memory */
    public int iterations() {
        return iterations;
    }

    /** @return lanes */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public String toString() {
        return "argon2id m=" + memoryKiB + " KiB t=" + iterations + " p=" + parallelism;
    }
}
