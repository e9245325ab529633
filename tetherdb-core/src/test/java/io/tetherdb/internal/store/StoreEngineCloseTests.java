package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tetherdb.TestStores;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How the engine's close() treats its own maintenance thread. */
@ExtendWith(TetherTestExtension.class)
class StoreEngineCloseTests {

    @TempDir
    Path directory;

    /**
     * close() used {@code shutdownNow()}, which interrupts a running maintenance task; a task in
     * the middle of a file read or commit then has its FileChannel closed by the interrupt, and
     * the final commit of close() fails on the closed file. close() must let the task end by
     * itself (every store call it makes now throws StoreClosedException).
     */
    @Test
    void closeLetsARunningMaintenanceTaskEndWithoutInterruptingIt() throws Exception {
        StoreEngine engine = StoreEngine.open(TestStores.settings(
                TetherDB.builder().path(directory.resolve("maintenance.db")).options()));
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean sawClose = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        engine.scheduleWithFixedDelay(() -> {
            running.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!engine.isClosed() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            sawClose.set(engine.isClosed());
            interrupted.set(Thread.currentThread().isInterrupted());
        }, 1);
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        engine.close();

        assertThat(sawClose).isTrue();
        assertThat(interrupted).as("maintenance thread interrupted by close()").isFalse();
    }
}
