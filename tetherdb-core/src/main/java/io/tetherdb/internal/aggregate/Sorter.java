package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Function;

import io.tetherdb.document.Document;

/**
 * Sorts documents, in memory while they fit within the memory limit and otherwise (with disk use
 * allowed) by writing sorted runs to spill files and merging them; with a limit it keeps only the
 * best {@code limit} documents. Stable: equal documents keep their input order. Not thread-safe.
 */
final class Sorter {

    private record Keyed(Object[] keys, Document document, long sequence) {
    }

    private final Function<Document, Object[]> keysOf;
    private final Comparator<Object[]> order;
    private final Comparator<Keyed> keyedOrder;
    private final RunContext context;
    private final RunContext.Memory memory;
    private final long limit;
    private final List<Keyed> buffer = new ArrayList<>();
    private final PriorityQueue<Keyed> top;
    private final List<SpillFile> runs = new ArrayList<>();
    private long sequence;
    private long count;

    /**
     * @param limit how many of the first documents to keep, 0 for all
     */
    Sorter(Function<Document, Object[]> keysOf, Comparator<Object[]> order, RunContext context, String stage,
            long limit) {
        this.keysOf = keysOf;
        this.order = order;
        this.context = context;
        this.memory = context.memory(stage);
        this.limit = limit;
        this.keyedOrder = (a, b) -> {
            context.deadline.check();
            int c = order.compare(a.keys, b.keys);
            return c != 0 ? c : Long.compare(a.sequence, b.sequence);
        };
        this.top = limit > 0 ? new PriorityQueue<>(keyedOrder.reversed()) : null;
    }

    void add(Document document) {
        count++;
        Keyed keyed = new Keyed(keysOf.apply(document), document, sequence++);
        long size = 64 + Values.sizeOf(document);
        if (top != null) {
            top.add(keyed);
            boolean over = memory.add(size);
            if (top.size() > limit) {
                Keyed dropped = top.poll();
                memory.add(-(64 + Values.sizeOf(dropped.document)));
            } else if (over) {
                // a top-k heap cannot spill; a limit this large holds what it must
                memory.release();
            }
            return;
        }
        buffer.add(keyed);
        if (memory.add(size)) {
            spill();
        }
    }

    /** @return the number of documents added */
    long count() {
        return count;
    }

    private void spill() {
        buffer.sort(keyedOrder);
        SpillFile run = context.newSpill();
        for (Keyed keyed : buffer) {
            run.write(keyed.document);
        }
        run.finish();
        runs.add(run);
        buffer.clear();
        memory.release();
    }

    Iterator<Document> sorted() {
        if (top != null) {
            List<Keyed> kept = new ArrayList<>(top);
            kept.sort(keyedOrder);
            return kept.stream().map(Keyed::document).iterator();
        }
        if (runs.isEmpty()) {
            buffer.sort(keyedOrder);
            return buffer.stream().map(Keyed::document).iterator();
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
            context.deadline.check();
            int c = order.compare(a.keys, b.keys);
            return c != 0 ? c : Integer.compare(a.run, b.run);
        });
        for (int i = 0; i < runs.size(); i++) {
            Iterator<Document> documents = runs.get(i).read();
            if (documents.hasNext()) {
                Document first = documents.next();
                heads.add(new Head(keysOf.apply(first), first, i, documents));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Document next() {
                Head head = heads.poll();
                if (head == null) {
                    throw new NoSuchElementException();
                }
                if (head.rest.hasNext()) {
                    Document following = head.rest.next();
                    heads.add(new Head(keysOf.apply(following), following, head.run, head.rest));
                }
                return head.document;
            }
        };
    }

    private record Head(Object[] keys, Document document, int run, Iterator<Document> rest) {
    }
}
