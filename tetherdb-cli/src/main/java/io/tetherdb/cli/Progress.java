package io.tetherdb.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with rate and time left on standard error, or nothing when the output is no
 * terminal or {@code --quiet} is given. Not thread-safe.
 */
class Progress implements AutoCloseable {

    /** Shows nothing. */
    static final Progress NONE = new Progress(null);

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param task what is running, such as "Exporting"
     * @param max the total, or -1 if unknown (the bar then shows the count and rate only)
     * @param unit the unit of the count, such as "MiB", or null for plain counts
     * @param unitSize how many counted items make one unit
     */
    static Progress onTerminal(String task, long max, String unit, long unitSize) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setEtaFunction(state -> state.getMax() <= 0 || state.getCurrent() <= 0 ? Optional.empty()
                        : Optional.of(Duration.ofMillis((long) (state.getElapsedAfterStart().toMillis()
                                * (double) (state.getMax() - state.getCurrent()) / state.getCurrent()))));
        if (unit != null) {
            builder.setUnit(unit, unitSize);
        }
        if (max > 0 || unit != null) {
            // a bar that cannot count (verify) shows only the time it has taken
            builder.showSpeed().setSpeedUnit(ChronoUnit.SECONDS);
        }
        return new Progress(builder.build());
    }

    void step() {
        if (bar != null) {
            bar.step();
        }
    }

    void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
