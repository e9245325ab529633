package io.tetherdb.crash;

/**
 * The kill -9 suite on an encrypted file: children write through the encrypted file layer, are
 * killed, and the file must recover with the same guarantees. Fewer cycles than the plain run by
 * default, since the layer under test is the same for every cycle; {@code -Dtetherdb.crash.cycles}
 * sets both.
 */
class EncryptedKillNineIntegrationTests extends KillNineIntegrationTests {

    @Override
    int defaultCycles() {
        return 10;
    }

    @Override
    boolean encrypted() {
        return true;
    }
}
