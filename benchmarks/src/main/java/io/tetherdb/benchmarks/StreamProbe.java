package io.tetherdb.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;

/**
 * Run in a forked JVM (under {@code -Xmx64m}): opens a TetherDB store, streams every document of
 * its {@code docs} collection, and prints one line {@code STREAM count=.. peakHeap=.. millis=..}.
 * The peak is the largest heap use seen by a sampler every millisecond, and at least the largest
 * post-GC use of any heap pool; a JVM that runs out of memory exits non-zero.
 */
public final class StreamProbe {

    private StreamProbe() {
    }

    /** @param args the store file */
    public static void main(String[] args) throws Exception {
        HeapPeakSampler sampler = new HeapPeakSampler();
        long count = 0;
        long fields = 0;
        long start = System.nanoTime();
        try (TetherDB db = TetherDB.open(Path.of(args[0]));
                Stream<Document> all = db.collection("docs").find().stream()) {
            for (Document doc : (Iterable<Document>) all::iterator) {
                count++;
                fields += doc.size();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        sampler.close();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                afterGc += pool.getCollectionUsage().getUsed();
            }
        }
        System.out.println("STREAM count=" + count + " fields=" + fields + " peakHeap=" + sampler.peak()
                + " maxHeap=" + Runtime.getRuntime().maxMemory() + " millis=" + millis + " lastGcHeap=" + afterGc);
    }
}
