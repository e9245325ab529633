package io.tetherdb.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the heap in use every millisecond on a daemon thread of its own and keeps the largest
 * value seen, for the forked probes ({@link StreamProbe}, {@link OpenProbe}) that report the peak
 * heap a run needed. Started by its constructor, stopped by {@link #close()}; {@link #peak()} is safe
 * to read from any thread.
 */
final class HeapPeakSampler implements AutoCloseable {

    private final AtomicLong peak = new AtomicLong();

    private final Thread sampler;

    HeapPeakSampler() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        this.sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                this.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** @return the largest heap use seen so far, in bytes */
    long peak() {
        return this.peak.get();
    }

    /** Stops sampling and waits for the sampler to end, so that {@link #peak()} is final. */
    @Override
    public void close() throws InterruptedException {
        this.sampler.interrupt();
        this.sampler.join();
    }
}
