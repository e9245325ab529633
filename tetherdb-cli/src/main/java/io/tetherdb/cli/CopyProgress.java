package io.tetherdb.cli;

import java.util.function.BiConsumer;

/**
 * Shows the progress a core copy (backup, compaction, salvage) reports as (done, total) on a
 * {@link Progress} bar, which it opens at the first report, once the total is known. Not
 * thread-safe: the core reports from the copying thread.
 */
final class CopyProgress implements BiConsumer<Long, Long>, AutoCloseable {

    private final boolean show;
    private final String task;
    private Progress bar;

    CopyProgress(boolean show, String task) {
        this.show = show;
        this.task = task;
    }

    @Override
    public void accept(Long done, Long total) {
        if (!show) {
            return;
        }
        if (bar == null) {
            bar = Progress.onTerminal(task, total, null, 1);
        }
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
