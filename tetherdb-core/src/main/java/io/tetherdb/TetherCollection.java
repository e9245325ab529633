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
import io.tetherdb.internal.store.CollectionStore;
import io.tetherdb.internal.store.PreparedRecord;
import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.StoreEngine;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Projection;
import io.tetherdb.query.QueryDeadline;

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

    private static final Projection ID_ONLY = Projection.of(Map.of(Document.ID, 1));

    private final TetherDB db;
    private final StoreEngine engine;
    private final String name;
    private final CollectionWrites writes;

    TetherCollection(TetherDB db, StoreEngine engine, String name) {
        this.db = db;
        this.engine = engine;
        this.name = name;
        this.writes = new CollectionWrites(engine, name, db.documentsExamined());
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
        engine.ensureWritable("put");
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
        engine.ensureWritable("put");
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
        engine.ensureWritable("putBatch");
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
        engine.ensureWritable("putBatch");
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
        engine.ensureWritable("putBatch");
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
        engine.ensureWritable("replace");
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
        engine.ensureWritable("replace");
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
        engine.ensureWritable("replaceIf");
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
        engine.ensureWritable("deleteIf");
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
        engine.ensureWritable("save");
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
        engine.ensureWritable("save");
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
        engine.ensureWritable("delete");
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
        engine.ensureWritable("deleteBatch");
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
        engine.ensureWritable("deleteBatch");
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
        engine.ensureWritable("deleteBatch");
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
        if (unique.isEmpty() || engine.collection(name) == null) {
            return 0;
        }
        return writes.remove(unique, condition, deadline);
    }

    /**
     * Deletes every document that matches a filter, in one operation and one commit. The matches
     * are found first (through an index where one serves the filter) and each is checked again when
     * it is deleted, so a document changed meanwhile so that it no longer matches is kept.
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
        engine.ensureWritable("deleteMany");
        Objects.requireNonNull(filter, "filter must not be null");
        List<String> ids = new ArrayList<>();
        try (Stream<Document> matches = find(filter).projection(ID_ONLY).stream(deadline)) {
            matches.forEachOrdered(document -> ids.add(document.getId()));
        }
        // the stream stops the clock between results; the checks under the write lock count again
        deadline.resume();
        return removeAll(ids, filter, deadline);
    }

    /**
     * Drops this collection: all its documents and the collection itself.
     *
     * @return whether the collection existed
     */
    public boolean drop() {
        engine.ensureWritable("drop");
        return engine.dropCollection(name);
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
        engine.ensureWritable("createIndex");
        return createIndex(IndexDefinition.parse(keys));
    }

    /**
     * Creates an index and builds it over the existing documents.
     *
     * @param definition the index; not null
     * @return false if the same index exists already
     */
    public boolean createIndex(IndexDefinition definition) {
        engine.ensureWritable("createIndex");
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
        engine.ensureWritable("createIndex");
        Objects.requireNonNull(definition, "definition must not be null");
        Objects.requireNonNull(progress, "progress must not be null");
        return engine.createIndex(name, definition, progress::progress);
    }

    /**
     * @param indexName the index's name; not null
     * @return whether the index existed
     */
    public boolean dropIndex(String indexName) {
        engine.ensureWritable("dropIndex");
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
        engine.ensureWritable("rebuildIndex");
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

    // ---- reads

    /**
     * @param id the document id; not null
     * @return the document, or empty if there is none or it has expired
     */
    public Optional<Document> get(String id) {
        Objects.requireNonNull(id, "id must not be null");
        CollectionStore store = engine.collection(name);
        if (store == null) {
            return Optional.empty();
        }
        byte[] record = engine.atomically(() -> store.get(id, engine.nowMillis()));
        db.countRead();
        return record == null ? Optional.empty() : Optional.of(RecordFormat.decode(record));
    }

    /** @return the number of live documents in the collection */
    public long count() {
        CollectionStore store = engine.collection(name);
        return store == null ? 0 : engine.atomically(() -> store.count(engine.nowMillis()));
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
        return new FindQuery(this, engine, Objects.requireNonNull(filter, "filter must not be null"));
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

    @Override
    public String toString() {
        return "TetherCollection[" + name + " in " + engine.describe() + "]";
    }
}
