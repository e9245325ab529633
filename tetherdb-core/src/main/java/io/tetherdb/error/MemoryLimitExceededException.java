package io.tetherdb.error;

/**
 * Thrown when an aggregation stage that must hold data ({@code $group}, {@code $sort},
 * {@code $bucketAuto}, {@code $facet}, ...) would hold more than the aggregation's memory limit and
 * the aggregation may not spill to disk. Nothing is written by such an aggregation. Either raise
 * the limit or allow disk use in the aggregation's options.
 *
 * @since 0.2
 */
public class MemoryLimitExceededException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final String stage;
    private final long limit;

    /**
     * @param stage the stage that exceeded the limit, such as {@code "$group"}; not null
     * @param limit the limit in bytes
     */
    public MemoryLimitExceededException(String stage, long limit) {
        super(stage + " exceeded the aggregation memory limit of " + limit + " bytes; pass"
                + " AggregateOptions.allowDiskUse(true) to let it spill to temporary files, or raise"
                + " AggregateOptions.maxMemory");
        this.stage = stage;
        this.limit = limit;
    }

    /** @return the stage that exceeded the limit, such as {@code "$group"} */
    public String stage() {
        return stage;
    }

    /** @return the limit in bytes */
    public long limit() {
        return limit;
    }
}
