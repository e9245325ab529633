package io.tetherdb.benchmarks;

import java.nio.file.Path;
import java.util.stream.Stream;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;

/**
 * Run in a forked JVM with a small heap: opens a TetherDB store with default options, gets one
 * document of its {@code docs} collection by id, streams the documents whose {@code age} equals a
 * value, and prints one line {@code OPEN count=.. found=.. matches=.. openMillis=.. getMillis=..
 * queryMillis=.. peakHeap=..}. The peak is the largest heap use seen by a sampler every
 * millisecond; a JVM that runs out of memory exits non-zero. Single-threaded apart from the sampler.
 */
public final class OpenProbe {

    private OpenProbe() {
    }

    /** @param args the store file, an id that is stored, an age */
    public static void main(String[] args) throws Exception {
        HeapPeakSampler sampler = new HeapPeakSampler();
        long start = System.nanoTime();
        long opened;
        long got;
        long queried;
        boolean found;
        long matches = 0;
        long count;
        try (TetherDB db = TetherDB.open(Path.of(args[0]))) {
            TetherCollection docs = db.collection("docs");
            opened = System.nanoTime();
            found = docs.get(args[1]).isPresent();
            got = System.nanoTime();
            try (Stream<Document> stream = docs.find(Filters.eq("age", Integer.parseInt(args[2]))).stream()) {
                for (Document doc : (Iterable<Document>) stream::iterator) {
                    matches += doc.isEmpty() ? 0 : 1;
                }
            }
            queried = System.nanoTime();
            count = docs.count();
        }
        sampler.close();
        System.out.println("OPEN count=" + count + " found=" + found + " matches=" + matches + " openMillis="
                + (opened - start) / 1_000_000 + " getMillis=" + (got - opened) / 1_000_000 + " queryMillis="
                + (queried - got) / 1_000_000 + " peakHeap=" + sampler.peak());
    }
}
