package io.tetherdb.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.benchmarks.Workload;
import io.tetherdb.document.Document;

/**
 * Get by id and put on a file-backed store holding 100,000 workload documents, with compression
 * on (the default) and off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreBenchmark {

    private static final int DOCUMENTS = 100_000;

    @Param({"true", "false"})
    public boolean compression;

    private Path dir;
    private TetherDB db;
    private TetherCollection docs;
    private Workload workload;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tetherdb-jmh");
        db = TetherDB.builder().path(dir.resolve("store.db")).compression(compression).open();
        docs = db.collection("docs");
        workload = Workload.generate(DOCUMENTS, 1);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            Map<String, Object> doc = new LinkedHashMap<>(workload.document(i));
            doc.put("_id", workload.id(i));
            batch.add(doc);
            if (batch.size() == 1000) {
                docs.putBatch(batch);
                batch.clear();
            }
        }
        db.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public Optional<Document> getById() {
        return docs.get(workload.id(ThreadLocalRandom.current().nextInt(DOCUMENTS)));
    }

    @Benchmark
    public String put() {
        return docs.put(workload.document((int) (next++ % DOCUMENTS)));
    }
}
