package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

import io.tetherdb.document.Document;

/**
 * Groups documents by key into accumulators, in memory while the groups fit within the memory
 * limit; past it (with disk use allowed) it writes the partial groups, sorted by key, to a spill
 * file, starts afresh, and at the end merges the spilled runs key by key, combining each key's
 * partial states in input order. Not thread-safe: it belongs to one run of one stage.
 */
final class Grouper {

    private static final long GROUP_OVERHEAD = 160;

    private final GroupSpec spec;
    private final RunContext context;
    private final String stage;
    private final RunContext.Memory memory;
    /** Keys are the group's text itself when it is text (no wrapper to build), else a {@link Values.Key}. */
    private final LinkedHashMap<Object, Accumulator[]> groups = new LinkedHashMap<>();
    private final List<SpillFile> runs = new ArrayList<>();

    Grouper(GroupSpec spec, RunContext context, String stage) {
        this(spec, context, stage, true);
    }

    /** @param maySpill false to fail past the memory limit even when disk use is allowed */
    Grouper(GroupSpec spec, RunContext context, String stage, boolean maySpill) {
        this.spec = spec;
        this.context = context;
        this.stage = stage;
        this.memory = maySpill ? context.memory(stage) : context.memoryWithoutSpill(stage);
    }

    void add(Object id, Variables variables) {
        // text equals text exactly when Values.Key would call them equal, so it needs no wrapper
        Object key = id instanceof String ? id : new Values.Key(id == Values.MISSING ? null : id);
        Accumulator[] accumulators = groups.get(key);
        long grew = 0;
        if (accumulators == null) {
            accumulators = spec.newAccumulators(variables, stage);
            groups.put(key, accumulators);
            grew += GROUP_OVERHEAD + Values.sizeOf(value(key)) + 32L * accumulators.length;
        }
        grew += spec.accumulate(accumulators, variables);
        if (memory.add(grew)) {
            spill();
        }
    }

    private static Object value(Object key) {
        return key instanceof Values.Key k ? k.value : key;
    }

    private void spill() {
        List<Map.Entry<Object, Accumulator[]>> entries = new ArrayList<>(groups.entrySet());
        entries.sort((a, b) -> {
            context.deadline.check();
            return Values.compare(value(a.getKey()), value(b.getKey()));
        });
        SpillFile run = context.newSpill();
        for (Map.Entry<Object, Accumulator[]> entry : entries) {
            List<Object> partials = new ArrayList<>();
            for (Accumulator accumulator : entry.getValue()) {
                partials.add(accumulator.partial());
            }
            Document record = new Document();
            record.put("k", value(entry.getKey()));
            record.put("s", partials);
            run.write(record);
        }
        run.finish();
        runs.add(run);
        groups.clear();
        memory.release();
    }

    /** @return pairs of group key and finished accumulators, in no particular order */
    Iterator<Map.Entry<Object, Accumulator[]>> groups() {
        if (runs.isEmpty()) {
            Iterator<Map.Entry<Object, Accumulator[]>> entries = groups.entrySet().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public Map.Entry<Object, Accumulator[]> next() {
                    Map.Entry<Object, Accumulator[]> entry = entries.next();
                    return Map.entry(new Holder(value(entry.getKey())), entry.getValue());
                }
            };
        }
        if (!groups.isEmpty()) {
            spill();
        }
        return merged();
    }

    /** Boxes a key that may be null, since map entries hold no null. */
    record Holder(Object value) {
    }

    private record Head(Document record, int run, Iterator<Document> rest) {
    }

    private Iterator<Map.Entry<Object, Accumulator[]>> merged() {
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
            int c = Values.compare(a.record.get("k"), b.record.get("k"));
            return c != 0 ? c : Integer.compare(a.run, b.run);
        });
        for (int i = 0; i < runs.size(); i++) {
            Iterator<Document> records = runs.get(i).read();
            if (records.hasNext()) {
                heads.add(new Head(records.next(), i, records));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Map.Entry<Object, Accumulator[]> next() {
                if (heads.isEmpty()) {
                    throw new NoSuchElementException();
                }
                Object key = heads.peek().record.get("k");
                Accumulator[] accumulators = null;
                while (!heads.isEmpty() && Values.compare(heads.peek().record.get("k"), key) == 0) {
                    context.deadline.check();
                    Head head = heads.poll();
                    List<?> partials = (List<?>) head.record.get("s");
                    if (accumulators == null) {
                        accumulators = spec.newAccumulators(context.variables(new Document(Document.ID, key)), stage);
                    }
                    for (int i = 0; i < accumulators.length; i++) {
                        accumulators[i].merge(partials.get(i));
                    }
                    if (head.rest.hasNext()) {
                        heads.add(new Head(head.rest.next(), head.run, head.rest));
                    }
                }
                return Map.entry(new Holder(key), accumulators);
            }
        };
    }

    /** @return the groups as output documents */
    Iterator<Document> results() {
        Iterator<Map.Entry<Object, Accumulator[]>> entries = groups();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Document next() {
                Map.Entry<Object, Accumulator[]> entry = entries.next();
                return spec.result(((Holder) entry.getKey()).value(), entry.getValue());
            }
        };
    }
}
