package io.tetherdb.benchmarks.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.tetherdb.benchmarks.Workload;
import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;

/** Encoding and decoding one workload document (about 200 bytes as JSON) with TetherDB's codec. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private Map<String, Object> document;
    private byte[] encoded;

    @Setup
    public void setUp() {
        document = Workload.generate(1, 1).document(0);
        encoded = DocumentCodec.encode(document);
    }

    @Benchmark
    public byte[] encode() {
        return DocumentCodec.encode(document);
    }

    @Benchmark
    public Document decode() {
        return DocumentCodec.decode(encoded);
    }
}
