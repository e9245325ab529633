package io.tetherdb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, and that can run an action the next time the store reads it,
 * to act at a chosen point inside an operation. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final AtomicLong millis;
    private final AtomicReference<Hook> hook = new AtomicReference<>();

    /** An action for the next reading of the clock made from within a method of the given name, or any. */
    private record Hook(String within, Runnable action) {
    }

    public MutableClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public static MutableClock startingAt(String instant) {
        return new MutableClock(Instant.parse(instant));
    }

    public void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    /** Runs the action once, on the thread that next reads the clock, before the reading returns. */
    public void onNextReading(Runnable action) {
        hook.set(new Hook(null, action));
    }

    /** As {@link #onNextReading(Runnable)}, for the next reading made from within a method of that name. */
    public void onNextReadingWithin(String methodName, Runnable action) {
        hook.set(new Hook(methodName, action));
    }

    private void runHook() {
        Hook next = hook.get();
        if (next == null || next.within() != null && !StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(frame -> frame.getMethodName().equals(next.within())))) {
            return;
        }
        if (hook.compareAndSet(next, null)) {
            next.action().run();
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        runHook();
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
