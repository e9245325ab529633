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

import io.tetherdb.WriteContext.Found;
import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.RecordPreparer;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.AndNode;
import io.tetherdb.query.FieldCondition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.FilterNode;
import io.tetherdb.query.Operator;
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
 * operation is one write of the collection's {@link CollectionAccess}, so it is written whole or not
 * at all (directly: one write operation under the store's lock, indexes and expiry in step; in a
 * transaction: buffered whole, checked for conflicts at commit), in three steps against its
 * {@link WriteContext}: find the targets, compute their new documents, write them. Thread-safe as
 * its access is.
 */
final class UpdateWrites {

    private final TetherCollection collection;
    private final CollectionAccess access;
    private final StoreEngine engine;
    private final String name;
    private final RecordPreparer records;
    private final LongAdder examined;

    /**
     * @param engine only for the clock of work done before the write operation
     */
    UpdateWrites(TetherCollection collection, CollectionAccess access, StoreEngine engine, RecordPreparer records,
            LongAdder examined) {
        this.collection = collection;
        this.access = access;
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
        String byId = many ? null : onlyId(filter);
        // computed before the write when other writes hold the lock, so as not to hold it longer;
        // else in the write, where one lookup reads and writes the document
        Precomputed precomputed = byId != null && access.writesContended() ? precompute(byId, filter, update, options)
                : null;
        Counts counts = access.write(context -> {
            Counts written = null;
            if (precomputed != null) {
                written = precomputed.writeIfCurrent(context, update);
            } else if (byId != null) {
                written = changeById(context, byId, filter, update, options);
            }
            return written != null ? written : update(context, filter, update, options, many, deadline, false);
        });
        return new UpdateResult(counts.matched, counts.modified, counts.upsertedId);
    }

    /**
     * The new record of the one document an update by {@code _id} changes, computed before the
     * write operation from the record as it was read, so that concurrent direct updates decode,
     * apply and encode in parallel and hold the store's write lock only to store: made only while
     * other writes hold the lock.
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
         * In the write operation: stores the new record if the document is still the one read.
         *
         * @return the counts, or null when the document changed meanwhile and the update must be
         *         applied again in the operation
         */
        Counts writeIfCurrent(WriteContext context, Update update) {
            Counts counts = new Counts();
            counts.matched = 1;
            if (prepared != null && !Arrays.equals(prepared.record(), read)) {
                // the check and the write find the document once
                if (!context.updateIfCurrent(prepared, read, update)) {
                    return null;
                }
                counts.modified = 1;
            } else {
                byte[] current = context.current(id);
                if (current == null || current != read && !Arrays.equals(current, read)) {
                    return null;
                }
            }
            examined.increment();
            return counts;
        }
    }

    /**
     * In the write operation: applies an update whose filter is only an {@code _id} equality to the
     * live document, computing its new record from the one the lookup finds and storing it in the
     * same lookup.
     *
     * @return the counts, or null when there is no live document (the general path then decides,
     *         and an upsert inserts)
     */
    private Counts changeById(WriteContext context, String id, Filter filter, Update update, UpdateOptions options) {
        long now = context.now();
        Instant clock = Instant.ofEpochMilli(now);
        boolean[] modified = new boolean[1];
        boolean live = context.change(id, current -> {
            PreparedRecord prepared = updated(id, current, filter, update, options, now, clock);
            modified[0] = prepared != null && !Arrays.equals(prepared.record(), current);
            return modified[0] ? prepared : null;
        }, update);
        if (!live) {
            return null;
        }
        examined.increment();
        Counts counts = new Counts();
        counts.matched = 1;
        counts.modified = modified[0] ? 1 : 0;
        return counts;
    }

    /** @return the id a filter that is only an {@code _id} equality requires, or null */
    private static String onlyId(Filter filter) {
        return filter.root() instanceof FieldCondition ? requiredId(filter) : null;
    }

    /**
     * @param id the id the filter requires, which is all it requires
     * @return the precomputed change of an update by id, or null when there is none to make
     *         outside the lock (no such document, or the update fails on the document as read: the
     *         locked path then decides)
     */
    private Precomputed precompute(String id, Filter filter, Update update, UpdateOptions options) {
        try {
            long now = engine.nowMillis();
            byte[] read = access.get(id);
            if (read == null) {
                return null;
            }
            return new Precomputed(id, read,
                    updated(id, read, filter, update, options, now, Instant.ofEpochMilli(now)));
        } catch (io.tetherdb.error.TetherException e) {
            return null;
        }
    }

    UpdateResult replace(Filter filter, Map<String, ?> replacement, UpdateOptions options) {
        Update.checkReplacement(replacement);
        Document copy = new Document(replacement);
        QueryDeadline deadline = deadline("replaceOne", options);
        Counts counts = access.write(context -> replace(context, filter, copy, options, deadline, false));
        return new UpdateResult(counts.matched, counts.modified, counts.upsertedId);
    }

    Optional<Document> findAndUpdate(Filter filter, Update update, FindAndModifyOptions options) {
        update.checkArrayFilters(options.updateOptions());
        QueryDeadline deadline = deadline("findOneAndUpdate", options.updateOptions());
        Counts counts = access.write(context -> update(context, filter, update, options.updateOptions(), false,
                deadline, true));
        return returned(counts, options);
    }

    Optional<Document> findAndReplace(Filter filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        Update.checkReplacement(replacement);
        Document copy = new Document(replacement);
        QueryDeadline deadline = deadline("findOneAndReplace", options.updateOptions());
        Counts counts = access.write(context -> replace(context, filter, copy, options.updateOptions(), deadline,
                true));
        return returned(counts, options);
    }

    Optional<Document> findAndDelete(Filter filter, FindAndModifyOptions options) {
        QueryDeadline deadline = deadline("findOneAndDelete", options.updateOptions());
        Counts counts = access.write(context -> delete(context, filter, options.updateOptions().sort(), false,
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
        return access.write(context -> {
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
                    context.insert(prepared);
                    counts = new Counts();
                    counts.inserted = 1;
                    insertedIds.put(i, prepared.id());
                } else if (model instanceof WriteModel.UpdateOne one) {
                    counts = update(context, one.filter(), one.update(), one.options(), false, deadline, false);
                } else if (model instanceof WriteModel.UpdateMany many) {
                    counts = update(context, many.filter(), many.update(), many.options(), true, deadline, false);
                } else if (model instanceof WriteModel.ReplaceOne replace) {
                    counts = replace(context, replace.filter(), replace.replacement(), replace.options(), deadline,
                            false);
                } else if (model instanceof WriteModel.DeleteOne one) {
                    counts = delete(context, one.filter(), Sort.unsorted(), false, deadline, false);
                } else {
                    counts = delete(context, ((WriteModel.DeleteMany) model).filter(), Sort.unsorted(), true,
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

    // ---- the steps, in the write operation

    private Counts update(WriteContext context, Filter filter, Update update, UpdateOptions options, boolean many,
            QueryDeadline deadline, boolean keepDocuments) {
        Counts counts = new Counts();
        long now = context.now();
        Instant clock = Instant.ofEpochMilli(now);
        List<Found> targets = targets(context, filter, options.sort(), many, deadline, true);
        for (Found target : targets) {
            byte[] current = target.record() != null ? target.record() : context.current(target.id());
            if (current == null) {
                continue;
            }
            if (targets.size() > 1) {
                deadline.check();
            }
            counts.matched++;
            if (!keepDocuments) {
                PreparedRecord prepared = updated(target.id(), current, filter, update, options, now, clock);
                while (prepared != null && !Arrays.equals(prepared.record(), current)) {
                    // the record was found in this operation, so it is the current one and the write
                    // finds the document once; were it not, the update is applied to the current one
                    if (context.updateIfCurrent(prepared, current, update)) {
                        counts.modified++;
                        break;
                    }
                    current = context.current(target.id());
                    if (current == null) {
                        counts.matched--;
                        break;
                    }
                    prepared = updated(target.id(), current, filter, update, options, now, clock);
                }
                continue;
            }
            Document before = RecordFormat.decode(current);
            Document content = update.apply(before, filter, options, clock);
            if (content == null && !options.setsExpiry()) {
                counts.before = before;
                counts.after = before;
                continue;
            }
            PreparedRecord prepared = prepareChange(target.id(), content != null ? content : before, options, now,
                    current);
            if (!Arrays.equals(prepared.record(), current)) {
                context.update(prepared, update);
                counts.modified++;
            }
            counts.before = before;
            counts.after = DocumentCodec.decode(prepared.encoded());
        }
        if (counts.matched == 0 && options.isUpsert()) {
            PreparedRecord inserted = insert(context, update.applyToInsert(filter, options, clock), options, now);
            counts.upsertedId = inserted.id();
            if (keepDocuments) {
                counts.after = DocumentCodec.decode(inserted.encoded());
            }
        }
        return counts;
    }

    /**
     * The record of a document after an update.
     *
     * <p>An update that reaches only some top-level fields ({@link Update#topLevelFields()}) is
     * applied to those fields alone, decoded from the record, and only they are encoded again, the
     * other fields' bytes copied as they are ({@link RecordFormat#replaceFields}): the common
     * {@code $set}/{@code $inc} of a few fields neither decodes nor re-encodes the whole document.
     * When that fails (the update does not apply to the values), the whole document is decoded and
     * updated instead, so that the error is the one the update gives for the document.
     *
     * @return the new record, or null when the update changes nothing
     */
    private PreparedRecord updated(String id, byte[] current, Filter filter, Update update, UpdateOptions options,
            long now, Instant clock) {
        java.util.Set<String> fields = update.topLevelFields();
        if (fields != null && !options.setsExpiry()) {
            Map<String, Object> stored = RecordFormat.lazyDocument(current);
            Document part = new Document();
            for (String field : fields) {
                if (stored.containsKey(field)) {
                    part.put(field, stored.get(field));
                }
            }
            try {
                if (!update.applyInPlace(part, filter, options, clock)) {
                    return null;
                }
                return records.prepareEncoded(id, RecordFormat.replaceFields(current, fields, part),
                        RecordFormat.expiresAt(current));
            } catch (InvalidUpdateException | io.tetherdb.document.InvalidDocumentException e) {
                // decided below on the whole document, with the whole document's error
            }
        }
        Document content = RecordFormat.decode(current);
        boolean changed = update.applyInPlace(content, filter, options, clock);
        if (!changed && !options.setsExpiry()) {
            return null;
        }
        return prepareChange(id, content, options, now, current);
    }

    private Counts replace(WriteContext context, Filter filter, Document replacement, UpdateOptions options,
            QueryDeadline deadline, boolean keepDocuments) {
        Counts counts = new Counts();
        long now = context.now();
        for (Found target : targets(context, filter, options.sort(), false, deadline, false)) {
            String id = target.id();
            byte[] current = target.record() != null ? target.record() : context.current(id);
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
                context.put(prepared);
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
            PreparedRecord stored = insert(context, inserted, options, now);
            counts.upsertedId = stored.id();
            if (keepDocuments) {
                counts.after = DocumentCodec.decode(stored.encoded());
            }
        }
        return counts;
    }

    private Counts delete(WriteContext context, Filter filter, Sort sort, boolean many, QueryDeadline deadline,
            boolean keepDocuments) {
        Counts counts = new Counts();
        for (Found target : targets(context, filter, sort, many, deadline, false)) {
            byte[] previous = keepDocuments && target.record() == null ? context.current(target.id()) : target.record();
            if (context.remove(target.id())) {
                counts.deleted++;
                if (keepDocuments) {
                    counts.before = RecordFormat.decode(previous);
                }
            }
        }
        return counts;
    }

    private PreparedRecord insert(WriteContext context, Document document, UpdateOptions options, long now) {
        PreparedRecord prepared = records.prepare(document, null, List.of(),
                () -> options.expiresAtMillis(now, RecordFormat.NEVER));
        context.insert(prepared);
        return prepared;
    }

    private PreparedRecord prepareChange(String id, Document content, UpdateOptions options, long now,
            byte[] current) {
        // the same checks as every write: size limit, nesting, field names, value types
        return records.prepare(content, id, List.of(),
                () -> options.expiresAtMillis(now, RecordFormat.expiresAt(current)));
    }

    /**
     * Finds the ids of the live documents a filter matches, as the operation sees them: by a direct
     * lookup when the filter requires one {@code _id}, else through the find machinery (an index
     * where one serves the filter), in the given order, all of them or the first.
     */
    private List<Found> targets(WriteContext context, Filter filter, Sort sort, boolean many,
            QueryDeadline deadline, boolean withRecords) {
        String id = requiredId(filter);
        if (id != null) {
            byte[] record = context.current(id);
            if (record == null) {
                return List.of();
            }
            examined.increment();
            // a filter that is only the id equality needs no matching: the lookup was the match
            boolean onlyId = filter.root() instanceof FieldCondition;
            return onlyId || filter.matches(RecordFormat.lazyDocument(record), deadline)
                    ? List.of(new Found(id, record)) : List.of();
        }
        FindQuery query = collection.find(filter).sort(sort);
        if (!many) {
            query = query.limit(1);
        }
        if (withRecords) {
            return context.matchingRecords(query, deadline);
        }
        List<Found> targets = new ArrayList<>();
        for (String match : context.matching(query, deadline)) {
            targets.add(new Found(match, null));
        }
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
