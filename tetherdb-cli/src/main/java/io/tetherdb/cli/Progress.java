package io.tetherdb.cli;

import java.time.Duration;

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
     * @param max the total, or -1 if unknown (the bar then shows the count and rate only)
     */
    static Progress onTerminal(String task, long max, String unit, long unitSize) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setEtaFunction(state -> state.getMax() <= 0 || state.getCurrent() <= 0 ? java.util.Optional.empty()
                        : java.util.Optional.of(Duration.ofMillis((long) (state.getElapsedAfterStart().toMillis()
                                * (double) (state.getMax() - state.getCurrent()) / state.getCurrent()))));
        if (unit != null) {
            builder.setUnit(unit, unitSize);
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
