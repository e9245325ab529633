package io.tetherdb.spring.lifecycle;

import java.util.Objects;

import io.tetherdb.TetherDB;
import io.tetherdb.error.StoreClosedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Forces a store's writes to the disk when the application context stops, in a phase after the
 * web server has stopped taking requests, so the writes of every request served are durable
 * before the rest of the shutdown runs. The store itself is closed later, when its bean is
 * destroyed: by then every bean that uses it has been destroyed first, so none of them can find it
 * closed.
 *
 * <p>Shutdown order, highest phase first: the web server's graceful shutdown
 * ({@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}, {@code DEFAULT_PHASE - 1024}), the
 * web server's stop ({@code START_STOP_LIFECYCLE_PHASE}, {@code DEFAULT_PHASE - 2048}),
 * {@link TetherDbCleanupScheduler} ({@link #PHASE} {@code + 1}), this flush ({@link #PHASE}),
 * then bean destruction, which closes the store.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class TetherDbLifecycle implements SmartLifecycle {

    /**
     * Phase of this lifecycle: below the web server's stop phase
     * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE},
     * {@code SmartLifecycle.DEFAULT_PHASE - 2048} in Spring Boot 4), so it stops afterwards. The
     * starter does not depend on the web server module, hence the number rather than the constant.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(TetherDbLifecycle.class);

    private final TetherDB db;

    private volatile boolean running;

    /**
     * @param db the store to flush at stop; not null
     */
    public TetherDbLifecycle(TetherDB db) {
        this.db = Objects.requireNonNull(db, "db must not be null");
    }

    @Override
    public void start() {
        this.running = true;
    }

    /** Flushes the store, unless it is already closed. */
    @Override
    public void stop() {
        try {
            if (!this.db.isClosed()) {
                this.db.flush();
                logger.debug("Flushed " + this.db + " at shutdown");
            }
        }
        catch (StoreClosedException ex) {
            // closed by someone else meanwhile: closing flushed it
        }
        finally {
            this.running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
