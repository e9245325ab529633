package io.tetherdb.internal.aggregate;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;

/**
 * What a pipeline needs from the store it runs in: finds through the query planner (for a leading
 * {@code $match}/{@code $sort} and for {@code $lookup}), their plans, one all-or-nothing write for
 * {@code $out}/{@code $merge}, and a directory for spill files. Implemented by the facade;
 * implementations are thread-safe.
 */
public interface PipelineSource {

    /**
     * Runs a find lazily; the stream must be closed.
     *
     * @param collection the collection's name
     * @param filter the filter; not null
     * @param sort the order, possibly unsorted; not null
     * @param skip documents to leave out
     * @param limit most documents to return, 0 for all
     * @param projection the fields the pipeline reads, so that the others are not decoded; not null
     * @return the matches
     */
    Stream<Document> find(String collection, Filter filter, Sort sort, long skip, long limit, Projection projection);

    /**
     * @return whether a find with this filter and sort would read an index in the sort's order, so
     *         that the find sorts without holding its matches
     */
    boolean sortsByIndex(String collection, Filter filter, Sort sort);

    /** @return the plan of such a find, as an explain document */
    Document explain(String collection, Filter filter, Sort sort, long skip, long limit);

    /**
     * Runs a find without skip or limit that keeps to the index the planner picks for the filter and
     * sort: also one the filter does not narrow, read whole for the sort's order (a plain find
     * reads a whole index only under a limit, to stop early), and also when the index ranges hold
     * much of the collection (a plain find then counts the keys in its ranges, two tree descents a
     * range, and may scan instead). For a stage that needs its input in key order but not all of
     * it at once, and for batches of point lookups. The stream must be closed.
     *
     * @param collection the collection's name
     * @param filter the filter; not null
     * @param sort the order, possibly unsorted; not null
     * @param projection the fields the pipeline reads; not null
     * @return the matches in the sort's order
     */
    Stream<Document> findByIndex(String collection, Filter filter, Sort sort, Projection projection);

    /** @return whether {@link #findByIndex} with this filter and sort would read an index in the sort's order */
    boolean readsInIndexOrder(String collection, Filter filter, Sort sort);

    /** @return the plan of {@link #findByIndex}, as an explain document */
    Document explainByIndex(String collection, Filter filter, Sort sort);

    /**
     * Writes an aggregation's output in one write: all of it, or nothing.
     *
     * @param output what to write and how
     * @return how many documents were written
     */
    long write(Output output);

    /** @return the directory to put spill files in */
    Path temporaryDirectory();

    /**
     * The output of {@code $out} or {@code $merge}.
     *
     * @param collection the target collection
     * @param replaceAll whether the target's documents are all replaced ({@code $out})
     * @param documents the documents
     * @param whenMatched for {@code $merge}: {@code replace}, {@code keepExisting}, {@code merge} or
     *        {@code fail}
     * @param whenNotMatched for {@code $merge}: {@code insert}, {@code discard} or {@code fail}
     */
    record Output(String collection, boolean replaceAll, List<Document> documents, String whenMatched,
            String whenNotMatched) {
    }
}
