package io.tetherdb.sample.live;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tetherdb.event.ChangeKind;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.SubscriberFellBehindException;
import io.tetherdb.sample.reading.Reading;
import io.tetherdb.spring.change.TetherChangeEvent;
import io.tetherdb.spring.change.TetherChangeListener;
import io.tetherdb.spring.change.TetherExpiredEvent;
import io.tetherdb.spring.core.TetherOperations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes readings to the connected dashboards as server-sent events: {@code reading} for each new
 * reading (from {@link TetherOperations#watch}), {@code expired} for each reading the store's expiry
 * sweep removed (from {@link TetherExpiredEvent}), each with the reading as JSON. Events are sent on
 * the store's delivery threads, never on a writer's, so a slow browser never slows ingest. Stops
 * first at shutdown, completing every stream so that the graceful shutdown does not wait for them.
 * Thread-safe.
 *
 * @since 0.2
 */
@Component
public class LiveReadings implements SmartLifecycle {

    /** How long a browser's stream stays open before the browser reconnects (EventSource does so by itself). */
    static final long STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private static final Log logger = LogFactory.getLog(LiveReadings.class);

    private final TetherOperations operations;

    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();

    private volatile ChangeSubscription subscription;

    private volatile boolean unsupported;

    private volatile boolean running;

    public LiveReadings(TetherOperations operations) {
        this.operations = operations;
    }

    /**
     * @return a new stream for one browser, which receives the events from now on
     */
    public SseEmitter connect() {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        emitter.onCompletion(() -> this.emitters.remove(emitter));
        emitter.onTimeout(() -> this.emitters.remove(emitter));
        emitter.onError((ex) -> this.emitters.remove(emitter));
        this.emitters.add(emitter);
        // a first comment flushes the response, so that the browser's EventSource opens at once
        send(emitter, SseEmitter.event().comment("connected"));
        return emitter;
    }

    /** @return how many browsers are connected */
    public int connections() {
        return this.emitters.size();
    }

    @EventListener
    void expired(TetherExpiredEvent<Reading> event) {
        broadcast("expired", event.getEntity());
    }

    private void broadcast(String name, Reading reading) {
        for (SseEmitter emitter : this.emitters) {
            send(emitter, SseEmitter.event().name(name).data(reading, MediaType.APPLICATION_JSON));
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        }
        catch (IOException | IllegalStateException ex) {
            // the browser went away: forget its stream
            this.emitters.remove(emitter);
            emitter.completeWithError(ex);
        }
    }

    @Override
    public synchronized void start() {
        this.running = true;
        if (this.subscription == null && !this.unsupported) {
            try {
                this.subscription = watch();
            }
            catch (UnsupportedOperationException ex) {
                // the MongoDB backend (profile "mongodb") has no change events: the dashboard's
                // periodic refresh still shows new readings, only later
                this.unsupported = true;
                logger.info("Live readings are off: " + ex.getMessage());
            }
        }
    }

    private ChangeSubscription watch() {
        return this.operations.watch(Reading.class, new TetherChangeListener<>() {
            @Override
            public void onChange(TetherChangeEvent<Reading> event) {
                if (event.getKind() == ChangeKind.INSERT) {
                    event.getEntity().ifPresent((reading) -> broadcast("reading", reading));
                }
            }

            @Override
            public void onFellBehind(SubscriberFellBehindException signal) {
                // a burst (a large batch) outran the browsers: go on from now, the dashboard's
                // periodic refresh shows what was skipped
                logger.info("Live readings skipped a burst of changes; going on from now");
                restart();
            }
        });
    }

    private synchronized void restart() {
        if (this.subscription != null) {
            this.subscription = null;
            start();
        }
    }

    @Override
    public synchronized void stop() {
        this.running = false;
        ChangeSubscription subscription = this.subscription;
        this.subscription = null;
        if (subscription != null) {
            subscription.close();
        }
        for (SseEmitter emitter : this.emitters) {
            emitter.complete();
        }
        this.emitters.clear();
    }

    @Override
    public boolean isRunning() {
        // also without a subscription (MongoDB backend): stop() must still complete the browsers' streams
        return this.running;
    }
}
