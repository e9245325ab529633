package io.tetherdb;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Options of a {@linkplain TetherDB#backup(java.nio.file.Path, CopyOptions) backup}, a
 * {@linkplain TetherDB#compact(java.nio.file.Path, java.nio.file.Path, CopyOptions) compaction} or a
 * {@linkplain TetherDB#salvage(java.nio.file.Path, java.nio.file.Path, CopyOptions) salvage}: whether an
 * existing target may be replaced, and who hears of the progress. Immutable and thread-safe; the
 * progress listener is called on the copying thread.
 *
 * @since 0.2
 */
public final class CopyOptions {

    private static final BiConsumer<Long, Long> SILENT = (done, total) -> {
    };
    private static final CopyOptions DEFAULTS = new CopyOptions(false, SILENT);

    private final boolean overwrite;
    private final BiConsumer<Long, Long> progress;

    private CopyOptions(boolean overwrite, BiConsumer<Long, Long> progress) {
        this.overwrite = overwrite;
        this.progress = progress;
    }

    /** @return options that refuse an existing target and report no progress */
    public static CopyOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param overwrite whether an existing file at the target may be replaced (atomically, once the
     *        copy is complete); false by default
     * @return options with that choice
     */
    public CopyOptions overwrite(boolean overwrite) {
        return new CopyOptions(overwrite, progress);
    }

    /**
     * @param progress receives (entries done, entries in all) now and then, entries being documents,
     *        index and expiry entries; not null
     * @return options with that listener
     */
    public CopyOptions progress(BiConsumer<Long, Long> progress) {
        return new CopyOptions(overwrite, Objects.requireNonNull(progress, "progress must not be null"));
    }

    /** @return whether an existing target may be replaced */
    public boolean overwrite() {
        return overwrite;
    }

    /** @return the progress listener */
    public BiConsumer<Long, Long> progress() {
        return progress;
    }
}
