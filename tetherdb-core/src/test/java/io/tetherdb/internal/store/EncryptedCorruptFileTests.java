package io.tetherdb.internal.store;

/**
 * The corrupt-file suite on an encrypted file: damage to the encryption header or to any
 * encrypted sector must end in a typed error or the exact data, as on a plain file. A flipped
 * bit in a sector scrambles a whole 16-byte block of the plaintext, which MVStore's and TetherDB's
 * checksums must catch.
 */
class EncryptedCorruptFileTests extends CorruptFileTests {
}
