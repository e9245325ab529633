package io.tetherdb.sample;

import java.nio.file.Path;

import io.tetherdb.TetherDB;
import io.tetherdb.TetherStatistics;
import io.tetherdb.sample.reading.ReadingStore;
import io.tetherdb.sample.sensor.SensorRepository;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard shows of the store: {@code GET /api/store}, how large it is, what it holds
 * and the limits the API applies, and {@code GET /api/store/health}, the status of the actuator's
 * {@code tetherdb} health indicator. Neither tells where the file is: only its name, since the
 * actuator shows the indicator's details (the file's absolute path among them) to no one
 * ({@code management.endpoint.health.show-details=when-authorized}, and the app authorizes no one).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@RestController
public class StoreController {

    // absent with tetherdb.backend=mongodb (profile "mongodb"): the documents live on the server
    private final ObjectProvider<TetherDB> db;

    private final ReadingStore readings;

    private final SensorRepository sensors;

    private final SampleProperties properties;

    private final ObjectProvider<HealthEndpoint> health;

    StoreController(ObjectProvider<TetherDB> db, ReadingStore readings, SensorRepository sensors, SampleProperties properties,
            ObjectProvider<HealthEndpoint> health) {
        this.db = db;
        this.readings = readings;
        this.sensors = sensors;
        this.properties = properties;
        this.health = health;
    }

    @GetMapping("/api/store")
    StoreInfo store() {
        TetherDB store = this.db.getIfAvailable();
        if (store == null) {
            return new StoreInfo("mongodb", false, null, 0, this.readings.count(), this.sensors.count(),
                    this.properties.getRetention().toString(), this.properties.getBatchMaxSize(),
                    this.properties.getMaxRequestSize().toBytes(), 0, 0);
        }
        TetherStatistics statistics = store.statistics();
        String fileName = store.path().map(Path::getFileName).map(Path::toString).orElse(null);
        return new StoreInfo("embedded", fileName == null, fileName, statistics.fileSize(), this.readings.count(),
                this.sensors.count(), this.properties.getRetention().toString(), this.properties.getBatchMaxSize(),
                this.properties.getMaxRequestSize().toBytes(), statistics.commits(), statistics.expiredRemoved());
    }

    /**
     * @return the status of the {@code tetherdb} health indicator; {@code UNKNOWN} when the health
     *         endpoint is not exposed. It answers also when the store has failed, as {@code DOWN}.
     */
    @GetMapping("/api/store/health")
    StoreHealth storeHealth() {
        HealthEndpoint endpoint = this.health.getIfAvailable();
        HealthDescriptor descriptor = (endpoint != null) ? endpoint.healthForPath("tetherdb") : null;
        return new StoreHealth(((descriptor != null) ? descriptor.getStatus() : Status.UNKNOWN).getCode());
    }

    /**
     * What {@code /api/store/health} answers.
     *
     * @param status {@code UP}, {@code DOWN} or {@code UNKNOWN}
     */
    record StoreHealth(String status) {
    }

    /**
     * What {@code /api/store} answers.
     *
     * @param backend {@code embedded}, or {@code mongodb} (then the store's file and counters are empty)
     * @param inMemory whether the store keeps nothing on disk
     * @param fileName name of the store file, without its directory; null in memory
     * @param fileSize size of the store file in bytes, 0 in memory
     * @param readings live readings
     * @param sensors sensors
     * @param retention default retention of readings, ISO-8601
     * @param batchMaxSize most readings per batch
     * @param maxRequestSize largest request body in bytes
     * @param commits commits since the store was opened
     * @param expiredRemoved expired documents removed since the store was opened
     */
    record StoreInfo(String backend, boolean inMemory, String fileName, long fileSize, long readings, long sensors, String retention,
            int batchMaxSize, long maxRequestSize, long commits, long expiredRemoved) {
    }
}
