package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.List;

import io.tetherdb.query.Sort;

/**
 * {@code $top}, {@code $bottom}, {@code $topN} and {@code $bottomN}: the outputs of the first or
 * last {@code n} documents of a group in a sort order. Each value added is a pair of the
 * document's sort keys and its output. Not thread-safe: it belongs to one group of one run.
 */
final class RankedAccumulator implements Accumulator {

    private final Sort sortBy;
    private final long n;
    private final boolean bottom;
    private final boolean single;
    /** The kept entries, best first: each a pair of the sort keys (a list) and the output. */
    private final List<List<Object>> kept = new ArrayList<>();

    RankedAccumulator(Sort sortBy, long n, boolean bottom, boolean single) {
        this.sortBy = sortBy;
        this.n = n;
        this.bottom = bottom;
        this.single = single;
    }

    private int compare(List<Object> a, List<Object> b) {
        int c = sortBy.compareSortKeys(((List<?>) a.get(0)).toArray(), ((List<?>) b.get(0)).toArray());
        return bottom ? -c : c;
    }

    @Override
    @SuppressWarnings("unchecked")
    public long add(Object value) {
        List<Object> entry = (List<Object>) value;
        int position = kept.size();
        while (position > 0 && compare(entry, kept.get(position - 1)) < 0) {
            position--;
        }
        if (position >= n) {
            return 0;
        }
        kept.add(position, entry);
        long grew = 64 + Values.sizeOf(entry);
        if (kept.size() > n) {
            grew -= 64 + Values.sizeOf(kept.remove(kept.size() - 1));
        }
        return grew;
    }

    @Override
    public Object result() {
        if (single) {
            return kept.isEmpty() ? null : kept.get(0).get(1);
        }
        List<Object> outputs = new ArrayList<>(kept.size());
        for (List<Object> entry : kept) {
            outputs.add(entry.get(1));
        }
        if (bottom) {
            // kept holds the last documents last-first; the result lists them in sort order
            java.util.Collections.reverse(outputs);
        }
        return outputs;
    }

    /** How {@link Sort} marks an empty array among sort keys; not a storable value, so spilled as []. */
    private static final Object EMPTY_ARRAY_KEY = Sort.ascending("a").sortKeys(java.util.Map.of("a", List.of()))[0];

    @Override
    public Object partial() {
        List<Object> state = new ArrayList<>(kept.size());
        for (List<Object> entry : kept) {
            List<Object> keys = new ArrayList<>();
            for (Object key : (List<?>) entry.get(0)) {
                keys.add(key == EMPTY_ARRAY_KEY ? List.of() : key);
            }
            List<Object> stored = new ArrayList<>(2);
            stored.add(keys);
            stored.add(entry.get(1));
            state.add(stored);
        }
        return state;
    }

    @Override
    public void merge(Object partial) {
        for (Object stored : (List<?>) partial) {
            List<?> pair = (List<?>) stored;
            List<Object> keys = new ArrayList<>();
            for (Object key : (List<?>) pair.get(0)) {
                keys.add(key instanceof List<?> l && l.isEmpty() ? EMPTY_ARRAY_KEY : key);
            }
            List<Object> entry = new ArrayList<>(2);
            entry.add(keys);
            entry.add(pair.get(1));
            add(entry);
        }
    }
}
