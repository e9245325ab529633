package io.tetherdb;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.internal.plan.QueryPlan;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.QueryDeadline;

/**
 * A source of the documents that match a find's filter, read from one snapshot as a plan says;
 * {@link #advance()} moves to the next one, checking the deadline at every record, and finds
 * nothing more once closed. Not thread-safe: it belongs to one run.
 */
abstract class Matches implements AutoCloseable {
    final StoreEngine engine;
    final long now;
    final Explanation.Counters counters;
    final QueryDeadline deadline;
    private final Filter filter;
    private final LongAdder examined;
    private Map<String, Object> current;
    /** The current match's stored record, decoded into {@link #current} only when asked. */
    private byte[] record;
    boolean closed;

    Matches(StoreEngine engine, Filter filter, LongAdder examined, Explanation.Counters counters,
            QueryDeadline deadline) {
        this.engine = engine;
        this.now = engine.nowMillis();
        this.filter = filter;
        this.examined = examined;
        this.counters = counters;
        this.deadline = deadline;
    }

    /**
     * Opens the matches of a plan: a read by id, an index scan or a collection scan.
     *
     * @param examined counts the documents examined across the store
     */
    static Matches open(StoreEngine engine, CollectionStore store, QueryPlan plan, Filter filter, LongAdder examined,
            Explanation.Counters counters, QueryDeadline deadline) {
        if (plan.isUnion()) {
            return new UnionMatches(engine, store, plan, filter, examined, counters, deadline);
        }
        if (plan.usesIds()) {
            return new IdMatches(engine, store, plan.ids(), filter, examined, counters, deadline);
        }
        return plan.usesIndex() ? new IndexMatches(engine, store, plan, filter, examined, counters, deadline)
                : new ScanMatches(engine, store, filter, examined, counters, deadline);
    }

    /** @return whether there is a next match, now the current {@link #document()} */
    abstract boolean advance();

    /**
     * Tests one stored record: the filter sees a lazily decoded view, so only the fields it
     * reads are decoded.
     */
    boolean accept(byte[] record) {
        if (record == null || RecordFormat.isExpired(record, now)) {
            return false;
        }
        counters.documents.increment();
        examined.increment();
        this.record = record;
        if (filter.matchesAll()) {
            // decoded when asked: a caller that wants a few fields decodes only those
            current = null;
            return true;
        }
        Map<String, Object> lazy = RecordFormat.lazyDocument(record);
        if (filter.matches(lazy, deadline)) {
            current = lazy;
            return true;
        }
        return false;
    }

    /** @return the current match's fields, possibly a lazily decoded view of its record */
    Map<String, Object> fields() {
        if (current == null) {
            current = RecordFormat.decode(record);
        }
        return current;
    }

    /** @return the current match */
    Document document() {
        Map<String, Object> fields = fields();
        return fields instanceof Document d ? d : DocumentCodec.toDocument(fields);
    }

    /**
     * @param names top-level field names
     * @return a new document of the current match's fields of those names, the others not decoded
     */
    Document document(String[] names) {
        return RecordFormat.decodeFields(record, names);
    }

    /** @return the current match's stored record, as the snapshot holds it */
    byte[] record() {
        return record;
    }

    @Override
    public abstract void close();
}
