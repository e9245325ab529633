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

    // absent with tetherdb.backend=mongodb (profile "mongodb")
    private final ObjectProvider<TetherDB> db;

    private final ReadingStore readings;

    private final SensorRepository sensors;

    private final SampleProperties properties;

    private final Environment environment;

    private final ObjectProvider<TetherDbConsole> console;

    StartupReport(ObjectProvider<TetherDB> db, ReadingStore readings, SensorRepository sensors,
            SampleProperties properties, Environment environment, ObjectProvider<TetherDbConsole> console) {
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
                "  Console:    " + ((console == null) ? "off (it needs tetherdb.console.enabled=true and the embedded store)"
                        : ((base != null) ? base : "") + console.getPath() + "/ ("
                                + (console.isAllowWrites() ? "writes allowed" : "read-only") + ")"),
                describeLocation(this.db.getIfAvailable()),
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
     * @param db the store; null on the MongoDB backend
     * @return where the documents are: the absolute path of the store's file, in memory, or a server
     */
    private String describeLocation(TetherDB db) {
        if (db == null) {
            return "  Data:       on MongoDB, database " + this.environment.getProperty("tetherdb.mongodb.database",
                    "named in tetherdb.mongodb.uri") + "  (profile mongodb; tetherdb.mongodb.uri says where)";
        }
        return "  Data file:  " + db.path().map((path) -> path.toAbsolutePath().normalize().toString()).orElse("in-memory")
                + "  (tetherdb.path moves it; tetherdb.in-memory=true keeps nothing)";
    }
}
