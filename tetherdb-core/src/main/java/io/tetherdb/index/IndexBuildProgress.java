package io.tetherdb.index;

/**
 * Receives the progress of an index build: called at the start, every 10,000 documents and at
 * the end, on the thread that builds the index.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface IndexBuildProgress {

    /** Ignores progress. */
    IndexBuildProgress NONE = (indexed, total) -> { };

    /**
     * @param documentsRead documents read so far
     * @param documentsTotal documents in the collection when the build started
     */
    void progress(long documentsRead, long documentsTotal);
}
