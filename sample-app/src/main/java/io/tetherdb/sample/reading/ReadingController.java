package io.tetherdb.sample.reading;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.tetherdb.sample.SampleProperties;
import io.tetherdb.sample.web.NotFoundException;
import io.tetherdb.sample.web.Paging;
import io.tetherdb.sample.web.RequestTooLargeException;
import io.tetherdb.sample.web.TimeWindow;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of readings under {@code /api/readings}: ingest one or a batch, get, list most recent
 * first, delete, and query with a MongoDB-style filter. A {@code ttl} parameter on ingest (such as
 * {@code 2h} or {@code PT2H}) overrides the retention, {@code sample.retention}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@RestController
@RequestMapping("/api/readings")
public class ReadingController {

    private final ReadingStore readings;

    private final SampleProperties properties;

    /**
     * @param readings where readings are kept; not null
     * @param properties the application's settings; not null
     */
    public ReadingController(ReadingStore readings, SampleProperties properties) {
        this.readings = readings;
        this.properties = properties;
    }

    /**
     * @param reading the reading
     * @param ttl how long to keep it; null for the configured retention
     * @return 201 with the reading as stored and its location
     */
    @PostMapping
    ResponseEntity<Reading> create(@RequestBody NewReading reading, @RequestParam(required = false) String ttl) {
        Reading stored = this.readings.add(reading, retention(ttl));
        return ResponseEntity.created(URI.create("/api/readings/" + stored.id())).body(stored);
    }

    /**
     * @param batch the readings, a JSON array
     * @param ttl how long to keep them; null for the configured retention
     * @return 201 with their ids; nothing is stored if any reading is refused
     */
    @PostMapping("/batch")
    ResponseEntity<BatchResult> createAll(@RequestBody List<NewReading> batch,
            @RequestParam(required = false) String ttl) {
        int max = this.properties.getBatchMaxSize();
        if (batch.size() > max) {
            throw new RequestTooLargeException("Batch of " + batch.size() + " readings exceeds the limit of " + max
                    + " (sample.batch-max-size); nothing was stored");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(this.readings.addAll(batch, retention(ttl)));
    }

    /**
     * @param id the reading's id
     * @return the reading; 404 if there is none or it has expired
     */
    @GetMapping("/{id}")
    Reading get(@PathVariable String id) {
        return this.readings.get(id).orElseThrow(() -> notFound(id));
    }

    /**
     * @param id the reading's id
     * @return 204; 404 if there was none
     */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!this.readings.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * @param sensorId only this sensor's readings; null for all
     * @param page zero-based page
     * @param size page size
     * @return readings, most recent first
     */
    @GetMapping
    ReadingPage list(@RequestParam(required = false) String sensorId, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return this.readings.recent(sensorId, Paging.of(page, size, this.properties.getMaxPageSize()));
    }

    /**
     * @param filter the filter, relaxed JSON; none for every reading
     * @param sort the sort, such as {@code {value: -1}}; none for most recent first
     * @param page zero-based page
     * @param size page size
     * @return the matching readings
     */
    @GetMapping("/query")
    ReadingPage query(@RequestParam(required = false) String filter, @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return run(ReadingQuery.of(filter, sort, page, size, limits()));
    }

    /**
     * @param body {@code {"filter": ..., "sort": ..., "page": 0, "size": 50}}, every field optional
     * @return the matching readings
     */
    @PostMapping(path = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
    ReadingPage queryBody(@RequestBody(required = false) String body) {
        return run(ReadingQuery.fromBody(body, limits()));
    }

    private ReadingPage run(ReadingQuery query) {
        return this.readings.find(query.filter(), query.sort(), query.paging());
    }

    private ReadingQuery.Limits limits() {
        return new ReadingQuery.Limits(this.properties.getMaxQueryLength(), this.properties.getMaxPageSize());
    }

    private Duration retention(String ttl) {
        return (ttl != null) ? TimeWindow.parseDuration("ttl", ttl, this.properties.getMaxRetention())
                : this.properties.getRetention();
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No reading with id '" + id + "'; it may have expired or been deleted");
    }
}
