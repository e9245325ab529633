package io.tetherdb.crash;

import java.nio.file.Path;

import io.tetherdb.TetherDB;

/**
 * The in-place compaction kill -9 suite for encrypting, re-keying and decrypting
 * ({@link RekeyChild}): after a SIGKILL at any moment, the file at the path opens with exactly one
 * of its passwords (or none) and is complete, the old file or the new one, never neither.
 * {@code -Dtetherdb.compact.cycles} and {@code -Dtetherdb.compact.seed} apply.
 */
class RekeyKillNineIntegrationTests extends CompactKillNineIntegrationTests {

    @Override
    Class<?> child() {
        return RekeyChild.class;
    }

    @Override
    TetherDB openForCheck(Path file) {
        return RekeyChild.open(file);
    }
}
