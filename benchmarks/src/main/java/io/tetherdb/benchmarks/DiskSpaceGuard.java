package io.tetherdb.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Refuses to start a run that the free disk space cannot hold. The estimate is per document, for
 * the system that needs the most (each system's files are deleted before the next one runs):
 * {@value #BYTES_PER_DOCUMENT} bytes for TetherDB, SQLite and raw MVStore (a one-by-one store and a
 * batch store of about 250 bytes a document each, the growth of uncompacted commits and SQLite's
 * WAL, with room to spare), {@value #NITRITE_BYTES_PER_DOCUMENT} for Nitrite (its file grows with
 * every auto-commit: 2.3 GB, once 53 GB, for 100,000 documents), and 1,000 bytes a document of
 * the streaming phase, plus {@value #MARGIN_BYTES} bytes. Stateless.
 */
final class DiskSpaceGuard {

    static final long BYTES_PER_DOCUMENT = 2_000;
    static final long NITRITE_BYTES_PER_DOCUMENT = 500_000;
    static final long MARGIN_BYTES = 512L << 20;

    private DiskSpaceGuard() {
    }

    /** @return the bytes a run with these options needs free in its directory */
    static long required(ComparisonHarness.Options options) {
        long perDocument = options.includes("Nitrite") ? NITRITE_BYTES_PER_DOCUMENT : BYTES_PER_DOCUMENT;
        long workload = perDocument * Math.max(options.n(), options.warmup());
        return Math.max(workload, 1_000L * options.streamDocs()) + MARGIN_BYTES;
    }

    /**
     * @param options the run's options
     * @param directory where the run writes (an existing ancestor is measured)
     * @throws IllegalStateException if less space is free than the run needs
     */
    static void check(ComparisonHarness.Options options, Path directory) throws IOException {
        Path existing = directory.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free = Files.getFileStore(existing).getUsableSpace();
        long needed = required(options);
        if (free < needed) {
            throw new IllegalStateException(String.format(Locale.ROOT, "A run at N = %,d%s needs about %.1f GB free"
                    + " in %s but %.1f GB are free: free some space, pass --dir= on a larger disk, or leave out the"
                    + " systems that need the most (--systems=, Nitrite: %,d bytes a document, the others %,d)",
                    options.n(), options.includes("Nitrite") ? " with Nitrite" : "", needed / 1e9, existing, free / 1e9,
                    NITRITE_BYTES_PER_DOCUMENT, BYTES_PER_DOCUMENT));
        }
    }
}
