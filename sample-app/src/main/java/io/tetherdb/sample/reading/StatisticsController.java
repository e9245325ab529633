package io.tetherdb.sample.reading;

import java.time.Duration;
import java.util.List;

import io.tetherdb.sample.SampleProperties;
import io.tetherdb.sample.sensor.SensorRepository;
import io.tetherdb.sample.web.InvalidRequestException;
import io.tetherdb.sample.web.NotFoundException;
import io.tetherdb.sample.web.TimeWindow;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Statistics and chart series of readings over a window ending now ({@code window=24h} by
 * default, at most the longest retention): per sensor under {@code /api/sensors/{id}/statistics}
 * and {@code /api/sensors/{id}/series}, for every sensor under {@code /api/statistics}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@RestController
public class StatisticsController {

    /** Most points a series may be asked for. */
    static final int MAX_POINTS = 2000;

    private final ReadingStore readings;

    private final SensorRepository sensors;

    private final Duration maxWindow;

    /**
     * @param readings where readings are kept; not null
     * @param sensors where sensors are kept; not null
     * @param properties the application's settings; not null
     */
    public StatisticsController(ReadingStore readings, SensorRepository sensors, SampleProperties properties) {
        this.readings = readings;
        this.sensors = sensors;
        this.maxWindow = properties.getMaxRetention();
    }

    /**
     * @param id the sensor
     * @param window the window ending now
     * @return count, min, max and average of its readings in the window; 404 for a sensor that is
     *         neither registered nor has readings
     */
    @GetMapping("/api/sensors/{id}/statistics")
    SensorStatistics sensorStatistics(@PathVariable String id, @RequestParam(defaultValue = "24h") String window) {
        TimeWindow timeWindow = TimeWindow.parse(window, this.maxWindow);
        checkKnown(id);
        return this.readings.statistics(id, timeWindow);
    }

    /**
     * @param window the window ending now
     * @return statistics of every sensor with readings in the window, by sensor id
     */
    @GetMapping("/api/statistics")
    List<SensorStatistics> statistics(@RequestParam(defaultValue = "24h") String window) {
        return this.readings.statistics(TimeWindow.parse(window, this.maxWindow));
    }

    /**
     * @param id the sensor
     * @param window the window ending now
     * @param points most points to return
     * @return its values in the window, oldest first
     */
    @GetMapping("/api/sensors/{id}/series")
    Series series(@PathVariable String id, @RequestParam(defaultValue = "24h") String window,
            @RequestParam(defaultValue = "300") int points) {
        TimeWindow timeWindow = TimeWindow.parse(window, this.maxWindow);
        if (points < 1 || points > MAX_POINTS) {
            throw new InvalidRequestException("points must be between 1 and " + MAX_POINTS + " but was " + points);
        }
        checkKnown(id);
        return this.readings.series(id, timeWindow, points);
    }

    private void checkKnown(String id) {
        if (!this.sensors.existsById(id) && !this.readings.hasReadings(id)) {
            throw new NotFoundException("No sensor with id '" + id + "' and no readings from it");
        }
    }
}
