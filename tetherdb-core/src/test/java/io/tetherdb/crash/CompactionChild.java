package io.tetherdb.crash;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tetherdb.CopyOptions;
import io.tetherdb.TetherDB;

/**
 * The child JVM of {@link CompactKillNineIntegrationTests}: compacts one store file in place over
 * and over until it is killed, printing {@code COPYING} when the first copy starts and
 * {@code COMPACTED n} after each completed compaction.
 */
public final class CompactionChild {

    private CompactionChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        AtomicBoolean announced = new AtomicBoolean();
        CopyOptions options = CopyOptions.defaults().progress((done, all) -> {
            if (announced.compareAndSet(false, true)) {
                System.out.println("COPYING");
                System.out.flush();
            }
            if (done.equals(all) && done > 0) {
                // the new file is complete and on the disk: the rename comes next
                System.out.println("COPIED");
                System.out.flush();
            }
        });
        for (int n = 1; ; n++) {
            TetherDB.compactInPlace(file, options);
            System.out.println("COMPACTED " + n);
            System.out.flush();
        }
    }
}
