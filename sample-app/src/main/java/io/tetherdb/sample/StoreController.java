package io.tetherdb.sample;

import io.tetherdb.TetherDB;
import io.tetherdb.TetherStatistics;
import io.tetherdb.sample.reading.ReadingStore;
import io.tetherdb.sample.sensor.SensorRepository;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/store}: where the store lives, how large it is, what it holds and the limits the
 * API applies, for the dashboard. The store's health is the actuator's
 * {@code /actuator/health/tetherdb}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@RestController
public class StoreController {

    private final TetherDB db;

    private final ReadingStore readings;

    private final SensorRepository sensors;

    private final SampleProperties properties;

    StoreController(TetherDB db, ReadingStore readings, SensorRepository sensors, SampleProperties properties) {
        this.db = db;
        this.readings = readings;
        this.sensors = sensors;
        this.properties = properties;
    }

    @GetMapping("/api/store")
    StoreInfo store() {
        TetherStatistics statistics = this.db.statistics();
        return new StoreInfo(StartupReport.describeLocation(this.db), statistics.fileSize(), this.readings.count(),
                this.sensors.count(), this.properties.getRetention().toString(), this.properties.getBatchMaxSize(),
                this.properties.getMaxRequestSize().toBytes(), statistics.commits(), statistics.expiredRemoved());
    }

    /**
     * What {@code /api/store} answers.
     *
     * @param path absolute path of the store file, or {@code in-memory}
     * @param fileSize size of the store file in bytes, 0 in memory
     * @param readings live readings
     * @param sensors sensors
     * @param retention default retention of readings, ISO-8601
     * @param batchMaxSize most readings per batch
     * @param maxRequestSize largest request body in bytes
     * @param commits commits since the store was opened
     * @param expiredRemoved expired documents removed since the store was opened
     */
    record StoreInfo(String path, long fileSize, long readings, long sensors, String retention, int batchMaxSize,
            long maxRequestSize, long commits, long expiredRemoved) {
    }
}
