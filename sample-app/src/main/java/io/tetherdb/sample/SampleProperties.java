package io.tetherdb.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the sample application, bound from {@code sample.*}. The store itself is configured
 * by the starter's {@code tetherdb.*} properties.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 *
 * @since 0.1
 */
@ConfigurationProperties("sample")
public class SampleProperties {

    /** Time a reading is kept after it is written, unless the request asks for another. */
    private Duration retention = Duration.ofDays(7);

    /** Longest retention a request may ask for. */
    private Duration maxRetention = Duration.ofDays(366);

    /** Largest number of readings one batch request may carry. */
    private int batchMaxSize = 1000;

    /** Largest request body accepted, on every path. */
    private DataSize maxRequestSize = DataSize.ofMegabytes(1);

    /** Longest filter or sort text, in characters, that a query may carry. */
    private int maxQueryLength = 4096;

    /** Largest page size of list and query results. */
    private int maxPageSize = 500;

    /**
     * Whether to seed a fresh demo data set at start-up, replacing the readings of an earlier demo
     * run. The {@code --demo} command-line flag sets it.
     */
    private boolean demo;

    /**
     * Whether to seed the demo data set at start-up when the store holds neither readings nor
     * sensors, so that a first run shows a populated dashboard.
     */
    private boolean demoWhenEmpty = true;

    public Duration getRetention() {
        return this.retention;
    }

    public void setRetention(Duration retention) {
        this.retention = positive("retention", retention);
    }

    public Duration getMaxRetention() {
        return this.maxRetention;
    }

    public void setMaxRetention(Duration maxRetention) {
        this.maxRetention = positive("max-retention", maxRetention);
    }

    public int getBatchMaxSize() {
        return this.batchMaxSize;
    }

    public void setBatchMaxSize(int batchMaxSize) {
        this.batchMaxSize = atLeastOne("batch-max-size", batchMaxSize);
    }

    public DataSize getMaxRequestSize() {
        return this.maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        if (maxRequestSize == null || maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("sample.max-request-size must be positive but was " + maxRequestSize);
        }
        this.maxRequestSize = maxRequestSize;
    }

    public int getMaxQueryLength() {
        return this.maxQueryLength;
    }

    public void setMaxQueryLength(int maxQueryLength) {
        this.maxQueryLength = atLeastOne("max-query-length", maxQueryLength);
    }

    public int getMaxPageSize() {
        return this.maxPageSize;
    }

    public void setMaxPageSize(int maxPageSize) {
        this.maxPageSize = atLeastOne("max-page-size", maxPageSize);
    }

    public boolean isDemo() {
        return this.demo;
    }

    public void setDemo(boolean demo) {
        this.demo = demo;
    }

    public boolean isDemoWhenEmpty() {
        return this.demoWhenEmpty;
    }

    public void setDemoWhenEmpty(boolean demoWhenEmpty) {
        this.demoWhenEmpty = demoWhenEmpty;
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("sample." + name + " must be positive but was " + value);
        }
        return value;
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("sample." + name + " must be at least 1 but was " + value);
        }
        return value;
    }
}
