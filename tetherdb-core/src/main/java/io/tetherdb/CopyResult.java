package io.tetherdb;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a backup or a compaction wrote. Immutable and thread-safe.
 *
 * @param file the file written; never null
 * @param documents documents copied, expired ones the sweep had not removed yet included
 * @param entries map entries copied: documents, index and expiry entries and metadata
 * @param bytes size of the file written
 * @param pause how long writers were held back while the copy captured its snapshot
 * @since 0.2
 */
public record CopyResult(Path file, long documents, long entries, long bytes, Duration pause) {
}
