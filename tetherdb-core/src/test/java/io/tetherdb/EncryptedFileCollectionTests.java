package io.tetherdb;

/**
 * The collection suite and the file-backed cases once more, on an encrypted file: every open and
 * reopen goes through the key derivation and the encrypted file layer.
 */
class EncryptedFileCollectionTests extends FileCollectionTests {

    @Override
    protected TetherDB open(TetherDBBuilder builder) {
        return super.open(builder.encryption(TestPasswords.password(), TestPasswords.FAST));
    }
}
