package io.tetherdb.sample.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tetherdb.sample.SampleProperties;
import io.tetherdb.sample.reading.NewReading;
import io.tetherdb.sample.reading.ReadingStore;
import io.tetherdb.sample.sensor.Sensor;
import io.tetherdb.sample.sensor.SensorRepository;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds six sensors and a day of their readings, one every three minutes (2,880 in all), tagged
 * {@code demo} and, above a sensor's alert level, {@code alert}. Values follow a daily cycle
 * with noise from a fixed seed, so every run looks alike. It runs at start-up when
 * {@code sample.demo} is set, replacing the readings of an earlier demo run, or when
 * {@code sample.demo-when-empty} is set (the default) and the store holds neither readings nor
 * sensors. The readings are ordinary readings: they expire after the configured retention.
 *
 * @since 0.1
 */
@Component
@Order(0)
public class DemoDataSeeder implements ApplicationRunner {

    /** Tag carried by every demo reading. */
    public static final String DEMO_TAG = "demo";

    /** Tag carried by demo readings above their sensor's alert level. */
    public static final String ALERT_TAG = "alert";

    /** Time covered by the demo readings, ending at start-up. */
    static final Duration HISTORY = Duration.ofHours(24);

    /** Time between two readings of one sensor. */
    static final Duration INTERVAL = Duration.ofMinutes(3);

    private static final Log logger = LogFactory.getLog(DemoDataSeeder.class);

    private static final int BATCH = 500;

    private static final List<Profile> PROFILES = List.of(
            new Profile(new Sensor("greenhouse-temp", "temperature", "°C", "greenhouse"), 22, 6, 0.4, 14, 28),
            new Profile(new Sensor("greenhouse-humidity", "humidity", "%", "greenhouse"), 68, -14, 1.5, 14, 85),
            new Profile(new Sensor("office-temp", "temperature", "°C", "office"), 21, 1.5, 0.2, 15, 24),
            new Profile(new Sensor("office-co2", "co2", "ppm", "office"), 430, 350, 25, 13, 1000),
            new Profile(new Sensor("cellar-temp", "temperature", "°C", "cellar"), 12, 0.4, 0.1, 16, 14),
            new Profile(new Sensor("roof-solar", "power", "W", "roof"), 0, 0, 40, 13, 3000));

    private final ReadingStore readings;

    private final SensorRepository sensors;

    private final SampleProperties properties;

    /**
     * @param readings where readings are kept; not null
     * @param sensors where sensors are kept; not null
     * @param properties the application's settings; not null
     */
    public DemoDataSeeder(ReadingStore readings, SensorRepository sensors, SampleProperties properties) {
        this.readings = readings;
        this.sensors = sensors;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (this.properties.isDemo()) {
            seed(Instant.now());
        }
        else if (this.properties.isDemoWhenEmpty() && this.readings.count() == 0 && this.sensors.count() == 0) {
            logger.info("The store is empty: seeding demo data (sample.demo-when-empty=false turns this off)");
            seed(Instant.now());
        }
    }

    /**
     * Replaces the demo readings with a fresh day of them ending at {@code now}.
     *
     * @param now the time of the last readings; not null
     * @return how many readings were stored
     */
    public int seed(Instant now) {
        long removed = this.readings.deleteTagged(DEMO_TAG);
        Random random = new Random(42);
        List<NewReading> pending = new ArrayList<>(BATCH);
        int stored = 0;
        Instant start = now.minus(HISTORY);
        for (Profile profile : PROFILES) {
            this.sensors.save(profile.sensor());
        }
        for (Instant at = start.plus(INTERVAL); !at.isAfter(now); at = at.plus(INTERVAL)) {
            for (Profile profile : PROFILES) {
                double value = profile.valueAt(at, random);
                List<String> tags = (value > profile.alertAbove()) ? List.of(DEMO_TAG, ALERT_TAG) : List.of(DEMO_TAG);
                pending.add(new NewReading(null, profile.sensor().id(), value, null, null, null, at.toString(), tags));
                if (pending.size() == BATCH) {
                    stored += this.readings.addAll(pending, this.properties.getRetention()).count();
                    pending.clear();
                }
            }
        }
        if (!pending.isEmpty()) {
            stored += this.readings.addAll(pending, this.properties.getRetention()).count();
        }
        logger.info("Seeded " + stored + " demo readings from " + PROFILES.size() + " sensors over the last "
                + HISTORY.toHours() + " h" + ((removed > 0) ? ", replacing " + removed + " earlier ones" : ""));
        return stored;
    }

    /**
     * How one demo sensor behaves: a daily cycle around a base value that peaks at a given hour
     * (UTC), plus noise. The solar panel follows the sun instead.
     */
    private record Profile(Sensor sensor, double base, double amplitude, double noise, int peakHour,
            double alertAbove) {

        double valueAt(Instant at, Random random) {
            ZonedDateTime time = at.atZone(ZoneOffset.UTC);
            double hour = time.getHour() + time.getMinute() / 60.0;
            double value;
            if ("power".equals(this.sensor.type())) {
                double daylight = Math.sin(Math.PI * (hour - 6) / 14);
                value = (hour > 6 && hour < 20) ? 3200 * daylight * (0.85 + 0.15 * random.nextDouble()) : 0;
                value += (value > 0) ? random.nextGaussian() * this.noise : 0;
            }
            else if ("co2".equals(this.sensor.type())) {
                boolean occupied = time.getDayOfWeek().getValue() <= 5 && hour >= 8 && hour < 18;
                double load = occupied ? Math.sin(Math.PI * (hour - 8) / 10) : 0;
                value = this.base + this.amplitude * 2 * load + random.nextGaussian() * this.noise;
            }
            else {
                value = this.base + this.amplitude * Math.cos(2 * Math.PI * (hour - this.peakHour) / 24)
                        + random.nextGaussian() * this.noise;
            }
            return Math.round(Math.max(0, value) * 10) / 10.0;
        }
    }
}
