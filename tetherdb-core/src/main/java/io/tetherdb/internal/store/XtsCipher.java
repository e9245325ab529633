package io.tetherdb.internal.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256 in XTS mode (IEEE 1619) over 4096-byte sectors, the sector number being the tweak: the
 * cipher of encrypted store files. Built on the JDK's AES, which uses the processor's AES
 * instructions where there are any. Thread-safe: each thread gets its own {@link Cipher} objects.
 */
final class XtsCipher {

    /** Bytes of a sector, the unit of encryption; MVStore writes in blocks of this size. */
    static final int SECTOR = 4096;
    /** Bytes of key material: a data key and a tweak key of 256 bits each. */
    static final int KEY_BYTES = 64;
    private static final int BLOCK = 16;

    private final SecretKeySpec dataKey;
    private final SecretKeySpec tweakKey;
    /** Little-endian longs in a byte array, as XTS numbers its blocks and tweaks. */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Each thread's tweaks of one sector: two longs per 16-byte block. */
    private static final ThreadLocal<long[]> TWEAKS = ThreadLocal.withInitial(() -> new long[SECTOR / 8]);

    private final ThreadLocal<Cipher[]> ciphers = ThreadLocal.withInitial(this::newCiphers);

    /** @param key {@value #KEY_BYTES} bytes of key material; the caller may wipe it afterwards */
    XtsCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("XTS-AES-256 needs " + KEY_BYTES + " bytes of key but got " + key.length);
        }
        this.dataKey = new SecretKeySpec(key, 0, 32, "AES");
        this.tweakKey = new SecretKeySpec(key, 32, 32, "AES");
    }

    /**
     * @param purpose what the key is for; different purposes give unrelated keys
     * @return an AES-256 key for another use of the same file key: SHA-256 of the purpose and both
     *         halves of the XTS key
     */
    SecretKeySpec derivedKey(String purpose) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(dataKey.getEncoded());
            sha.update(tweakKey.getEncoded());
            return new SecretKeySpec(sha.digest(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's SHA-256 is not available: " + e, e);
        }
    }

    private Cipher[] newCiphers() {
        try {
            Cipher encrypt = Cipher.getInstance("AES/ECB/NoPadding");
            encrypt.init(Cipher.ENCRYPT_MODE, dataKey);
            Cipher decrypt = Cipher.getInstance("AES/ECB/NoPadding");
            decrypt.init(Cipher.DECRYPT_MODE, dataKey);
            Cipher tweak = Cipher.getInstance("AES/ECB/NoPadding");
            tweak.init(Cipher.ENCRYPT_MODE, tweakKey);
            return new Cipher[] {encrypt, decrypt, tweak};
        } catch (GeneralSecurityException e) {
            // every JDK must provide AES/ECB/NoPadding with 256-bit keys (no policy limits since 8u161)
            throw new IllegalStateException("the JDK's AES is not available: " + e, e);
        }
    }

    /** Encrypts whole sectors in place. */
    void encrypt(long firstSector, byte[] buffer, int offset, int length) {
        crypt(true, firstSector, buffer, offset, length);
    }

    /** Decrypts whole sectors in place. */
    void decrypt(long firstSector, byte[] buffer, int offset, int length) {
        crypt(false, firstSector, buffer, offset, length);
    }

    /**
     * Encrypts or decrypts one sector from one array into another, for callers that would
     * otherwise copy it first.
     *
     * @param source the sector at {@code sourceOffset}; overwritten with scratch values
     * @param target receives the result at {@code targetOffset}
     */
    void crypt(boolean encrypt, long sector, byte[] source, int sourceOffset, byte[] target, int targetOffset) {
        Cipher[] c = ciphers.get();
        long[] tweaks = TWEAKS.get();
        try {
            fillTweaks(c[2], sector, tweaks);
            xor(source, sourceOffset, tweaks);
            // ECB over the whole sector: each 16-byte block on its own, as XTS needs
            (encrypt ? c[0] : c[1]).doFinal(source, sourceOffset, SECTOR, target, targetOffset);
            xor(target, targetOffset, tweaks);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed on a whole number of blocks: " + e, e);
        }
    }

    private void crypt(boolean encrypt, long firstSector, byte[] buffer, int offset, int length) {
        for (int done = 0; done < length; done += SECTOR) {
            crypt(encrypt, firstSector + done / SECTOR, buffer, offset + done, buffer, offset + done);
        }
    }

    /**
     * The tweak of each 16-byte block of a sector, as two little-endian longs per block:
     * E(tweak key, sector number), multiplied by alpha in GF(2^128) from one block to the next.
     */
    private static void fillTweaks(Cipher tweakCipher, long sector, long[] tweaks) throws GeneralSecurityException {
        byte[] t = new byte[BLOCK];
        LONG.set(t, 0, sector);
        tweakCipher.doFinal(t, 0, BLOCK, t, 0);
        long lo = (long) LONG.get(t, 0);
        long hi = (long) LONG.get(t, 8);
        for (int i = 0; i < tweaks.length; i += 2) {
            tweaks[i] = lo;
            tweaks[i + 1] = hi;
            // times alpha: shift the 128-bit little-endian value left by one, reducing by x^128 = x^7 + x^2 + x + 1
            long carry = hi >>> 63;
            hi = (hi << 1) | (lo >>> 63);
            lo = (lo << 1) ^ (carry * 0x87);
        }
    }

    private static void xor(byte[] buffer, int offset, long[] tweaks) {
        for (int i = 0; i < tweaks.length; i++) {
            int at = offset + 8 * i;
            LONG.set(buffer, at, (long) LONG.get(buffer, at) ^ tweaks[i]);
        }
    }
}
