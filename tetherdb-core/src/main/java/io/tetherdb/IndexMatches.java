package io.tetherdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.HeldView;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * The matches among the documents whose ids an index scan yields, each fetched and re-checked
 * against the filter. The ids are taken in batches (growing fourfold from a few, so that a find
 * with a limit reads little more than it needs, up to a sixteenth of the heap) and the documents
 * of a batch are fetched in id order, so that the primary B-tree is walked from one leaf to the
 * next rather than probed at random. When the index order is the requested sort order, the
 * batch's documents are fetched in id order (up to a memory budget) and handed out in index order;
 * otherwise they are handed out in id order, one at a time, and only the batch's ids are held. Not
 * thread-safe.
 */
final class IndexMatches extends Matches {

    private static final int FIRST_BATCH = 16;
    /**
     * Most ids taken at once when any order will do, at the least: the ids are all that is held.
     * A larger heap allows more (see {@link #maxBatch(long)}).
     */
    static final int MIN_MAX_BATCH = 65_536;
    /** Heap an id held in a batch costs, rounded up: the string, its bytes and the list slot. */
    private static final int BYTES_PER_ID = 96;
    /**
     * Most ids taken at once when any order will do. The larger a batch, the more of its ids share
     * a leaf of the primary B-tree, which is then read once for all of them: when the documents do
     * not fit the page cache, a batch smaller than the primary map's leaf count reads about one
     * leaf from the file per id.
     */
    private static final int MAX_BATCH = maxBatch(Runtime.getRuntime().maxMemory());
    /** Most ids taken at once in index order, whose documents are held until handed out. */
    private static final int MAX_ORDERED_BATCH = 1_024;
    /** Bytes of documents fetched ahead in one ordered batch; the rest are fetched when handed out. */
    private static final long ORDERED_BATCH_BYTES = 4L << 20;

    private final HeldView held;
    private final CollectionStore.View view;
    private final Iterator<String> ids;
    private final Set<String> seen;
    private final boolean keepOrder;
    private final List<String> batch = new ArrayList<>();
    private byte[][] fetched;
    private int position;
    private int batchSize = FIRST_BATCH;

    /**
     * @param maxHeap the JVM's maximum heap
     * @return the ids a batch may hold in a sixteenth of the heap, at least {@link #MIN_MAX_BATCH}
     */
    static int maxBatch(long maxHeap) {
        return (int) Math.max(MIN_MAX_BATCH, Math.min(Integer.MAX_VALUE / 2, maxHeap / 16 / BYTES_PER_ID));
    }

    IndexMatches(StoreEngine engine, CollectionStore store, QueryPlan plan, Filter filter, LongAdder examined,
            Explanation.Counters counters, QueryDeadline deadline) {
        super(engine, filter, examined, counters, deadline);
        // the index and the documents as of one moment: each id is looked up in the same snapshot,
        // whose version the store holds until this is closed
        this.held = engine.holdView(store, plan.index().name());
        this.view = held.view();
        try {
            this.ids = view.scanIndex(plan.ranges(), plan.reverse(), counters.keys);
        } catch (RuntimeException | Error e) {
            held.close();
            throw e;
        }
        this.seen = plan.multikey() ? new HashSet<>() : null;
        this.keepOrder = plan.providesSort();
    }

    @Override
    boolean advance() {
        if (closed) {
            // the view's version is released: its pages may already be reused
            return false;
        }
        engine.ensureOpen();
        while (true) {
            while (position < batch.size()) {
                deadline.check();
                int at = position++;
                byte[] record = fetched != null && fetched[at] != null ? fetched[at] : view.record(batch.get(at));
                if (fetched != null) {
                    fetched[at] = null;
                }
                if (accept(record)) {
                    return true;
                }
            }
            if (!nextBatch()) {
                close();
                return false;
            }
        }
    }

    private boolean nextBatch() {
        batch.clear();
        position = 0;
        int max = Math.min(batchSize, keepOrder ? MAX_ORDERED_BATCH : MAX_BATCH);
        while (batch.size() < max && ids.hasNext()) {
            deadline.check();
            String id = ids.next();
            if (seen == null || seen.add(id)) {
                batch.add(id);
            }
        }
        // fourfold: a query that reads everything reaches the large batches that share leaves
        // within a few batches, and one that stops early has read little more than it needed
        batchSize = (int) Math.min(batchSize * 4L, MAX_BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        if (!keepOrder) {
            // the primary map's order: consecutive fetches land in the same or the next leaf
            batch.sort(null);
            return true;
        }
        Integer[] byId = new Integer[batch.size()];
        for (int i = 0; i < byId.length; i++) {
            byId[i] = i;
        }
        Arrays.sort(byId, (a, b) -> batch.get(a).compareTo(batch.get(b)));
        fetched = new byte[batch.size()][];
        long bytes = 0;
        for (int i = 0; i < byId.length && bytes < ORDERED_BATCH_BYTES; i++) {
            deadline.check();
            byte[] record = view.record(batch.get(byId[i]));
            fetched[byId[i]] = record;
            bytes += record == null ? 0 : record.length;
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        batch.clear();
        fetched = null;
        held.close();
    }
}
