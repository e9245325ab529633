package io.tetherdb.benchmarks;

/**
 * A row of the comparison table: what is measured, in which unit, and which way is better. Results
 * files ({@link ScalingResults}) name rows by the constant, so a label may change but a name not.
 */
enum Phase {
    /** Not at equal durability: TetherDB commits every flushThreshold writes, SQLite every write. */
    INSERT_ONE("insert one by one (T commits per 1,000, SQLite per write)", Unit.OPS),
    INSERT_BATCH("insert in batches of 1,000", Unit.OPS),
    GET("get by random id", Unit.OPS),
    QUERY_UNINDEXED("query age = 42, no index", Unit.MS),
    CREATE_INDEX("create index on age", Unit.MS),
    QUERY_INDEXED("query age = 42, indexed", Unit.MS),
    RANGE_SORT_LIMIT("age in [30,40) sort score desc limit 10", Unit.MS),
    COUNT_ALL("count all", Unit.MS),
    COUNT_INDEXED("count age = 42, indexed", Unit.MS),
    /** The indexed store closed, then opened again, until its first get has returned. */
    OPEN_GET("reopen the indexed store + first get", Unit.MS),
    /** The same from a second close, until the first indexed query has read all its matches. */
    OPEN_QUERY("reopen + first indexed query age = 42", Unit.MS),
    DELETE_ONE("delete 10% by id, one by one", Unit.OPS),
    TTL_SWEEP("TTL sweep of 1% expired", Unit.MS),
    DELETE_BATCH_SAME("delete the same docs by id, one batch", Unit.MS),
    /** Every write committed before it returns: each survives a crash of the process. */
    COMMIT_EACH("insert, commit each write (crash-safe), 1 thread", Unit.OPS),
    COMMIT_EACH_THREADS("insert, commit each write (crash-safe), 8 threads", Unit.OPS),
    /** Every write forced to the disk before it returns: each survives a power loss. */
    FSYNC_EACH("insert, fsync each write (power-safe), 1 thread", Unit.OPS),
    /** The fsync row with several threads; named DURABLE since issue 8, which results files keep. */
    DURABLE("insert, fsync each write (power-safe), 8 threads", Unit.OPS),
    FILE_SIZE("file size after load", Unit.MB),
    STREAM_PEAK_HEAP("peak heap streaming 1M docs, -Xmx64m", Unit.MB),
    /** TetherDB only: a forked JVM with a small heap opens the loaded store, gets and queries. */
    OPEN_PEAK_HEAP("peak heap to open, get, query the store, -Xmx64m", Unit.MB);

    /** Unit of a row and whether a larger value is better. */
    enum Unit {
        OPS("ops/s", true), MS("ms", false), MB("MB", false);

        final String label;
        final boolean higherIsBetter;

        Unit(String label, boolean higherIsBetter) {
            this.label = label;
            this.higherIsBetter = higherIsBetter;
        }
    }

    final String label;
    final Unit unit;

    Phase(String label, Unit unit) {
        this.label = label;
        this.unit = unit;
    }
}
