package io.tetherdb.sample.live;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The dashboard's stream of live readings: {@code GET /api/live/readings} answers
 * {@code text/event-stream} with {@code reading} and {@code expired} events (see
 * {@link LiveReadings}). Thread-safe.
 *
 * @since 0.2
 */
@RestController
public class LiveReadingsController {

    private final LiveReadings live;

    public LiveReadingsController(LiveReadings live) {
        this.live = live;
    }

    @GetMapping(path = "/api/live/readings", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter readings() {
        return this.live.connect();
    }
}
