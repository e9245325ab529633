package io.tetherdb.internal.store;

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
    private final ThreadLocal<Cipher[]> ciphers = ThreadLocal.withInitial(this::newCiphers);

    /** @param key {@value #KEY_BYTES} bytes of key material; the caller may wipe it afterwards */
    XtsCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("XTS-AES-256 needs " + KEY_BYTES + " bytes of key but got " + key.length);
        }
        this.dataKey = new SecretKeySpec(key, 0, 32, "AES");
        this.tweakKey = new SecretKeySpec(key, 32, 32, "AES");
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

    private void crypt(boolean encrypt, long firstSector, byte[] buffer, int offset, int length) {
        Cipher[] c = ciphers.get();
        byte[] tweaks = new byte[SECTOR];
        try {
            for (int done = 0; done < length; done += SECTOR) {
                fillTweaks(c[2], firstSector + done / SECTOR, tweaks);
                int at = offset + done;
                xor(buffer, at, tweaks);
                // ECB over the whole sector: each 16-byte block on its own, as XTS needs
                (encrypt ? c[0] : c[1]).doFinal(buffer, at, SECTOR, buffer, at);
                xor(buffer, at, tweaks);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed on a whole number of blocks: " + e, e);
        }
    }

    /** The tweak of each 16-byte block of a sector: E(tweak key, sector number), times alpha per block. */
    private static void fillTweaks(Cipher tweakCipher, long sector, byte[] tweaks) throws GeneralSecurityException {
        byte[] t = new byte[BLOCK];
        for (int i = 0; i < 8; i++) {
            t[i] = (byte) (sector >>> (8 * i));
        }
        tweakCipher.doFinal(t, 0, BLOCK, t, 0);
        for (int block = 0; block < SECTOR / BLOCK; block++) {
            System.arraycopy(t, 0, tweaks, block * BLOCK, BLOCK);
            // multiply by alpha in GF(2^128), little-endian, reduction polynomial x^128 + x^7 + x^2 + x + 1
            int carry = 0;
            for (int i = 0; i < BLOCK; i++) {
                int b = t[i] & 0xff;
                t[i] = (byte) ((b << 1) | carry);
                carry = b >>> 7;
            }
            if (carry != 0) {
                t[0] ^= (byte) 0x87;
            }
        }
    }

    private static void xor(byte[] buffer, int offset, byte[] tweaks) {
        for (int i = 0; i < SECTOR; i++) {
            buffer[offset + i] ^= tweaks[i];
        }
    }
}
