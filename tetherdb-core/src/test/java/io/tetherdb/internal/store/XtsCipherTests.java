package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The cipher of encrypted files against an independent XTS-AES-256: the expected bytes were
 * computed with OpenSSL 3.0's {@code EVP_aes_256_xts} (key bytes {@code (i * 7 + 3) & 255}, a
 * 4096-byte data unit of bytes {@code (i * 13 + 5) & 255}, tweak = the sector number 0x0123456789
 * as 16 little-endian bytes).
 */
class XtsCipherTests {

    private static final long SECTOR = 0x01_2345_6789L;

    private static byte[] key() {
        byte[] key = new byte[XtsCipher.KEY_BYTES];
        Arrays.setAll(new int[key.length], i -> key[i] = (byte) (i * 7 + 3));
        return key;
    }

    private static byte[] plaintext() {
        byte[] sector = new byte[XtsCipher.SECTOR];
        for (int i = 0; i < sector.length; i++) {
            sector[i] = (byte) (i * 13 + 5);
        }
        return sector;
    }

    @Test
    void encryptsASectorAsOpenSslsXtsAes256Does() {
        byte[] sector = plaintext();
        new XtsCipher(key()).encrypt(SECTOR, sector, 0, sector.length);

        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(sector, 0, 32))
                .isEqualTo("3fbbf9b92842472b22ca7650895f0e65b366475ebbc9ec35351d8fffe584a999");
        assertThat(hex.formatHex(sector, 4064, 4096))
                .isEqualTo("ea038b5449e346a46bc199356cc3d9e228f98efa90c2661c0ecdec54946beaa2");
    }

    @Test
    void decryptsWhatItEncryptsAtAnOffsetAndAcrossSectors() {
        XtsCipher cipher = new XtsCipher(key());
        byte[] buffer = new byte[7 + 3 * XtsCipher.SECTOR];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(plaintext(), 0, buffer, 7 + i * XtsCipher.SECTOR, XtsCipher.SECTOR);
        }
        byte[] original = buffer.clone();

        cipher.encrypt(SECTOR - 1, buffer, 7, 3 * XtsCipher.SECTOR);
        // the same plaintext in different sectors gives different ciphertext
        assertThat(Arrays.copyOfRange(buffer, 7, 7 + XtsCipher.SECTOR))
                .isNotEqualTo(Arrays.copyOfRange(buffer, 7 + XtsCipher.SECTOR, 7 + 2 * XtsCipher.SECTOR));
        cipher.decrypt(SECTOR - 1, buffer, 7, 3 * XtsCipher.SECTOR);

        assertThat(buffer).isEqualTo(original);
    }
}
