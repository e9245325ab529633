package io.tetherdb.internal.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the 4096-byte sectors of an encrypted store file are stored after its
 * {@link EncryptionHeader}: XTS-AES-256 ciphertext ({@link XtsCipher}) and, in files of
 * {@linkplain EncryptionHeader#FORMAT_TAGGED the tagged format}, a 16-byte tag after each sector:
 * HMAC-SHA256 of the sector's number and its ciphertext (encrypt-then-MAC), cut to 128 bits, under
 * a key derived from the file key. A sector whose tag does not match (damage, a torn write, or
 * tampering) is refused as a whole before anything reads its bytes, so MVStore never parses
 * scrambled structures. Files of the first format have no tags and are read and written as they
 * are. Thread-safe: each thread gets its own {@link Mac}.
 */
final class SectorCipher {

    /** Bytes of a sector's tag in the tagged format. */
    static final int TAG_BYTES = 16;
    private static final int SECTOR = XtsCipher.SECTOR;
    /** MVStore's file header: two copies, one 4096-byte block each, at the start of the file. */
    private static final int STORE_HEADER_SECTORS = 2;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final XtsCipher xts;
    private final boolean tagged;
    private final ThreadLocal<Mac> macs;
    /** Each thread's sector number and HMAC output. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8 + 32]);

    SectorCipher(XtsCipher xts, boolean tagged) {
        this.xts = xts;
        this.tagged = tagged;
        if (tagged) {
            SecretKeySpec macKey = new SecretKeySpec(xts.derivedKey("TetherDB sector tags").getEncoded(), "HmacSHA256");
            this.macs = ThreadLocal.withInitial(() -> newMac(macKey));
        } else {
            this.macs = null;
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // every JDK must provide HmacSHA256
            throw new IllegalStateException("the JDK's HmacSHA256 is not available: " + e, e);
        }
    }

    /** @return whether each sector carries a tag */
    boolean tagged() {
        return tagged;
    }

    /** @return bytes a sector takes in the file */
    int storedSectorBytes() {
        return storedSectorBytes(tagged);
    }

    static int storedSectorBytes(boolean tagged) {
        return tagged ? SECTOR + TAG_BYTES : SECTOR;
    }

    /**
     * @param stored bytes of the file after its header
     * @param tagged whether the file's sectors carry tags
     * @return bytes of plaintext the file holds: its whole sectors (a sector cut off by a crash holds
     *         nothing that can be decrypted)
     */
    static long visibleSize(long stored, boolean tagged) {
        if (stored <= 0) {
            return 0;
        }
        return stored / storedSectorBytes(tagged) * SECTOR;
    }

    /**
     * Encrypts whole sectors.
     *
     * @param firstSector the number of the first sector
     * @param plain whole sectors of plaintext; overwritten
     * @return the bytes to store: {@code plain} itself when untagged, else each sector followed by its tag
     */
    byte[] seal(long firstSector, byte[] plain) {
        if (!tagged) {
            xts.encrypt(firstSector, plain, 0, plain.length);
            return plain;
        }
        int sectors = plain.length / SECTOR;
        byte[] stored = new byte[sectors * (SECTOR + TAG_BYTES)];
        Mac mac = macs.get();
        byte[] scratch = SCRATCH.get();
        for (int i = 0; i < sectors; i++) {
            int at = i * (SECTOR + TAG_BYTES);
            xts.crypt(true, firstSector + i, plain, i * SECTOR, stored, at);
            tag(mac, scratch, firstSector + i, stored, at);
            System.arraycopy(scratch, 8, stored, at + SECTOR, TAG_BYTES);
        }
        return stored;
    }

    /**
     * Checks and decrypts whole stored sectors.
     *
     * <p>The first two sectors are MVStore's two copies of its file header, which it reads at once
     * and checks one by one, using a good copy when the other was torn by a crash. Either of them
     * that fails its tag reads as zeros, which MVStore's check of that copy rejects, so a torn header
     * write costs that copy only, as in a plain file. Any other sector that fails is an error.
     *
     * @param firstSector the number of the first sector
     * @param stored the sectors as stored; overwritten
     * @param file the file's name, for the error
     * @return the plaintext: {@code stored} itself when untagged
     * @throws SectorIntegrityException if a sector's tag does not match it
     */
    byte[] open(long firstSector, byte[] stored, String file) throws SectorIntegrityException {
        if (!tagged) {
            xts.decrypt(firstSector, stored, 0, stored.length);
            return stored;
        }
        int sectors = stored.length / (SECTOR + TAG_BYTES);
        byte[] plain = new byte[sectors * SECTOR];
        Mac mac = macs.get();
        byte[] scratch = SCRATCH.get();
        for (int i = 0; i < sectors; i++) {
            int at = i * (SECTOR + TAG_BYTES);
            long sector = firstSector + i;
            tag(mac, scratch, sector, stored, at);
            // constant time, as MessageDigest.isEqual, without copying the two tags out
            int difference = 0;
            for (int k = 0; k < TAG_BYTES; k++) {
                difference |= scratch[8 + k] ^ stored[at + SECTOR + k];
            }
            if (difference == 0) {
                xts.crypt(false, sector, stored, at, plain, i * SECTOR);
            } else if (sector >= STORE_HEADER_SECTORS) {
                throw new SectorIntegrityException(file, sector,
                        EncryptionHeader.LENGTH + sector * (SECTOR + TAG_BYTES));
            }
            // else a copy of MVStore's header that a crash tore: left as zeros
        }
        return plain;
    }

    /** Leaves the sector's tag (untruncated) in {@code scratch[8..40)}. */
    private static void tag(Mac mac, byte[] scratch, long sector, byte[] stored, int at) {
        LONG.set(scratch, 0, sector);
        mac.update(scratch, 0, 8);
        mac.update(stored, at, SECTOR);
        try {
            mac.doFinal(scratch, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 failed with room for its output: " + e, e);
        }
    }
}
