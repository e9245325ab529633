package io.tetherdb.internal.store;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES in CTR mode from the JDK, for the files that encrypted stores write as streams: the
 * write-ahead log ({@link RedoLog}) and an index build's sorted runs ({@link IndexKeySorter}).
 * Stateless.
 */
final class AesCtr {

    private AesCtr() {
    }

    /**
     * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
     * @param iv the 16-byte initial counter block; never used twice with the same key
     * @param what what is encrypted, for the error
     * @return a cipher ready for {@code update} calls that continue one keystream
     */
    static Cipher cipher(int mode, SecretKey key, byte[] iv, String what) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(mode, key, new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            // every JDK must provide AES/CTR/NoPadding with 256-bit keys
            throw new IllegalStateException("AES/CTR is not available to encrypt " + what + ": " + e, e);
        }
    }
}
