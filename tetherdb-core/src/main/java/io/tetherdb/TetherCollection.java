package io.tetherdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;

import io.tetherdb.aggregate.AggregateOptions;
import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.QueryInterruptedException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.index.IndexBuildProgress;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.aggregate.CompiledPipeline;
import io.tetherdb.event.ChangeHistoryGoneException;
import io.tetherdb.event.ChangeListener;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.WatchOptions;
import io.tetherdb.internal.event.ChangeSubscriber;
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.QueryDeadline;
import io.tetherdb.update.FindAndModifyOptions;
import io.tetherdb.update.Update;
import io.tetherdb.update.UpdateOptions;
import io.tetherdb.update.UpdateResult;

/**
 * A named collection of documents in a {@link TetherDB}. Handles are cheap and stay valid while
 * the store is open; a dropped collection reads as empty and is created again by the next write,
 * as in MongoDB.
 *
 * <p>Time limits: every method that tests documents against a filter (finds, counts by filter,
 * {@code deleteMany}, the conditional {@code deleteBatch}, {@code deleteIf} and {@code replaceIf})
 * stops with a {@link QueryTimeoutException} when it runs longer than the store's
 * {@link TetherDBBuilder#queryTimeout(Duration) queryTimeout}, or than the {@code maxTime} given to
 * it ({@link FindQuery#maxTime(Duration)} or an overload), and with a {@link QueryInterruptedException}
 * when its thread is interrupted. A write stopped this way writes nothing.
 *
 * <p>Thread-safe: any number of threads may call any method.
 *
 * @since 0.1
 */
public final class TetherCollection {

    private final TetherDB db;
    private final StoreEngine engine;
    private final String name;
    private final CollectionAccess access;
    private final CollectionWrites writes;
    /** Made on first use; two threads may each make one, which is harmless. */
    private volatile UpdateWrites updateWrites;

    TetherCollection(TetherDB db, StoreEngine engine, String name) {
        this(db, engine, name, new DirectAccess(engine, name));
    }

    /** A handle whose calls go through the given access, such as a transaction's. */
    TetherCollection(TetherDB db, StoreEngine engine, String name, CollectionAccess access) {
        this.db = db;
        this.engine = engine;
        this.name = name;
        this.access = access;
        this.writes = new CollectionWrites(access, db.documentsExamined());
    }

    /** @return the collection's name */
    public String name() {
        return name;
    }

    // ---- writes

    /**
     * Stores a new document. Its id is the document's own {@code _id} if it has one, else a
     * generated one.
     *
     * @param document the document; not null
     * @return the document's id
     * @throws DuplicateKeyException if a document with that id exists; nothing is written
     * @throws DocumentTooLargeException if the encoded document exceeds the maximum size
     * @throws InvalidDocumentException if the document holds an unsupported value
     */
    public String put(Map<String, ?> document) {
        access.checkWritable("put");
        return put(document, PutOptions.defaults());
    }

    /**
     * Stores a new document with options.
     *
     * @param document the document; not null
     * @param options id, expiry and tags; not null
     * @return the document's id
     * @throws DuplicateKeyException if a document with that id exists; nothing is written
     * @throws DocumentTooLargeException if the encoded document exceeds the maximum size
     * @throws InvalidDocumentException if the document holds an unsupported value, or its
     *         {@code _id} is not a string or differs from the id in the options
     */
    public String put(Map<String, ?> document, PutOptions options) {
        access.checkWritable("put");
        PreparedRecord prepared = prepare(document, options);
        writes.insert(List.of(prepared));
        return prepared.id();
    }

    /**
     * Stores several new documents in one operation: either all are written, in one commit, or
     * none is.
     *
     * @param documents the documents; not null
     * @return their ids, in order
     * @throws DuplicateKeyException if an id is taken or repeated; nothing is written
     * @throws DocumentTooLargeException if a document is too large; nothing is written
     * @throws InvalidDocumentException if a document breaks a rule of {@link Document}; nothing is
     *         written
     */
    public List<String> putBatch(Collection<? extends Map<String, ?>> documents) {
        access.checkWritable("putBatch");
        return putBatch(documents, PutOptions.defaults());
    }

    /**
     * Stores several new documents, all with the same expiry and tags, in one operation: either
     * all are written, in one commit, or none is.
     *
     * @param documents the documents; not null
     * @param options expiry and tags for every document; must not carry an id
     * @return their ids, in order
     * @throws DuplicateKeyException if an id is taken or repeated; nothing is written
     * @throws DocumentTooLargeException if a document is too large; nothing is written
     * @throws InvalidDocumentException if a document breaks a rule of {@link Document}; nothing is
     *         written
     */
    public List<String> putBatch(Collection<? extends Map<String, ?>> documents, PutOptions options) {
        access.checkWritable("putBatch");
        Objects.requireNonNull(options, "options must not be null");
        if (options.id() != null) {
            throw new IllegalArgumentException("A batch cannot take one id for every document; put the ids in the"
                    + " documents' _id fields");
        }
        return putBatch(documents, document -> options);
    }

    /**
     * Stores several new documents, each with its own id, expiry and tags, in one operation: either
     * all are written, in one commit, or none is. For example
     * {@code putBatch(readings, r -> PutOptions.defaults().ttl(retentionOf(r)))}.
     *
     * @param documents the documents; not null
     * @param optionsFor gives each document's options; not null, and must not return null
     * @return their ids, in order
     * @throws DuplicateKeyException if an id is taken or repeated; nothing is written
     * @throws DocumentTooLargeException if a document is too large; nothing is written
     * @throws InvalidDocumentException if a document breaks a rule of {@link Document}; nothing is
     *         written
     */
    public List<String> putBatch(Collection<? extends Map<String, ?>> documents,
            Function<? super Map<String, ?>, PutOptions> optionsFor) {
        access.checkWritable("putBatch");
        Objects.requireNonNull(documents, "documents must not be null");
        Objects.requireNonNull(optionsFor, "optionsFor must not be null");
        List<PreparedRecord> batch = new ArrayList<>(documents.size());
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (Map<String, ?> document : documents) {
            PreparedRecord prepared;
            try {
                prepared = prepare(document, Objects.requireNonNull(optionsFor.apply(document),
                        "optionsFor returned null for document " + index));
            } catch (DocumentTooLargeException e) {
                throw new DocumentTooLargeException(describe(document, index), e.size(), e.limit());
            } catch (InvalidDocumentException e) {
                throw new InvalidDocumentException("Document " + index + " of the batch: " + e.getMessage());
            }
            if (!seen.add(prepared.id())) {
                throw new DuplicateKeyException(name, prepared.id(), "Duplicate _id '" + prepared.id()
                        + "' repeated within the batch (document " + index + ") in collection '" + name + "'");
            }
            batch.add(prepared);
            index++;
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        writes.insert(batch);
        List<String> ids = new ArrayList<>(batch.size());
        for (PreparedRecord prepared : batch) {
            ids.add(prepared.id());
        }
        return ids;
    }

    private static String describe(Map<String, ?> document, int index) {
        Object id = document.get(Document.ID);
        return "#" + index + " of the batch" + (id instanceof String s ? " (_id " + s + ")" : "");
    }

    /**
     * Replaces an existing document. The new document replaces the old one whole, expiry included:
     * it expires only if the options say so.
     *
     * @param id the id of the document to replace; not null
     * @param document the new content; its {@code _id}, if any, must equal {@code id}
     * @return whether a document was replaced (false if none had this id; nothing is written)
     */
    public boolean replace(String id, Map<String, ?> document) {
        access.checkWritable("replace");
        return replace(id, document, PutOptions.defaults());
    }

    /**
     * Replaces an existing document with new content, expiry and tags.
     *
     * @param id the id of the document to replace; not null
     * @param document the new content; its {@code _id}, if any, must equal {@code id}
     * @param options expiry and tags of the new version; an id in them must equal {@code id}
     * @return whether a document was replaced (false if none had this id; nothing is written)
     */
    public boolean replace(String id, Map<String, ?> document, PutOptions options) {
        access.checkWritable("replace");
        return writes.replace(prepare(document, withId(options, id)));
    }

    /**
     * Replaces a document only if it currently matches a condition, atomically: no write can come
     * between the check and the replace. This is the compare-and-set that optimistic locking
     * needs, e.g. {@code replaceIf(id, Filters.eq("version", 3), newContent, options)}.
     *
     * @param id the id of the document to replace; not null
     * @param condition what the stored document must match; not null
     * @param document the new content; its {@code _id}, if any, must equal {@code id}
     * @param options expiry and tags of the new version; an id in them must equal {@code id}
     * @return whether the document was replaced (false if it is missing, expired or does not match;
     *         nothing is written then)
     */
    public boolean replaceIf(String id, Filter condition, Map<String, ?> document, PutOptions options) {
        access.checkWritable("replaceIf");
        Objects.requireNonNull(condition, "condition must not be null");
        PreparedRecord prepared = prepare(document, withId(options, id));
        return writes.replaceIf(prepared, condition, deadline("replaceIf", null));
    }

    /**
     * Deletes a document only if it currently matches a condition, atomically.
     *
     * @param id the document id; not null
     * @param condition what the stored document must match; not null
     * @return 1 if a live, matching document was removed, else 0
     */
    public int deleteIf(String id, Filter condition) {
        access.checkWritable("deleteIf");
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(condition, "condition must not be null");
        return removeAll(List.of(id), condition, deadline("deleteIf", null));
    }

    /**
     * Inserts a document or replaces the one with the same id (upsert). The id comes from the
     * document's {@code _id} or is generated.
     *
     * @param document the document; not null
     * @return the document's id
     */
    public String save(Map<String, ?> document) {
        access.checkWritable("save");
        return save(document, PutOptions.defaults());
    }

    /**
     * Inserts a document or replaces the one with the same id (upsert), with expiry and tags.
     *
     * @param document the document; not null
     * @param options id, expiry and tags; not null
     * @return the document's id
     */
    public String save(Map<String, ?> document, PutOptions options) {
        access.checkWritable("save");
        PreparedRecord prepared = prepare(document, options);
        writes.upsert(prepared);
        return prepared.id();
    }

    /**
     * Deletes a document.
     *
     * @param id the document id; not null
     * @return 1 if a live document was removed, else 0
     */
    public int delete(String id) {
        access.checkWritable("delete");
        Objects.requireNonNull(id, "id must not be null");
        return deleteBatch(List.of(id));
    }

    /**
     * Deletes several documents in one operation and one commit.
     *
     * @param ids the ids; not null, none null
     * @return how many live documents were removed
     */
    public int deleteBatch(Collection<String> ids) {
        access.checkWritable("deleteBatch");
        return removeAll(ids, null, null);
    }

    /**
     * Deletes, in one operation and one commit, those of the given documents that still match a
     * condition when the write happens: a document changed meanwhile so that it no longer matches
     * is kept.
     *
     * @param ids the ids; not null, none null
     * @param condition what each stored document must match to be deleted; not null
     * @return how many documents were removed
     * @throws QueryTimeoutException if checking the condition takes longer than the store's
     *         {@code queryTimeout}; nothing is removed
     */
    public int deleteBatch(Collection<String> ids, Filter condition) {
        access.checkWritable("deleteBatch");
        return removeAll(ids, Objects.requireNonNull(condition, "condition must not be null"),
                deadline("deleteBatch", null));
    }

    /**
     * As {@link #deleteBatch(Collection, Filter)}, within a time limit of its own.
     *
     * @param ids the ids; not null, none null
     * @param condition what each stored document must match to be deleted; not null
     * @param maxTime the time the operation may take, in place of the store's {@code queryTimeout};
     *        {@link Duration#ZERO} for none; not null, not negative
     * @return how many documents were removed
     * @throws QueryTimeoutException if checking the condition takes longer; nothing is removed
     * @since 0.2
     */
    public int deleteBatch(Collection<String> ids, Filter condition, Duration maxTime) {
        access.checkWritable("deleteBatch");
        return removeAll(ids, Objects.requireNonNull(condition, "condition must not be null"),
                deadline("deleteBatch", checkMaxTime(maxTime)));
    }

    /** Checks the ids and removes those documents in one write; see {@link CollectionWrites#remove}. */
    private int removeAll(Collection<String> ids, Filter condition, QueryDeadline deadline) {
        Objects.requireNonNull(ids, "ids must not be null");
        Set<String> unique = new LinkedHashSet<>(ids);
        if (unique.contains(null)) {
            throw new IllegalArgumentException("ids must not contain null");
        }
        if (unique.isEmpty()) {
            return 0;
        }
        return writes.remove(unique, condition, deadline);
    }

    /**
     * Deletes every document that matches a filter, in one operation and one commit. The matches
     * are found (through an index where one serves the filter) inside that operation, so no other
     * write comes between finding and deleting them.
     *
     * @param filter the filter; not null
     * @return how many documents were removed
     * @throws QueryTimeoutException if finding and checking the matches takes longer than the
     *         store's {@code queryTimeout}; nothing is removed
     * @throws QueryInterruptedException if the thread is interrupted meanwhile; nothing is removed
     */
    public int deleteMany(Filter filter) {
        return deleteMany(filter, deadline("deleteMany", null));
    }

    /**
     * As {@link #deleteMany(Filter)}, within a time limit of its own: finding the matches and
     * checking them again when they are deleted must take no longer than {@code maxTime}, or nothing
     * is deleted.
     *
     * @param filter the filter; not null
     * @param maxTime the time the operation may take, in place of the store's {@code queryTimeout};
     *        {@link Duration#ZERO} for none; not null, not negative
     * @return how many documents were removed
     * @throws QueryTimeoutException if it takes longer; nothing is removed
     * @throws QueryInterruptedException if the thread is interrupted meanwhile; nothing is removed
     * @since 0.2
     */
    public int deleteMany(Filter filter, Duration maxTime) {
        return deleteMany(filter, deadline("deleteMany", checkMaxTime(maxTime)));
    }

    private int deleteMany(Filter filter, QueryDeadline deadline) {
        access.checkWritable("deleteMany");
        Objects.requireNonNull(filter, "filter must not be null");
        return writes.removeMatching(find(filter), deadline);
    }

    /**
     * Drops this collection: all its documents and the collection itself.
     *
     * @return whether the collection existed
     */
    public boolean drop() {
        access.checkDefinitionChange("drop");
        return engine.dropCollection(name);
    }

    // ---- change events (delivery is in io.tetherdb.internal.event)

    /**
     * Watches this collection from now on: every committed change to it is delivered to the
     * listener, in commit order, on the subscription's own thread; see {@link ChangeSubscription}
     * and docs/events.md. Changes made through a transaction are delivered when it commits.
     *
     * @param listener the listener; not null
     * @return the running subscription; close it to stop
     * @since 0.2
     */
    public ChangeSubscription watch(ChangeListener listener) {
        return watch(WatchOptions.defaults(), listener);
    }

    /**
     * As {@link #watch(ChangeListener)}, delivering only the events whose document matches a filter
     * (see {@link WatchOptions#documentFilter(Filter)}).
     *
     * @param filter the document filter; not null
     * @param listener the listener; not null
     * @return the running subscription
     * @since 0.2
     */
    public ChangeSubscription watch(Filter filter, ChangeListener listener) {
        Objects.requireNonNull(filter, "filter must not be null");
        return watch(WatchOptions.defaults().documentFilter(filter), listener);
    }

    /**
     * As {@link #watch(ChangeListener)}, with options: the documents events carry, filters, the
     * buffer's size, and a point to resume after.
     *
     * @param options the options; not null
     * @param listener the listener; not null
     * @return the running subscription
     * @throws ChangeHistoryGoneException if the options resume after a change whose successors the
     *         store's change history no longer holds; nothing is subscribed
     * @since 0.2
     */
    public ChangeSubscription watch(WatchOptions options, ChangeListener listener) {
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        return ChangeSubscriber.start(engine, name, listener, options);
    }

    // ---- update operators (the write logic is in UpdateWrites)

    /**
     * As {@link #updateOne(Filter, Update, UpdateOptions)} with default options.
     *
     * @param filter a compiled filter; not null
     * @param update a compiled update; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(Filter filter, Update update) {
        return updateOne(filter, update, UpdateOptions.defaults());
    }

    /**
     * Updates the first document that matches a filter (the first in the options' order, if one is set),
     * in one operation and one commit. With
     * {@link UpdateOptions#upsert(boolean) upsert}, when nothing matches, a document built from the
     * filter's equality conditions and the update (with {@code $setOnInsert}) is inserted. The
     * updated documents keep their expiry unless the options set one; {@code _id} never changes.
     *
     * @param filter which document; not null
     * @param update the update; not null
     * @param options upsert, array filters, expiry, order, time limit; not null
     * @return how many documents matched and were modified, and the id of an upserted one
     * @throws io.tetherdb.update.InvalidUpdateException if the update does not apply to a matched
     *         document (or is invalid); nothing is written
     * @throws DuplicateKeyException if a change breaks a unique index; nothing is written
     * @throws DocumentTooLargeException if an updated document exceeds the size limit; nothing is written
     * @throws QueryTimeoutException if finding and updating takes longer than the time limit;
     *         nothing is written
     * @since 0.2
     */
    public UpdateResult updateOne(Filter filter, Update update, UpdateOptions options) {
        access.checkWritable("updateOne");
        return updateWrites().update(Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(update, "update must not be null"),
                Objects.requireNonNull(options, "options must not be null"), false);
    }

    /**
     * As {@link #updateOne(Filter, Update, UpdateOptions)} with default options.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(String filter, String update) {
        return updateOne(Filter.parse(filter), Update.parse(update), UpdateOptions.defaults());
    }

    /**
     * As {@link #updateOne(Filter, Update, UpdateOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(String filter, String update, UpdateOptions options) {
        return updateOne(Filter.parse(filter), Update.parse(update), options);
    }

    /**
     * As {@link #updateOne(Filter, Update, UpdateOptions)} with default options.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(Map<String, ?> filter, Map<String, ?> update) {
        return updateOne(Filter.of(filter), Update.of(update), UpdateOptions.defaults());
    }

    /**
     * As {@link #updateOne(Filter, Update, UpdateOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateOne(Map<String, ?> filter, Map<String, ?> update, UpdateOptions options) {
        return updateOne(Filter.of(filter), Update.of(update), options);
    }

    /**
     * As {@link #updateMany(Filter, Update, UpdateOptions)} with default options.
     *
     * @param filter a compiled filter; not null
     * @param update a compiled update; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(Filter filter, Update update) {
        return updateMany(filter, update, UpdateOptions.defaults());
    }

    /**
     * Updates every document that matches a filter, in one operation and one commit: either every matched
     * document is updated, or, when one of them fails (a unique index violation, a document grown past the
     * size limit, an operator that does not apply to it), none is. With
     * {@link UpdateOptions#upsert(boolean) upsert}, when nothing matches, a document built from the
     * filter's equality conditions and the update (with {@code $setOnInsert}) is inserted. The
     * updated documents keep their expiry unless the options set one; {@code _id} never changes.
     *
     * @param filter which documents; not null
     * @param update the update; not null
     * @param options upsert, array filters, expiry, time limit; not null
     * @return how many documents matched and were modified, and the id of an upserted one
     * @throws io.tetherdb.update.InvalidUpdateException if the update does not apply to a matched
     *         document (or is invalid); nothing is written
     * @throws DuplicateKeyException if a change breaks a unique index; nothing is written
     * @throws DocumentTooLargeException if an updated document exceeds the size limit; nothing is written
     * @throws QueryTimeoutException if finding and updating takes longer than the time limit;
     *         nothing is written
     * @since 0.2
     */
    public UpdateResult updateMany(Filter filter, Update update, UpdateOptions options) {
        access.checkWritable("updateMany");
        return updateWrites().update(Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(update, "update must not be null"),
                Objects.requireNonNull(options, "options must not be null"), true);
    }

    /**
     * As {@link #updateMany(Filter, Update, UpdateOptions)} with default options.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(String filter, String update) {
        return updateMany(Filter.parse(filter), Update.parse(update), UpdateOptions.defaults());
    }

    /**
     * As {@link #updateMany(Filter, Update, UpdateOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(String filter, String update, UpdateOptions options) {
        return updateMany(Filter.parse(filter), Update.parse(update), options);
    }

    /**
     * As {@link #updateMany(Filter, Update, UpdateOptions)} with default options.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(Map<String, ?> filter, Map<String, ?> update) {
        return updateMany(Filter.of(filter), Update.of(update), UpdateOptions.defaults());
    }

    /**
     * As {@link #updateMany(Filter, Update, UpdateOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult updateMany(Map<String, ?> filter, Map<String, ?> update, UpdateOptions options) {
        return updateMany(Filter.of(filter), Update.of(update), options);
    }

    /**
     * As {@link #replaceOne(Filter, Map, UpdateOptions)} with default options.
     *
     * @param filter a compiled filter; not null
     * @param replacement the new content; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(Filter filter, Map<String, ?> replacement) {
        return replaceOne(filter, replacement, UpdateOptions.defaults());
    }

    /**
     * Replaces the first document that matches a filter (the first in the options' order, if one
     * is set) with new content, keeping its {@code _id}, in one operation and one commit. The
     * document keeps its expiry unless the options set one. With
     * {@link UpdateOptions#upsert(boolean) upsert}, when nothing matches, the replacement is
     * inserted, with the filter's {@code _id} equality if it has none.
     *
     * @param filter which document; not null
     * @param replacement the new content, without update operators; its {@code _id}, if any, must
     *        be the matched document's; not null
     * @param options upsert, expiry, order, time limit; not null
     * @return how many documents matched and were modified, and the id of an upserted one
     * @throws io.tetherdb.update.InvalidUpdateException if the replacement holds operators or
     *         another {@code _id}; nothing is written
     * @since 0.2
     */
    public UpdateResult replaceOne(Filter filter, Map<String, ?> replacement, UpdateOptions options) {
        access.checkWritable("replaceOne");
        return updateWrites().replace(Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(replacement, "replacement must not be null"),
                Objects.requireNonNull(options, "options must not be null"));
    }

    /**
     * As {@link #replaceOne(Filter, Map, UpdateOptions)} with default options.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(String filter, Map<String, ?> replacement) {
        return replaceOne(Filter.parse(filter), replacement, UpdateOptions.defaults());
    }

    /**
     * As {@link #replaceOne(Filter, Map, UpdateOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(String filter, Map<String, ?> replacement, UpdateOptions options) {
        return replaceOne(Filter.parse(filter), replacement, options);
    }

    /**
     * As {@link #replaceOne(Filter, Map, UpdateOptions)} with default options.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(Map<String, ?> filter, Map<String, ?> replacement) {
        return replaceOne(Filter.of(filter), replacement, UpdateOptions.defaults());
    }

    /**
     * As {@link #replaceOne(Filter, Map, UpdateOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the counts and any upserted id
     * @since 0.2
     */
    public UpdateResult replaceOne(Map<String, ?> filter, Map<String, ?> replacement, UpdateOptions options) {
        return replaceOne(Filter.of(filter), replacement, options);
    }

    /**
     * As {@link #findOneAndUpdate(Filter, Update, FindAndModifyOptions)} with default options (the
     * document before the change).
     *
     * @param filter a compiled filter; not null
     * @param update a compiled update; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Filter filter, Update update) {
        return findOneAndUpdate(filter, update, FindAndModifyOptions.defaults());
    }

    /**
     * Updates the first document that matches a filter, in the options' order, and returns it as
     * it was before or after the change, in one operation: no other write comes between the read
     * and the change.
     *
     * @param filter which document; not null
     * @param update the update; not null
     * @param options order, projection, before or after, upsert, array filters, expiry; not null
     * @return the document before or after the change, projected; empty if nothing matched (and,
     *         with an upsert, when the document before is asked for)
     * @throws io.tetherdb.update.InvalidUpdateException if the update does not apply; nothing is written
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Filter filter, Update update, FindAndModifyOptions options) {
        access.checkWritable("findOneAndUpdate");
        return updateWrites().findAndUpdate(Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(update, "update must not be null"),
                Objects.requireNonNull(options, "options must not be null"));
    }

    /**
     * As {@link #findOneAndUpdate(Filter, Update, FindAndModifyOptions)} with default options (the
     * document before the change).
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(String filter, String update) {
        return findOneAndUpdate(Filter.parse(filter), Update.parse(update), FindAndModifyOptions.defaults());
    }

    /**
     * As {@link #findOneAndUpdate(Filter, Update, FindAndModifyOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param update an update as relaxed JSON, such as {@code "{$inc: {n: 1}}"}; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(String filter, String update, FindAndModifyOptions options) {
        return findOneAndUpdate(Filter.parse(filter), Update.parse(update), options);
    }

    /**
     * As {@link #findOneAndUpdate(Filter, Update, FindAndModifyOptions)} with default options (the
     * document before the change).
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Map<String, ?> filter, Map<String, ?> update) {
        return findOneAndUpdate(Filter.of(filter), Update.of(update), FindAndModifyOptions.defaults());
    }

    /**
     * As {@link #findOneAndUpdate(Filter, Update, FindAndModifyOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param update an update as a map; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndUpdate(Map<String, ?> filter, Map<String, ?> update, FindAndModifyOptions options) {
        return findOneAndUpdate(Filter.of(filter), Update.of(update), options);
    }

    /**
     * As {@link #findOneAndReplace(Filter, Map, FindAndModifyOptions)} with default options.
     *
     * @param filter a compiled filter; not null
     * @param replacement the new content; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Filter filter, Map<String, ?> replacement) {
        return findOneAndReplace(filter, replacement, FindAndModifyOptions.defaults());
    }

    /**
     * Replaces the first document that matches a filter, in the options' order, and returns it as
     * it was before or after, in one operation.
     *
     * @param filter which document; not null
     * @param replacement the new content, without operators; not null
     * @param options order, projection, before or after, upsert, expiry; not null
     * @return the document before or after, projected; empty if nothing matched
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Filter filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        access.checkWritable("findOneAndReplace");
        return updateWrites().findAndReplace(Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(replacement, "replacement must not be null"),
                Objects.requireNonNull(options, "options must not be null"));
    }

    /**
     * As {@link #findOneAndReplace(Filter, Map, FindAndModifyOptions)} with default options.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(String filter, Map<String, ?> replacement) {
        return findOneAndReplace(Filter.parse(filter), replacement, FindAndModifyOptions.defaults());
    }

    /**
     * As {@link #findOneAndReplace(Filter, Map, FindAndModifyOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(String filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        return findOneAndReplace(Filter.parse(filter), replacement, options);
    }

    /**
     * As {@link #findOneAndReplace(Filter, Map, FindAndModifyOptions)} with default options.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Map<String, ?> filter, Map<String, ?> replacement) {
        return findOneAndReplace(Filter.of(filter), replacement, FindAndModifyOptions.defaults());
    }

    /**
     * As {@link #findOneAndReplace(Filter, Map, FindAndModifyOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param replacement the new content; not null
     * @param options the options; not null
     * @return the document, projected, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndReplace(Map<String, ?> filter, Map<String, ?> replacement, FindAndModifyOptions options) {
        return findOneAndReplace(Filter.of(filter), replacement, options);
    }

    /**
     * As {@link #findOneAndDelete(Filter, FindAndModifyOptions)} with default options.
     *
     * @param filter a compiled filter; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Filter filter) {
        return findOneAndDelete(filter, FindAndModifyOptions.defaults());
    }

    /**
     * Deletes the first document that matches a filter, in the options' order, and returns it, in
     * one operation.
     *
     * @param filter which document; not null
     * @param options order and projection (the rest is ignored); not null
     * @return the deleted document, projected; empty if nothing matched
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Filter filter, FindAndModifyOptions options) {
        access.checkWritable("findOneAndDelete");
        return updateWrites().findAndDelete(Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(options, "options must not be null"));
    }

    /**
     * As {@link #findOneAndDelete(Filter, FindAndModifyOptions)} with default options.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(String filter) {
        return findOneAndDelete(Filter.parse(filter), FindAndModifyOptions.defaults());
    }

    /**
     * As {@link #findOneAndDelete(Filter, FindAndModifyOptions)}.
     *
     * @param filter a filter as relaxed JSON, such as {@code "{_id: 'a'}"}; not null
     * @param options the options; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(String filter, FindAndModifyOptions options) {
        return findOneAndDelete(Filter.parse(filter), options);
    }

    /**
     * As {@link #findOneAndDelete(Filter, FindAndModifyOptions)} with default options.
     *
     * @param filter a filter as a map; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Map<String, ?> filter) {
        return findOneAndDelete(Filter.of(filter), FindAndModifyOptions.defaults());
    }

    /**
     * As {@link #findOneAndDelete(Filter, FindAndModifyOptions)}.
     *
     * @param filter a filter as a map; not null
     * @param options the options; not null
     * @return the deleted document, or empty
     * @since 0.2
     */
    public Optional<Document> findOneAndDelete(Map<String, ?> filter, FindAndModifyOptions options) {
        return findOneAndDelete(Filter.of(filter), options);
    }

    /**
     * Runs several writes (inserts, updates, replacements, deletes) in order, as one operation and
     * one commit: either all of them are written or, when one fails, none is, and the failure is
     * thrown as the failing write alone would throw it. Each write sees the ones before it.
     *
     * @param models the writes, in order; not null, none null
     * @return the counts of all the writes
     * @since 0.2
     */
    public BulkWriteResult bulkWrite(List<WriteModel> models) {
        access.checkWritable("bulkWrite");
        Objects.requireNonNull(models, "models must not be null");
        if (models.isEmpty()) {
            return new BulkWriteResult(0, 0, 0, 0, Map.of(), Map.of());
        }
        return updateWrites().bulk(List.copyOf(models));
    }

    /** @return the update operations of this collection, made on first use */
    private UpdateWrites updateWrites() {
        UpdateWrites writes = updateWrites;
        if (writes == null) {
            writes = new UpdateWrites(this, access, engine, db.records(), db.documentsExamined());
            updateWrites = writes;
        }
        return writes;
    }

    // ---- indexes

    /**
     * Creates an index and builds it over the existing documents (see
     * {@link #createIndex(IndexDefinition, IndexBuildProgress)}).
     *
     * @param keys the index keys as relaxed JSON, such as {@code "{city: 1, age: -1}"}; not null
     * @return false if the same index exists already
     * @throws InvalidQueryException if the text is malformed, a path is invalid or a direction is
     *         not 1 or -1
     */
    public boolean createIndex(String keys) {
        access.checkDefinitionChange("createIndex");
        return createIndex(IndexDefinition.parse(keys));
    }

    /**
     * Creates an index and builds it over the existing documents.
     *
     * @param definition the index; not null
     * @return false if the same index exists already
     */
    public boolean createIndex(IndexDefinition definition) {
        access.checkDefinitionChange("createIndex");
        return createIndex(definition, IndexBuildProgress.NONE);
    }

    /**
     * Creates an index and builds it over the existing documents, reading them one at a time so
     * that even a large collection needs no memory in proportion to its size. Writers wait while
     * the index is built; readers do not. Index definitions are kept in the file: an index is
     * built once and then maintained by every write.
     *
     * @param definition the index; not null
     * @param progress receives the build's progress; not null
     * @return false if the same index exists already (nothing is done)
     * @throws DuplicateKeyException if the index is unique and two documents share a key; the
     *         index is not created
     * @throws IllegalArgumentException if another index has the same name or the same keys
     */
    public boolean createIndex(IndexDefinition definition, IndexBuildProgress progress) {
        access.checkDefinitionChange("createIndex");
        Objects.requireNonNull(definition, "definition must not be null");
        Objects.requireNonNull(progress, "progress must not be null");
        return engine.createIndex(name, definition, progress::progress);
    }

    /**
     * @param indexName the index's name; not null
     * @return whether the index existed
     */
    public boolean dropIndex(String indexName) {
        access.checkDefinitionChange("dropIndex");
        Objects.requireNonNull(indexName, "indexName must not be null");
        return engine.dropIndex(name, indexName);
    }

    /**
     * Rebuilds an index from the documents: drops it and builds it again with the same definition.
     * Indexes are maintained by every write and never need this in normal operation; it is there
     * to recover from a damaged file.
     *
     * @param indexName the index's name; not null
     * @return whether the index existed (and was rebuilt)
     */
    public boolean rebuildIndex(String indexName) {
        access.checkDefinitionChange("rebuildIndex");
        Objects.requireNonNull(indexName, "indexName must not be null");
        for (IndexStatus status : listIndexes()) {
            if (status.definition().name().equals(indexName)) {
                engine.dropIndex(name, indexName);
                engine.createIndex(name, status.definition(), (done, total) -> { });
                return true;
            }
        }
        return false;
    }

    /** @return the collection's indexes, in creation order */
    public List<IndexStatus> listIndexes() {
        CollectionStore store = engine.collection(name);
        return store == null ? List.of() : store.indexInfos();
    }

    /**
     * @return how many documents of this collection carry an expiry time; expired ones the sweep has
     *         not removed yet are included. Cheap: it reads the size of the collection's expiry index.
     * @since 0.2
     */
    public long expiringDocuments() {
        return engine.expiringDocuments(name);
    }

    // ---- reads

    /**
     * @param id the document id; not null
     * @return the document, or empty if there is none or it has expired
     */
    public Optional<Document> get(String id) {
        Objects.requireNonNull(id, "id must not be null");
        byte[] record = access.get(id);
        db.countRead();
        return record == null ? Optional.empty() : Optional.of(RecordFormat.decode(record));
    }

    /**
     * Reads when a document expires, which is kept beside the document rather than in it.
     *
     * @param id the document id; not null
     * @return the moment the document expires, or empty if it never expires, is missing or has
     *         already expired
     * @since 0.2
     */
    public Optional<java.time.Instant> expiresAt(String id) {
        Objects.requireNonNull(id, "id must not be null");
        byte[] record = access.get(id);
        if (record == null) {
            return Optional.empty();
        }
        long millis = RecordFormat.expiresAt(record);
        return millis == RecordFormat.NEVER ? Optional.empty() : Optional.of(java.time.Instant.ofEpochMilli(millis));
    }

    /** @return the number of live documents in the collection */
    public long count() {
        return access.count();
    }

    /**
     * @param filter the filter; not null
     * @return the number of live documents matching it
     * @throws QueryTimeoutException if counting takes longer than the store's {@code queryTimeout}
     */
    public long count(Filter filter) {
        return find(filter).count();
    }

    /**
     * Counts within a time limit of its own; the same as {@code find(filter).maxTime(maxTime).count()}.
     *
     * @param filter the filter; not null
     * @param maxTime the time counting may take, in place of the store's {@code queryTimeout};
     *        {@link Duration#ZERO} for none; not null, not negative
     * @return the number of live documents matching the filter
     * @throws QueryTimeoutException if counting takes longer
     * @since 0.2
     */
    public long count(Filter filter, Duration maxTime) {
        return find(filter).maxTime(maxTime).count();
    }

    /** @return a query over every document */
    public FindQuery find() {
        return find(Filter.all());
    }

    /**
     * @param filter a compiled filter; not null
     * @return a query over the matching documents, to refine with sort, skip, limit and projection
     */
    public FindQuery find(Filter filter) {
        engine.ensureOpen();
        return new FindQuery(this, engine, access, Objects.requireNonNull(filter, "filter must not be null"));
    }

    /**
     * @param filter a filter in relaxed JSON, such as {@code "{age: {$gte: 18}}"}; not null
     * @return a query over the matching documents
     * @throws InvalidQueryException if the filter is not valid
     */
    public FindQuery find(String filter) {
        return find(Filter.parse(filter));
    }

    /**
     * @param filter a filter as a map; not null
     * @return a query over the matching documents
     * @throws InvalidQueryException if the filter is not valid
     */
    public FindQuery find(Map<String, ?> filter) {
        return find(Filter.of(filter));
    }

    /**
     * @param filter a filter in relaxed JSON; not null
     * @return the matching documents
     * @throws InvalidQueryException if the filter is not valid
     */
    public List<Document> query(String filter) {
        return find(filter).toList();
    }

    /**
     * @param filter a compiled filter; not null
     * @return the matching documents
     */
    public List<Document> query(Filter filter) {
        return find(filter).toList();
    }

    /**
     * @param filter a filter as a map; not null
     * @return the matching documents
     */
    public List<Document> query(Map<String, ?> filter) {
        return find(filter).toList();
    }

    /**
     * Streams the matching documents lazily, with memory independent of their number. Close the
     * stream (try-with-resources) to release the snapshot it reads.
     *
     * @param filter a compiled filter; not null
     * @return the matching documents
     */
    public Stream<Document> stream(Filter filter) {
        return find(filter).stream();
    }

    /**
     * @param filter a filter in relaxed JSON; not null
     * @return the matching documents, lazily; close the stream
     * @throws InvalidQueryException if the filter is not valid
     */
    public Stream<Document> stream(String filter) {
        return find(filter).stream();
    }

    /**
     * Checks and encodes a document outside the write lock; its id comes from the options, else its
     * _id, else is generated.
     */
    private PreparedRecord prepare(Map<String, ?> document, PutOptions options) {
        Objects.requireNonNull(document, "document must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return db.records().prepare(document, options.id(), options.tags(),
                () -> options.expiresAtMillis(engine.nowMillis()));
    }

    // ---- time limits

    /** @return the time limit of an operation given {@code maxTime}, null meaning the store's default */
    Duration queryTimeout(Duration maxTime) {
        return maxTime != null ? maxTime : db.options().queryTimeout();
    }

    LongAdder examinedCounter() {
        return db.documentsExamined();
    }

    private QueryDeadline deadline(String operation, Duration maxTime) {
        return QueryDeadline.start(operation + " on collection '" + name + "'", queryTimeout(maxTime));
    }

    private static Duration checkMaxTime(Duration maxTime) {
        Objects.requireNonNull(maxTime, "maxTime must not be null");
        if (maxTime.isNegative()) {
            throw new IllegalArgumentException("maxTime must not be negative but was " + maxTime);
        }
        return maxTime;
    }

    private static PutOptions withId(PutOptions options, String id) {
        PutOptions.checkId(id);
        if (options.id() != null && !options.id().equals(id)) {
            throw new IllegalArgumentException("The options' id '" + options.id() + "' differs from '" + id + "'");
        }
        return options.withId(id);
    }

    // ---- aggregation

    /**
     * Prepares an aggregation pipeline over this collection with default options; see
     * {@link #aggregate(String, AggregateOptions)}.
     *
     * @param pipeline the stages as relaxed JSON text of an array, such as
     *        {@code "[{$match: {sensor: 's1'}}, {$group: {_id: '$day', mean: {$avg: '$value'}}}]"}; not null
     * @return the aggregation, run by its terminal methods
     * @throws InvalidQueryException if the text is not an array of valid stages (the message names
     *         the stage, operator and position)
     * @since 0.2
     */
    public AggregateResult aggregate(String pipeline) {
        return aggregate(pipeline, AggregateOptions.defaults());
    }

    /**
     * Prepares an aggregation pipeline over this collection. The pipeline is checked now; it runs
     * when a terminal method of the result is called, as a {@link FindQuery} does.
     *
     * @param pipeline the stages as relaxed JSON text of an array; not null
     * @param options time, memory and disk limits of each run; not null
     * @return the aggregation
     * @throws InvalidQueryException if the text is not an array of valid stages
     * @since 0.2
     */
    public AggregateResult aggregate(String pipeline, AggregateOptions options) {
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        Object parsed;
        try {
            parsed = Json.parse(pipeline);
        } catch (MalformedJsonException e) {
            throw new InvalidQueryException("Malformed pipeline: " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> stages)) {
            throw new InvalidQueryException("A pipeline must be a JSON array of stages, such as [{$match: {...}}],"
                    + " but was " + (parsed == null ? "null" : parsed.getClass().getSimpleName()));
        }
        List<Map<String, ?>> list = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            if (!(stages.get(i) instanceof Map<?, ?> stage)) {
                throw new InvalidQueryException("A pipeline stage must be an object with exactly one field, such as"
                        + " {$match: {...}}, but stage " + i + " of the pipeline is " + stages.get(i));
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) stage;
            list.add(typed);
        }
        return aggregate(list, options);
    }

    /**
     * Prepares an aggregation pipeline over this collection with default options.
     *
     * @param pipeline the stages, each a one-field map such as {@code {$match: {...}}} (see
     *        {@link io.tetherdb.aggregate.Aggregates}); not null
     * @return the aggregation
     * @throws InvalidQueryException if a stage is not valid
     * @since 0.2
     */
    public AggregateResult aggregate(List<? extends Map<String, ?>> pipeline) {
        return aggregate(pipeline, AggregateOptions.defaults());
    }

    /**
     * Prepares an aggregation pipeline over this collection.
     *
     * @param pipeline the stages, each a one-field map such as {@code {$match: {...}}}; not null
     * @param options time, memory and disk limits of each run; not null
     * @return the aggregation
     * @throws InvalidQueryException if a stage is not valid
     * @since 0.2
     */
    public AggregateResult aggregate(List<? extends Map<String, ?>> pipeline, AggregateOptions options) {
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return new AggregateResult(db, this, CompiledPipeline.compile(pipeline), options,
                new AggregateWrites(db, engine));
    }

    /**
     * @param other a collection name
     * @return that collection as this one reaches the store: in the same transaction, or directly
     */
    TetherCollection sibling(String other) {
        return access.sibling(db, other);
    }

    /** Refuses, inside a transaction, an operation that writes as one operation of its own. */
    void checkOutsideTransaction(String operation) {
        access.checkDefinitionChange(operation);
    }

    @Override
    public String toString() {
        return "TetherCollection[" + name + " in " + engine.describe() + "]";
    }
}
