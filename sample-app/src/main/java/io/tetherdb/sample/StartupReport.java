package io.tetherdb.sample;

import java.time.Duration;

import io.tetherdb.TetherDB;
import io.tetherdb.sample.reading.ReadingStore;
import io.tetherdb.sample.sensor.SensorRepository;
import io.tetherdb.spring.console.TetherDbConsole;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs, once the application is ready, where its data file lives and the addresses of the dashboard
 * and of the starter's data console, so that whoever started it knows where to look.
 *
 * @since 0.1
 */
@Component
class StartupReport {

    private static final Log logger = LogFactory.getLog(StartupReport.class);

    private final TetherDB db;

    private final ReadingStore readings;

    private final SensorRepository sensors;

    private final SampleProperties properties;

    private final Environment environment;

    private final ObjectProvider<TetherDbConsole> console;

    StartupReport(TetherDB db, ReadingStore readings, SensorRepository sensors, SampleProperties properties,
            Environment environment, ObjectProvider<TetherDbConsole> console) {
        this.db = db;
        this.readings = readings;
        this.sensors = sensors;
        this.properties = properties;
        this.environment = environment;
        this.console = console;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        String port = this.environment.getProperty("local.server.port");
        String contextPath = this.environment.getProperty("server.servlet.context-path", "");
        String base = (port != null) ? "http://localhost:" + port + contextPath : null;
        TetherDbConsole console = this.console.getIfAvailable();
        logger.info(String.join(System.lineSeparator(), "TetherDB sample app is ready",
                "  Dashboard:  " + ((base != null) ? base + "/" : "(no web server)"),
                "  Console:    " + ((console == null) ? "off (tetherdb.console.enabled=false)"
                        : ((base != null) ? base : "") + console.getPath() + "/ ("
                                + (console.isAllowWrites() ? "writes allowed" : "read-only") + ")"),
                "  Data file:  " + describeLocation(this.db)
                        + "  (tetherdb.path moves it; tetherdb.in-memory=true keeps nothing)",
                "  Holding:    " + this.readings.count() + " readings from " + this.sensors.count()
                        + " sensors; readings are kept for " + describe(this.properties.getRetention())));
    }

    private static String describe(Duration duration) {
        if (duration.toSeconds() % 86400 == 0) {
            return duration.toDays() + " days";
        }
        return (duration.toSeconds() % 3600 == 0) ? duration.toHours() + " hours" : duration.toString();
    }

    /**
     * @param db the store; not null
     * @return the absolute path of its file, or {@code in-memory}
     */
    private static String describeLocation(TetherDB db) {
        return db.path().map((path) -> path.toAbsolutePath().normalize().toString()).orElse("in-memory");
    }
}
