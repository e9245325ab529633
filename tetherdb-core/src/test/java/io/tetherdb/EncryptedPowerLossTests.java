package io.tetherdb;

/**
 * The simulated power-loss suite on an encrypted file: the encryption header and every sector go
 * through the faulty disk, and every image must open (with the password) exactly as a plain one
 * must.
 */
class EncryptedPowerLossTests extends PowerLossTests {

    @Override
    boolean encrypted() {
        return true;
    }
}
