package io.tetherdb.internal.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The key of one encrypted store file: Argon2id (Bouncy Castle) turns the password and the
 * file's salt into 96 bytes, the first 64 of which are the XTS-AES-256 key and the last 32 the key
 * check kept in the file's {@link EncryptionHeader}. The derived bytes are the AES keys as they
 * are; nothing hashes them again. Immutable and thread-safe.
 */
final class FileKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EncryptionHeader header;
    private final XtsCipher cipher;
    private final SectorCipher sectors;

    private FileKey(EncryptionHeader header, XtsCipher cipher) {
        this.header = header;
        this.cipher = cipher;
        this.sectors = new SectorCipher(cipher, header.tagged());
    }

    /** @return a key for a new file: a new random salt, the given cost */
    static FileKey create(EncryptionSettings settings) {
        byte[] salt = new byte[EncryptionHeader.SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] derived = derive(settings.password(), salt, settings.memoryKiB(), settings.iterations(),
                settings.parallelism());
        try {
            EncryptionHeader header = new EncryptionHeader(EncryptionHeader.FORMAT_TAGGED, settings.memoryKiB(),
                    settings.iterations(), settings.parallelism(), EncryptionHeader.ARGON2_VERSION, salt,
                    Arrays.copyOfRange(derived, XtsCipher.KEY_BYTES, derived.length));
            return new FileKey(header, new XtsCipher(Arrays.copyOf(derived, XtsCipher.KEY_BYTES)));
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /** @return the file's key, or null if the password does not give the header's key check */
    static FileKey unlock(char[] password, EncryptionHeader header) {
        byte[] derived = derive(password, header.salt(), header.memoryKiB(), header.iterations(),
                header.parallelism());
        byte[] key = Arrays.copyOf(derived, XtsCipher.KEY_BYTES);
        try {
            byte[] check = Arrays.copyOfRange(derived, XtsCipher.KEY_BYTES, derived.length);
            // constant time: how far a guess matched must not show in the timing
            return MessageDigest.isEqual(check, header.keyCheck()) ? new FileKey(header, new XtsCipher(key)) : null;
        } finally {
            Arrays.fill(derived, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKiB, int iterations, int parallelism) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[XtsCipher.KEY_BYTES + EncryptionHeader.CHECK_BYTES];
        byte[] utf8 = utf8(password);
        try {
            generator.generateBytes(utf8, out);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
        return out;
    }

    /** UTF-8 without an intermediate String, so that the only copies are ones this class wipes. */
    private static byte[] utf8(char[] password) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid UTF-16 text (a lone surrogate)", e);
        }
        byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    EncryptionHeader header() {
        return header;
    }

    /** @return how the file's sectors are encrypted (and tagged) */
    SectorCipher sectors() {
        return sectors;
    }

    /**
     * @return the same key for a file in the current format (with sector tags): what copies,
     *         backups and compactions are written with, so that they bring a file of the first
     *         format up to date
     */
    FileKey inCurrentFormat() {
        return header.tagged() ? this : new FileKey(header.inCurrentFormat(), cipher);
    }

    /** @return the AES key of the store's write-ahead log */
    javax.crypto.spec.SecretKeySpec logKey() {
        return cipher.derivedKey("TetherDB write-ahead log");
    }
}
