package io.tetherdb.benchmarks.jmh;

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
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;

/**
 * Matching a filter against an encoded document, the inner loop of an unindexed query: through
 * the lazy view (decodes only the fields the filter reads) and, for comparison, after a full decode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterBenchmark {

    private byte[] encoded;
    private final Filter ageEquals = Filters.eq("age", 42);
    private final Filter ageRange = Filters.and(Filters.gte("age", 30), Filters.lt("age", 40));
    private final Filter textContains = Filters.contains("text", "zulu");

    @Setup
    public void setUp() {
        encoded = DocumentCodec.encode(Workload.generate(1, 1).document(0));
    }

    @Benchmark
    public boolean lazyEquals() {
        return ageEquals.matches(DocumentCodec.lazy(encoded));
    }

    @Benchmark
    public boolean lazyRange() {
        return ageRange.matches(DocumentCodec.lazy(encoded));
    }

    @Benchmark
    public boolean lazyContainsLastField() {
        return textContains.matches(DocumentCodec.lazy(encoded));
    }

    @Benchmark
    public boolean decodedEquals() {
        return ageEquals.matches(DocumentCodec.decode(encoded));
    }
}
