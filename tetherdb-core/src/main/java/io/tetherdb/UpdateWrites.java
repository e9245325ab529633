package io.tetherdb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.document.DocumentPath;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.Mutations;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.RecordPreparer;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.AndNode;
import io.tetherdb.query.FieldCondition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.FilterNode;
import io.tetherdb.query.Operator;
import io.tetherdb.query.Projection;
import io.tetherdb.query.QueryDeadline;
import io.tetherdb.query.Sort;
import io.tetherdb.update.FindAndModifyOptions;
import io.tetherdb.update.InvalidUpdateException;
import io.tetherdb.update.ReturnDocument;
import io.tetherdb.update.Update;
import io.tetherdb.update.UpdateOptions;
import io.tetherdb.update.UpdateResult;

/**
 * The update, replace, find-and-modify and bulk operations of one collection. Each public
 * operation is one {@link StoreEngine#write} call, so it is written whole, in one commit, or not at
 * all, and runs in three steps that do not depend on the maps' being the live ones: find the
 * targets, compute their new documents, write them. Thread-safe: the store serialises the writes.
 */
final class UpdateWrites {

    private static final Projection ID_ONLY = Projection.of(Map.of(Document.ID, 1));

    private final TetherCollection collection;
    private final StoreEngine engine;
    private final String name;
    private final RecordPreparer records;
    private final LongAdder examined;

    UpdateWrites(TetherCollection collection, StoreEngine engine, RecordPreparer records, LongAdder examined) {
        this.collection = collection;
        this.engine = engine;
        this.name = collection.name();
        this.records = records;
        this.examined = examined;
    }

    /** Counts of one model, summed by {@link #bulk}. */
    private static final class Counts {
        long inserted;
        long matched;
        long modified;
        long deleted;
        String upsertedId;
        /** The document before and after the change, for find-and-modify. */
        Document before;
        Document after;
    }

    UpdateResult update(Filter filter, Update update, UpdateOptions options, boolean many) {
        update.checkArrayFilters(options);
        QueryDeadline deadline = deadline(many ? "updateMany" : "updateOne", options);
        Precomputed precomputed = many ? null : precompute(filter, update, options);
        Counts counts = engine.write(mutations -> {
            if (precomputed != null) {
                Counts written = precomputed.writeIfCurrent(mutations, update);
                if (written != null) {
                    return written;
                }
            }
            return update(mutations, filter, update, options, many, deadline, false);
        });
        return new UpdateResult(counts.matched, counts.modified, counts.upsertedId);
    }

    /**
     * The new record of the one document an update by {@code _id} changes, computed outside the
     * write lock from the record as it was read, so that concurrent updates decode, apply and
     * encode in parallel and hold the lock only to store.
     */
    private final class Precomputed {
        private final String id;
        private final byte[] read;
        /** The new record, or null when the update changes nothing. */
        private final PreparedRecord prepared;

        Precomputed(String id, byte[] read, PreparedRecord prepared) {
            this.id = id;
            this.read = read;
            this.prepared = prepared;
        }

        /**
         * Under the write lock: stores the new record if the document is still the one read.
         *
         * @return the counts, or null when the document changed meanwhile and the update must be
         *         applied again under the lock
         */
        Counts writeIfCurrent(Mutations mutations, Update update) {
            CollectionStore store = engine.collection(name);
            byte[] current = store == null ? null : store.get(id, engine.nowMillis());
            if (current == null || current != read && !Arrays.equals(current, read)) {
                return null;
            }
            Counts counts = new Counts();
            counts.matched = 1;
            examined.increment();
            if (prepared != null && !Arrays.equals(prepared.record(), current)) {
                if (keepsIndexKeys(store, update)) {
                    store.putWithSameIndexKeys(mutations, id, prepared.record());
                } else {
                    store.put(mutations, id, prepared.record(), prepared.document());
                }
                counts.modified = 1;
            }
            return counts;
        }
    }

    /**
     * @return the precomputed change of an update whose filter is only an {@code _id} equality, or
     *         null when there is none to make outside the lock (no such filter, no such document, or
     *         the update fails on the document as read: the locked path then decides)
     */
    private Precomputed precompute(Filter filter, Update update, UpdateOptions options) {
        String id = requiredId(filter);
        CollectionStore store = engine.collection(name);
        if (id == null || !(filter.root() instanceof FieldCondition) || store == null) {
            return null;
        }
        try {
            long now = engine.nowMillis();
            byte[] read = engine.read(() -> store.get(id, now));
            if (read == null) {
                return null;
            }
            Document content = RecordFormat.decode(read);
            boolean changed = update.applyInPlace(content, filter, options, Instant.ofEpochMilli(now));
            if (!changed && !options.setsExpiry()) {
                return new Precomputed(id, read, null);
            }
            return new Precomputed(id, read, prepareChange(id, content, options, now, read));
        } catch (io.tetherdb.error.TetherException e) {
            return null;
        }
    }

    UpdateResult replace(Filter filter, Map<String, ?> replacement, UpdateOptions options) {
        Update.checkReplacement(replacement);
        Document copy = new Document(replacement);
        QueryDeadline deadline = deadline("replaceOne", options);
        Counts counts = engine.write(mutations -> replace(mutations, filter, copy, options, deadline, false));
        return new UpdateResult(counts.matched, counts.modified, counts.upsertedId);
    }

    Optional<Document> findAndUpdate(Filter filter, Update update, FindAndModifyOptions options) {
        update.checkArrayFilters(options.updateOptions());
        QueryDeadline deadline = deadline("findOneAndUpdate", options.updateOptions());
        Counts counts = engine.write(mutations -> update(mutations, filter, update, options.updateOptions(), false,
                deadline, true));
        return returned(counts, options);
    }

    Optional<Document> findAndReplace(Filter filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        Update.checkReplacement(replacement);
        Document copy = new Document(replacement);
        QueryDeadline deadline = deadline("findOneAndReplace", options.updateOptions());
        Counts counts = engine.write(mutations -> replace(mutations, filter, copy, options.updateOptions(), deadline,
                true));
        return returned(counts, options);
    }

    Optional<Document> findAndDelete(Filter filter, FindAndModifyOptions options) {
        QueryDeadline deadline = deadline("findOneAndDelete", options.updateOptions());
        Counts counts = engine.write(mutations -> delete(mutations, filter, options.updateOptions().sort(), false,
                deadline, true));
        return Optional.ofNullable(counts.before).map(options.projection()::apply);
    }

    private static Optional<Document> returned(Counts counts, FindAndModifyOptions options) {
        Document document = options.returnDocument() == ReturnDocument.BEFORE ? counts.before : counts.after;
        return Optional.ofNullable(document).map(options.projection()::apply);
    }

    BulkWriteResult bulk(List<WriteModel> models) {
        List<PreparedRecord> inserts = new ArrayList<>(models.size());
        int index = 0;
        for (WriteModel model : models) {
            Objects.requireNonNull(model, "models must not contain null");
            // inserts are checked and encoded before the write lock is taken, as putBatch does
            if (model instanceof WriteModel.InsertOne insert) {
                inserts.add(records.prepare(insert.document(), insert.options().id(), insert.options().tags(),
                        () -> insert.options().expiresAtMillis(engine.nowMillis())));
            } else {
                inserts.add(null);
                if (model instanceof WriteModel.UpdateOne one) {
                    one.update().checkArrayFilters(one.options());
                } else if (model instanceof WriteModel.UpdateMany many) {
                    many.update().checkArrayFilters(many.options());
                }
            }
            index++;
        }
        QueryDeadline deadline = QueryDeadline.start("bulkWrite on collection '" + name + "'",
                collection.queryTimeout(null));
        return engine.write(mutations -> {
            long inserted = 0;
            long matched = 0;
            long modified = 0;
            long deleted = 0;
            Map<Integer, String> insertedIds = new HashMap<>();
            Map<Integer, String> upsertedIds = new HashMap<>();
            for (int i = 0; i < models.size(); i++) {
                WriteModel model = models.get(i);
                Counts counts;
                if (model instanceof WriteModel.InsertOne) {
                    PreparedRecord prepared = inserts.get(i);
                    engine.createCollectionLocked(mutations, name).insert(mutations, prepared.id(), prepared.record(),
                            prepared.document(), engine.nowMillis());
                    counts = new Counts();
                    counts.inserted = 1;
                    insertedIds.put(i, prepared.id());
                } else if (model instanceof WriteModel.UpdateOne one) {
                    counts = update(mutations, one.filter(), one.update(), one.options(), false, deadline, false);
                } else if (model instanceof WriteModel.UpdateMany many) {
                    counts = update(mutations, many.filter(), many.update(), many.options(), true, deadline, false);
                } else if (model instanceof WriteModel.ReplaceOne replace) {
                    counts = replace(mutations, replace.filter(), replace.replacement(), replace.options(), deadline,
                            false);
                } else if (model instanceof WriteModel.DeleteOne one) {
                    counts = delete(mutations, one.filter(), Sort.unsorted(), false, deadline, false);
                } else {
                    counts = delete(mutations, ((WriteModel.DeleteMany) model).filter(), Sort.unsorted(), true,
                            deadline, false);
                }
                inserted += counts.inserted;
                matched += counts.matched;
                modified += counts.modified;
                deleted += counts.deleted;
                if (counts.upsertedId != null) {
                    upsertedIds.put(i, counts.upsertedId);
                }
            }
            return new BulkWriteResult(inserted, matched, modified, deleted, insertedIds, upsertedIds);
        });
    }

    // ---- the steps, under the write lock

    private Counts update(Mutations mutations, Filter filter, Update update, UpdateOptions options, boolean many,
            QueryDeadline deadline, boolean keepDocuments) {
        Counts counts = new Counts();
        long now = engine.nowMillis();
        Instant clock = Instant.ofEpochMilli(now);
        CollectionStore store = engine.collection(name);
        List<Target> targets = targets(store, filter, options.sort(), many, deadline);
        boolean sameIndexKeys = !targets.isEmpty() && keepsIndexKeys(store, update);
        for (Target target : targets) {
            byte[] current = target.record() != null ? target.record() : store.get(target.id(), now);
            if (current == null) {
                continue;
            }
            if (targets.size() > 1) {
                deadline.check();
            }
            counts.matched++;
            Document content = RecordFormat.decode(current);
            Document before = null;
            boolean changed;
            if (keepDocuments) {
                before = content;
                Document after = update.apply(before, filter, options, clock);
                changed = after != null;
                content = changed ? after : before;
            } else {
                // the decoded document is this operation's own: no copy needed
                changed = update.applyInPlace(content, filter, options, clock);
            }
            if (!changed && !options.setsExpiry()) {
                if (keepDocuments) {
                    counts.before = before;
                    counts.after = before;
                }
                continue;
            }
            PreparedRecord prepared = prepareChange(target.id(), content, options, now, current);
            if (!Arrays.equals(prepared.record(), current)) {
                if (sameIndexKeys) {
                    store.putWithSameIndexKeys(mutations, target.id(), prepared.record());
                } else {
                    store.put(mutations, target.id(), prepared.record(), prepared.document());
                }
                counts.modified++;
            }
            if (keepDocuments) {
                counts.before = before;
                counts.after = DocumentCodec.decode(prepared.encoded());
            }
        }
        if (counts.matched == 0 && options.isUpsert()) {
            PreparedRecord inserted = insert(mutations, update.applyToInsert(filter, options, clock), options, now);
            counts.upsertedId = inserted.id();
            if (keepDocuments) {
                counts.after = DocumentCodec.decode(inserted.encoded());
            }
        }
        return counts;
    }

    /** @return whether the update leaves every field of every index of the collection as it was */
    private static boolean keepsIndexKeys(CollectionStore store, Update update) {
        for (IndexStatus index : store.indexInfos()) {
            for (DocumentPath path : index.definition().paths()) {
                if (update.touches(path)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A matched document: its id, and its record when finding it already read it. */
    private record Target(String id, byte[] record) {
    }

    private Counts replace(Mutations mutations, Filter filter, Document replacement, UpdateOptions options,
            QueryDeadline deadline, boolean keepDocuments) {
        Counts counts = new Counts();
        long now = engine.nowMillis();
        CollectionStore store = engine.collection(name);
        for (Target target : targets(store, filter, options.sort(), false, deadline)) {
            String id = target.id();
            byte[] current = target.record() != null ? target.record() : store.get(id, now);
            if (current == null) {
                continue;
            }
            counts.matched++;
            Object ownId = replacement.get(Document.ID);
            if (ownId != null && !id.equals(ownId)) {
                throw new InvalidUpdateException("Performing a replacement would modify the immutable field '_id' of"
                        + " the document '" + id + "' (the replacement has _id " + ownId + ")");
            }
            Document content = new Document(replacement);
            content.put(Document.ID, id);
            PreparedRecord prepared = prepareChange(id, content, options, now, current);
            if (!Arrays.equals(prepared.record(), current)) {
                store.put(mutations, id, prepared.record(), prepared.document());
                counts.modified++;
            }
            if (keepDocuments) {
                counts.before = RecordFormat.decode(current);
                counts.after = DocumentCodec.decode(prepared.encoded());
            }
        }
        if (counts.matched == 0 && options.isUpsert()) {
            Document inserted = new Document(replacement);
            Object filterId = Update.equalityFields(filter).get(Document.ID);
            Object ownId = inserted.get(Document.ID);
            if (filterId != null && ownId != null && !filterId.equals(ownId)) {
                throw new InvalidUpdateException("The replacement's _id " + ownId + " differs from the _id " + filterId
                        + " the filter requires");
            }
            if (ownId == null && filterId != null) {
                inserted = new Document(Document.ID, filterId);
                inserted.putAll(replacement);
            }
            PreparedRecord stored = insert(mutations, inserted, options, now);
            counts.upsertedId = stored.id();
            if (keepDocuments) {
                counts.after = DocumentCodec.decode(stored.encoded());
            }
        }
        return counts;
    }

    private Counts delete(Mutations mutations, Filter filter, Sort sort, boolean many, QueryDeadline deadline,
            boolean keepDocuments) {
        Counts counts = new Counts();
        CollectionStore store = engine.collection(name);
        for (Target target : targets(store, filter, sort, many, deadline)) {
            byte[] previous = store.remove(mutations, target.id());
            if (previous != null) {
                counts.deleted++;
                if (keepDocuments) {
                    counts.before = RecordFormat.decode(previous);
                }
            }
        }
        return counts;
    }

    private PreparedRecord insert(Mutations mutations, Document document, UpdateOptions options, long now) {
        PreparedRecord prepared = records.prepare(document, null, List.of(),
                () -> options.expiresAtMillis(now, RecordFormat.NEVER));
        engine.createCollectionLocked(mutations, name).insert(mutations, prepared.id(), prepared.record(),
                prepared.document(), now);
        return prepared;
    }

    private PreparedRecord prepareChange(String id, Document content, UpdateOptions options, long now,
            byte[] current) {
        // the same checks as every write: size limit, nesting, field names, value types
        return records.prepare(content, id, List.of(),
                () -> options.expiresAtMillis(now, RecordFormat.expiresAt(current)));
    }

    /**
     * Finds the ids of the live documents a filter matches: by a direct lookup when the filter
     * requires one {@code _id}, else through the find machinery (an index where one serves the
     * filter), in the given order, all of them or the first.
     */
    private List<Target> targets(CollectionStore store, Filter filter, Sort sort, boolean many,
            QueryDeadline deadline) {
        if (store == null) {
            return List.of();
        }
        String id = requiredId(filter);
        if (id != null) {
            byte[] record = store.get(id, engine.nowMillis());
            if (record == null) {
                return List.of();
            }
            examined.increment();
            // a filter that is only the id equality needs no matching: the lookup was the match
            boolean onlyId = filter.root() instanceof FieldCondition;
            return onlyId || filter.matches(RecordFormat.lazyDocument(record), deadline)
                    ? List.of(new Target(id, record)) : List.of();
        }
        FindQuery query = collection.find(filter).sort(sort).projection(ID_ONLY);
        if (!many) {
            query = query.limit(1);
        }
        List<Target> targets = new ArrayList<>();
        try (Stream<Document> matches = query.stream(deadline)) {
            matches.forEachOrdered(document -> targets.add(new Target(document.getId(), null)));
        }
        // the stream stops the clock between results; the writes that follow count again
        deadline.resume();
        return targets;
    }

    /** @return the one id the filter requires by a top-level equality on {@code _id}, or null */
    private static String requiredId(Filter filter) {
        FilterNode root = filter.root();
        List<FilterNode> conditions = root instanceof AndNode and ? and.children() : List.of(root);
        for (FilterNode condition : conditions) {
            if (condition instanceof FieldCondition field && field.operator() == Operator.EQ
                    && field.path().size() == 1 && field.path().head().equals(Document.ID)
                    && field.operand() instanceof String id) {
                return id;
            }
        }
        return null;
    }

    private QueryDeadline deadline(String operation, UpdateOptions options) {
        return QueryDeadline.start(operation + " on collection '" + name + "'",
                collection.queryTimeout(options.maxTime()));
    }
}
