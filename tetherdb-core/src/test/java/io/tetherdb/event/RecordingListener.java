package io.tetherdb.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A listener that keeps what it receives, for tests to wait on. Thread-safe. */
class RecordingListener implements ChangeListener {

    final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
    final List<SubscriberFellBehindException> fellBehind = new CopyOnWriteArrayList<>();

    @Override
    public void onChange(ChangeEvent event) {
        events.add(event);
    }

    @Override
    public void onFellBehind(SubscriberFellBehindException signal) {
        fellBehind.add(signal);
    }

    /** Waits up to 10 s until at least {@code count} events arrived, and returns them all. */
    List<ChangeEvent> await(int count) {
        return awaitUntil(events -> events.size() >= count);
    }

    List<ChangeEvent> awaitUntil(Predicate<List<ChangeEvent>> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.test(events) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(5));
        }
        assertThat(done.test(events)).as("events arrived in time: %s", events).isTrue();
        return new ArrayList<>(events);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
