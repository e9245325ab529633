package io.tetherdb.sample.reading;

import io.tetherdb.sample.sensor.SensorActivity;
import io.tetherdb.sample.web.NotFoundException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/sensors/{id}/activity}: how many readings a sensor has sent and the time of its
 * latest, kept up to date by update operators as readings arrive. Thread-safe.
 *
 * @since 0.2
 */
@RestController
public class SensorActivityController {

    private final ReadingStore readings;

    /**
     * @param readings where readings and their activity are kept; not null
     */
    public SensorActivityController(ReadingStore readings) {
        this.readings = readings;
    }

    /**
     * @param id the sensor id
     * @return the sensor's activity; 404 if it has sent no reading
     */
    @GetMapping("/api/sensors/{id}/activity")
    SensorActivity activity(@PathVariable String id) {
        return this.readings.activity(id)
            .orElseThrow(() -> new NotFoundException("Sensor '" + id + "' has sent no reading"));
    }

}
