package io.tetherdb.spring.mongodb;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.AggregateIterable;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.document.IdGenerator;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.spring.core.FindAndModifyOptions;
import io.tetherdb.spring.core.EntityWrites;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.Update;
import io.tetherdb.spring.core.UpdateDocuments;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.mapping.TetherPersistentEntity;
import io.tetherdb.spring.mapping.TetherPersistentProperty;
import io.tetherdb.spring.mapping.event.EntityLifecycle;
import org.bson.conversions.Bson;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.callback.EntityCallbacks;

/**
 * The {@link TetherOperations} of the MongoDB backend: the same entities, mapping, ids, filters and
 * expiry rules as {@link io.tetherdb.spring.core.TetherTemplate}, on a MongoDB server through the
 * official sync driver.
 *
 * <p>Mapping: entities are written to TetherDB documents by the same {@link TetherConverter} (Jackson
 * names, records), then to BSON by value: dates as BSON dates (millisecond precision),
 * {@code BigDecimal} as Decimal128, ids as String {@code _id}s generated as the embedded store
 * generates them. Collections have the entity's collection name.
 *
 * <p>Expiry: a document with a time-to-live carries its expiry instant in the field
 * {@value #EXPIRES_AT}, which a TTL index on every expiring entity's collection lets the server
 * remove; since the server sweeps about once a minute, every read, count, update and delete adds
 * the condition "not expired", so expired documents are invisible at once, as in the embedded store.
 * The field is never read into an entity.
 *
 * <p>Filters: parsed by core as on the embedded backend (so both refuse the same invalid ones with
 * the same exception) and translated by {@link MongoFilterTranslator}.
 *
 * <p>Optimistic locking: a versioned entity is replaced or deleted with one conditional write on
 * its id and the version the caller read, atomic on the server.
 *
 * <p>Transactions: every call joins the MongoDB transaction bound to the thread by
 * {@link MongoTetherTransactionManager}. Without one, {@link #inTransaction(Supplier)} runs its work
 * directly, as Spring Data MongoDB does (standalone servers have no transactions), and
 * {@link #insertAll(Collection)} removes what it inserted when a later entity fails.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public class MongoTetherTemplate
        implements TetherOperations, ApplicationContextAware, ApplicationEventPublisherAware, DisposableBean {

    /** The field holding a document's expiry instant, under a TTL index. */
    public static final String EXPIRES_AT = "_expiresAt";

    private static final String ID = Document.ID;

    // MongoDB's default name for this key, and the name `tetherdb migrate` gives it: one index, whoever made it
    private static final String TTL_INDEX = EXPIRES_AT + "_1";

    private static final io.tetherdb.query.Projection ID_ONLY = io.tetherdb.query.Projection.of(Map.of(ID, 1));

    private final MongoClient client;

    private final MongoDatabase database;

    private final TetherConverter converter;

    private final TetherMappingContext mappingContext;

    private final MongoExpiry expiry;

    private final EntityWrites writes;

    private final MongoExceptionTranslator exceptionTranslator = new MongoExceptionTranslator();

    private final Set<Class<?>> indexedTypes = ConcurrentHashMap.newKeySet();

    private final Object pipelineCheckerLock = new Object();

    private volatile TetherDB pipelineChecker;

    private final EntityLifecycle lifecycle = new EntityLifecycle();

    private volatile Duration defaultMaxTime = Duration.ZERO;

    /**
     * @param client the client; not null (the caller closes it)
     * @param database the database's name; not null
     * @param converter the entity converter; not null
     */
    public MongoTetherTemplate(MongoClient client, String database, TetherConverter converter) {
        this(client, database, converter, Clock.systemUTC());
    }

    /**
     * @param client the client; not null (the caller closes it)
     * @param database the database's name; not null
     * @param converter the entity converter; not null
     * @param clock the clock of expiry instants and generated ids; not null
     */
    public MongoTetherTemplate(MongoClient client, String database, TetherConverter converter, Clock clock) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.database = client.getDatabase(Objects.requireNonNull(database, "database must not be null"));
        this.converter = Objects.requireNonNull(converter, "converter must not be null");
        this.mappingContext = converter.getMappingContext();
        this.expiry = new MongoExpiry(Objects.requireNonNull(clock, "clock must not be null"));
        this.writes = new EntityWrites(this.converter, new IdGenerator(clock));
    }

    /**
     * @param entityCallbacks the callbacks run around each write and read (auditing among them);
     *        null for none. In an application context they are the context's callback beans.
     */
    public void setEntityCallbacks(EntityCallbacks entityCallbacks) {
        this.lifecycle.setEntityCallbacks(entityCallbacks);
    }

    /**
     * @param eventPublisher where mapping events go; null for none. In an application context it is
     *        the context.
     */
    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
        this.lifecycle.setEventPublisher(eventPublisher);
    }

    /**
     * Switches the mapping events off or on, as {@code TetherTemplate} does; entity callbacks run
     * either way.
     *
     * @param enabled whether mapping events are published (on by default)
     */
    public void setEntityLifecycleEventsEnabled(boolean enabled) {
        this.lifecycle.setEventsEnabled(enabled);
    }

    /** @return the publisher of this template's mapping events and callbacks */
    public EntityLifecycle getEntityLifecycle() {
        return this.lifecycle;
    }

    /**
     * @param defaultMaxTime the time limit of a find, count or aggregation whose query sets none,
     *        as {@code tetherdb.query.max-time} is for the embedded store; {@link Duration#ZERO} for
     *        none; not null
     */
    public void setDefaultMaxTime(Duration defaultMaxTime) {
        Objects.requireNonNull(defaultMaxTime, "defaultMaxTime must not be null");
        if (defaultMaxTime.isNegative()) {
            throw new IllegalArgumentException("defaultMaxTime must not be negative but was " + defaultMaxTime);
        }
        this.defaultMaxTime = defaultMaxTime;
    }

    /** The limit of one call: the query's own, else the default; zero for none. */
    private long maxTimeMillis(Duration own) {
        Duration limit = (own != null) ? own : this.defaultMaxTime;
        // a limit under a millisecond is still a limit, not "none"
        return limit.isZero() ? 0L : Math.max(1L, limit.toMillis());
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) throws BeansException {
        this.lifecycle.useContext(applicationContext);
    }

    /** @return the database the entities are stored in */
    public MongoDatabase getDatabase() {
        return this.database;
    }

    /**
     * The driver's collection of an entity type, for what the entity API does not offer: its
     * documents hold the {@value #EXPIRES_AT} field, its exceptions are not translated, and expired
     * documents are not filtered out.
     *
     * @param entityClass an entity type; not null
     * @return the collection
     */
    public MongoCollection<org.bson.Document> getMongoCollection(Class<?> entityClass) {
        return this.database.getCollection(getCollectionName(entityClass));
    }

    @Override
    public TetherConverter getConverter() {
        return this.converter;
    }

    @Override
    public String getCollectionName(Class<?> entityClass) {
        return entity(entityClass).getCollection();
    }

    /**
     * The MongoDB backend has no core collection; use {@link #getMongoCollection(Class)}.
     *
     * @throws InvalidDataAccessApiUsageException always
     */
    @Override
    public TetherCollection getCollection(Class<?> entityClass) {
        throw new InvalidDataAccessApiUsageException("The MongoDB backend (tetherdb.backend=mongodb) has no TetherDB "
                + "collection for " + entityClass.getName() + "; use MongoTetherTemplate.getMongoCollection");
    }

    @Override
    public void checkPipeline(List<? extends Map<String, ?>> pipeline, Class<?> inputType) {
        // core's pipeline compiler checks the stages, so both backends refuse the same pipelines alike
        pipelineChecker().collection(getCollectionName(inputType)).aggregate(pipeline);
    }

    private TetherDB pipelineChecker() {
        TetherDB checker = this.pipelineChecker;
        if (checker == null) {
            synchronized (this.pipelineCheckerLock) {
                checker = this.pipelineChecker;
                if (checker == null) {
                    checker = TetherDB.inMemory();
                    this.pipelineChecker = checker;
                }
            }
        }
        return checker;
    }

    @Override
    public void destroy() {
        TetherDB checker = this.pipelineChecker;
        if (checker != null) {
            checker.close();
        }
    }

    @Override
    public <R> R inTransaction(Supplier<R> work) {
        Objects.requireNonNull(work, "work must not be null");
        return work.get();
    }

    @Override
    public void ensureIndexes(Class<?> entityClass) {
        if (this.indexedTypes.contains(entityClass)) {
            return;
        }
        translate(() -> {
            TetherPersistentEntity<?> entity = entity(entityClass);
            MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
            for (IndexDefinition index : this.mappingContext.getIndexDefinitions(entityClass)) {
                IndexOptions options = new IndexOptions().name(index.name())
                    .unique(index.isUnique())
                    .sparse(index.isSparse());
                collection.createIndex(BsonValues.toBson(index.keys()), options);
            }
            if (MongoExpiry.expires(entity)) {
                // expireAfter 0: the field holds the expiry instant itself
                collection.createIndex(new org.bson.Document(EXPIRES_AT, 1),
                        new IndexOptions().name(TTL_INDEX).expireAfter(0L, TimeUnit.SECONDS));
            }
            this.indexedTypes.add(entityClass);
            return null;
        });
    }

    // ---- writes

    @Override
    public <T> T insert(T entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        return translate(() -> {
            Prepared<T> prepared = prepareNew(entity);
            insertOne(entity(entity.getClass()), prepared.document);
            return this.lifecycle.afterSave(prepared.entity, prepared.source, prepared.collection);
        });
    }

    @Override
    public <T> List<T> insertAll(Collection<? extends T> entities) {
        Objects.requireNonNull(entities, "entities must not be null");
        return translate(() -> {
            List<Prepared<T>> batch = new ArrayList<>(entities.size());
            for (T entity : entities) {
                batch.add(prepareNew(Objects.requireNonNull(entity, "entities must not contain null")));
            }
            List<T> stored = new ArrayList<>(batch.size());
            if (batch.isEmpty()) {
                return stored;
            }
            boolean expires = batch.stream().anyMatch((p) -> MongoExpiry.expires(entity(p.entity.getClass())));
            try {
                insertGroups(batch);
            }
            catch (RuntimeException ex) {
                // an expired document the server has not swept yet may hold a unique value
                if (!expires || !isDuplicateKey(ex) || purgeExpired(batch.stream().map(Prepared::collection)
                    .distinct()
                    .toList()) == 0) {
                    throw ex;
                }
                insertGroups(batch);
            }
            batch.forEach((p) -> stored.add(this.lifecycle.afterSave(p.entity, p.source, p.collection)));
            return stored;
        });
    }

    /** Inserts a batch, by collection; when one fails, removes what it wrote unless a transaction will. */
    private <T> void insertGroups(List<Prepared<T>> batch) {
        ClientSession session = session();
        List<Prepared<T>> inserted = new ArrayList<>(batch.size());
        try {
            for (List<Prepared<T>> group : byCollection(batch)) {
                MongoCollection<org.bson.Document> collection = this.database.getCollection(group.get(0).collection);
                List<org.bson.Document> documents = group.stream().map(Prepared::document).toList();
                try {
                    if (session != null) {
                        collection.insertMany(session, documents, new InsertManyOptions().ordered(true));
                    }
                    else {
                        collection.insertMany(documents, new InsertManyOptions().ordered(true));
                    }
                }
                catch (MongoBulkWriteException ex) {
                    // an ordered insert stops at its first error: the documents before it were written
                    int written = ex.getWriteErrors().isEmpty() ? 0 : ex.getWriteErrors().get(0).getIndex();
                    inserted.addAll(group.subList(0, written));
                    throw ex;
                }
                inserted.addAll(group);
            }
        }
        catch (RuntimeException ex) {
            if (session == null) {
                // no transaction to roll back: remove what this call wrote, so that it writes nothing
                inserted.forEach((p) -> this.database.getCollection(p.collection)
                    .deleteOne(new org.bson.Document(ID, p.document.get(ID))));
            }
            throw ex;
        }
    }

    /** Inserts one document, again after a purge when an expired document held a unique value. */
    private void insertOne(TetherPersistentEntity<?> metadata, org.bson.Document document) {
        MongoCollection<org.bson.Document> collection = this.database.getCollection(metadata.getCollection());
        ClientSession session = session();
        retryingAfterPurge(metadata, () -> {
            if (session != null) {
                collection.insertOne(session, document);
            }
            else {
                collection.insertOne(document);
            }
            return null;
        });
    }

    /**
     * Runs a write; when a unique index refuses it and the entity expires, removes the collection's
     * expired documents (invisible already, but still indexed until the server's sweep) and, if
     * there were any, runs it once more: as in the embedded store, an expired document holds no
     * unique value.
     */
    private <R> R retryingAfterPurge(TetherPersistentEntity<?> metadata, Supplier<R> write) {
        try {
            return write.get();
        }
        catch (RuntimeException ex) {
            if (!MongoExpiry.expires(metadata) || !isDuplicateKey(ex) || purgeExpired(List.of(metadata.getCollection())) == 0) {
                throw ex;
            }
            return write.get();
        }
    }

    private static boolean isDuplicateKey(RuntimeException ex) {
        if (ex instanceof com.mongodb.MongoWriteException write) {
            return write.getError().getCategory() == com.mongodb.ErrorCategory.DUPLICATE_KEY;
        }
        if (ex instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream()
                .anyMatch((error) -> error.getCategory() == com.mongodb.ErrorCategory.DUPLICATE_KEY);
        }
        return false;
    }

    /** Deletes the expired documents of some collections now, rather than at the server's next sweep. */
    private long purgeExpired(List<String> collections) {
        org.bson.Document expired = this.expiry.expired();
        long purged = 0;
        for (String name : collections) {
            purged += deleteMany(this.database.getCollection(name), expired);
        }
        return purged;
    }

    private static <T> List<List<Prepared<T>>> byCollection(List<Prepared<T>> batch) {
        Map<String, List<Prepared<T>>> groups = new java.util.LinkedHashMap<>();
        batch.forEach((p) -> groups.computeIfAbsent(p.collection, (k) -> new ArrayList<>()).add(p));
        return new ArrayList<>(groups.values());
    }

    @Override
    public <T> T save(T entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        return translate(() -> {
            TetherPersistentEntity<?> metadata = entity(entity.getClass());
            ensureIndexes(entity.getClass());
            String collectionName = metadata.getCollection();
            T bean = this.lifecycle.beforeConvert(entity, collectionName);
            PersistentPropertyAccessor<T> accessor = this.writes.accessor(metadata, bean);
            boolean generated = this.writes.assignId(metadata, accessor);
            MongoCollection<org.bson.Document> collection = this.database.getCollection(collectionName);
            ClientSession session = session();
            if (!metadata.hasVersionProperty()) {
                Document source = this.converter.write(accessor.getBean());
                T saving = this.lifecycle.beforeSave(accessor.getBean(), source, collectionName);
                org.bson.Document document = toBson(metadata, accessor, source);
                org.bson.Document byId = new org.bson.Document(ID, document.get(ID));
                ReplaceOptions upsert = new ReplaceOptions().upsert(true);
                retryingAfterPurge(metadata, () -> (session != null)
                        ? collection.replaceOne(session, byId, document, upsert)
                        : collection.replaceOne(byId, document, upsert));
                return this.lifecycle.afterSave(saving, source, collectionName);
            }
            TetherPersistentProperty versionProperty = metadata.getRequiredVersionProperty();
            Number version = (Number) accessor.getProperty(versionProperty);
            boolean isNew = version == null || (versionProperty.getType().isPrimitive() && version.longValue() == 0);
            if (generated || isNew) {
                accessor.setProperty(versionProperty, EntityWrites.initialVersion(versionProperty, version));
                Document source = this.converter.write(accessor.getBean());
                T saving = this.lifecycle.beforeSave(accessor.getBean(), source, collectionName);
                insertOne(metadata, toBson(metadata, accessor, source));
                return this.lifecycle.afterSave(saving, source, collectionName);
            }
            String id = this.writes.idOf(metadata, accessor);
            accessor.setProperty(versionProperty, version.longValue() + 1);
            Bson current = this.expiry.visible(idAndVersion(metadata, id, version));
            Document source = this.converter.write(accessor.getBean());
            T saving = this.lifecycle.beforeSave(accessor.getBean(), source, collectionName);
            org.bson.Document document = toBson(metadata, accessor, source);
            UpdateResult result = retryingAfterPurge(metadata, () -> (session != null)
                    ? collection.replaceOne(session, current, document) : collection.replaceOne(current, document));
            if (result.getMatchedCount() == 0) {
                accessor.setProperty(versionProperty, version);
                throw versionConflict(metadata, id, version, "save");
            }
            return this.lifecycle.afterSave(saving, source, collectionName);
        });
    }

    @Override
    public void delete(Object entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        translate(() -> {
            TetherPersistentEntity<?> metadata = entity(entity.getClass());
            PersistentPropertyAccessor<Object> accessor = this.writes.accessor(metadata, entity);
            Object idValue = accessor.getProperty(this.writes.requiredId(metadata));
            if (idValue == null) {
                return null;
            }
            String id = this.converter.toIdString(idValue);
            String collectionName = metadata.getCollection();
            MongoCollection<org.bson.Document> collection = this.database.getCollection(collectionName);
            Document filter = new Document(ID, id);
            if (!metadata.hasVersionProperty()) {
                this.lifecycle.beforeDelete(filter, entity.getClass(), collectionName);
                deleteMany(collection, new org.bson.Document(ID, id));
                this.lifecycle.afterDelete(filter, entity.getClass(), collectionName);
                return null;
            }
            Number version = (Number) accessor.getProperty(metadata.getRequiredVersionProperty());
            if (version == null) {
                throw versionConflict(metadata, id, null, "delete");
            }
            filter.put(metadata.getRequiredVersionProperty().getFieldName(), version.longValue());
            this.lifecycle.beforeDelete(filter, entity.getClass(), collectionName);
            if (deleteMany(collection, this.expiry.visible(idAndVersion(metadata, id, version))) == 0) {
                throw versionConflict(metadata, id, version, "delete");
            }
            this.lifecycle.afterDelete(filter, entity.getClass(), collectionName);
            return null;
        });
    }

    @Override
    public boolean deleteById(Object id, Class<?> entityClass) {
        Objects.requireNonNull(id, "id must not be null");
        return translate(() -> {
            String key = this.converter.toIdString(id);
            String collectionName = getCollectionName(entityClass);
            Document filter = new Document(ID, key);
            this.lifecycle.beforeDelete(filter, entityClass, collectionName);
            boolean deleted = deleteMany(getMongoCollection(entityClass),
                    this.expiry.visible(new org.bson.Document(ID, key))) > 0;
            this.lifecycle.afterDelete(filter, entityClass, collectionName);
            return deleted;
        });
    }

    @Override
    public long deleteAllById(Collection<?> ids, Class<?> entityClass) {
        Objects.requireNonNull(ids, "ids must not be null");
        return translate(() -> {
            List<String> keys = new ArrayList<>(ids.size());
            for (Object id : ids) {
                keys.add(this.converter.toIdString(Objects.requireNonNull(id, "ids must not contain null")));
            }
            String collectionName = getCollectionName(entityClass);
            Document filter = new Document(ID, new Document("$in", keys));
            this.lifecycle.beforeDelete(filter, entityClass, collectionName);
            long deleted = keys.isEmpty() ? 0L : deleteMany(getMongoCollection(entityClass),
                    this.expiry.visible(new org.bson.Document(ID, new org.bson.Document("$in", keys))));
            this.lifecycle.afterDelete(filter, entityClass, collectionName);
            return deleted;
        });
    }

    @Override
    public long delete(TetherQuery query, Class<?> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            String collectionName = getCollectionName(entityClass);
            Document eventFilter = query.getFilter().toDocument();
            this.lifecycle.beforeDelete(eventFilter, entityClass, collectionName);
            long deleted = deleteMatching(query, entityClass);
            this.lifecycle.afterDelete(eventFilter, entityClass, collectionName);
            return deleted;
        });
    }

    /** Deletes a query's visible matches (and its expired ones, uncounted); returns how many were visible. */
    private long deleteMatching(TetherQuery query, Class<?> entityClass) {
        Bson filter = readFilter(query.getFilter());
        if (!query.getSort().isSorted() && query.getSkip() == 0 && query.getLimit() == 0) {
            long deleted = deleteMany(getMongoCollection(entityClass), filter);
            if (MongoExpiry.expires(entity(entityClass))) {
                // the expired matches go too, uncounted as in the embedded store: they were gone already
                deleteMany(getMongoCollection(entityClass), new org.bson.Document("$and",
                        List.of(MongoFilterTranslator.translate(query.getFilter()), this.expiry.expired())));
            }
            return deleted;
        }
        List<Object> ids = new ArrayList<>();
        findIterable(query.fields(ID_ONLY), entityClass)
            .forEach((document) -> ids.add(document.get(ID)));
        return deleteSelected(ids, filter, entityClass);
    }

    @Override
    public <T> List<T> findAllAndDelete(TetherQuery query, Class<T> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            String collectionName = getCollectionName(entityClass);
            List<Object> ids = new ArrayList<>();
            List<T> entities = new ArrayList<>();
            for (org.bson.Document bson : findIterable(query, entityClass)) {
                ids.add(bson.get(ID));
                entities.add(readEntity(toDocument(bson), entityClass, entityClass, collectionName));
            }
            if (!ids.isEmpty()) {
                // the filter names the documents found: the query's skip and limit chose them
                Document filter = new Document(ID, new Document("$in", ids));
                this.lifecycle.beforeDelete(filter, entityClass, collectionName);
                deleteSelected(ids, readFilter(query.getFilter()), entityClass);
                this.lifecycle.afterDelete(filter, entityClass, collectionName);
            }
            return entities;
        });
    }

    /** Deletes the documents a query found, each checked against the filter again. */
    private long deleteSelected(List<Object> ids, Bson filter, Class<?> entityClass) {
        if (ids.isEmpty()) {
            return 0L;
        }
        return deleteMany(getMongoCollection(entityClass), new org.bson.Document("$and",
                List.of(filter, new org.bson.Document(ID, new org.bson.Document("$in", ids)))));
    }

    private long deleteMany(MongoCollection<org.bson.Document> collection, Bson filter) {
        ClientSession session = session();
        return ((session != null) ? collection.deleteMany(session, filter) : collection.deleteMany(filter))
            .getDeletedCount();
    }

    // ---- update operators

    @Override
    public io.tetherdb.update.UpdateResult updateFirst(TetherQuery query, Update update, Class<?> entityClass) {
        return update(query, update, entityClass, false, false);
    }

    @Override
    public io.tetherdb.update.UpdateResult updateAll(TetherQuery query, Update update, Class<?> entityClass) {
        return update(query, update, entityClass, true, false);
    }

    @Override
    public io.tetherdb.update.UpdateResult upsert(TetherQuery query, Update update, Class<?> entityClass) {
        return update(query, update, entityClass, false, true);
    }

    private io.tetherdb.update.UpdateResult update(TetherQuery query, Update update, Class<?> entityClass,
            boolean many, boolean upsert) {
        Objects.requireNonNull(query, "query must not be null");
        Objects.requireNonNull(update, "update must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            org.bson.Document changes = toServerUpdate(update, entityClass, query.getFilter(), upsert);
            Bson filter = readFilter(query.getFilter());
            if (!many && query.getSort().isSorted()) {
                // the first match in the query's order, then the write on it and the filter again
                Optional<Object> first = first(query, entityClass).map((bson) -> bson.get(ID));
                if (first.isPresent()) {
                    filter = new org.bson.Document("$and", List.of(filter, new org.bson.Document(ID, first.get())));
                }
            }
            MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
            ClientSession session = session();
            UpdateOptions options = new UpdateOptions().upsert(upsert);
            UpdateResult result;
            if (many) {
                result = (session != null) ? collection.updateMany(session, filter, changes, options)
                        : collection.updateMany(filter, changes, options);
            }
            else {
                result = (session != null) ? collection.updateOne(session, filter, changes, options)
                        : collection.updateOne(filter, changes, options);
            }
            String upserted = (result.getUpsertedId() != null)
                    ? String.valueOf(BsonValues.fromBsonValue(bsonValue(result.getUpsertedId()))) : null;
            return new io.tetherdb.update.UpdateResult(result.getMatchedCount(), result.getModifiedCount(), upserted);
        });
    }

    private static Object bsonValue(org.bson.BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue();
        }
        if (value.isObjectId()) {
            return value.asObjectId().getValue();
        }
        return value.toString();
    }

    /**
     * The update as the server runs it, checked first by core's update compiler so that both
     * backends refuse the same updates with the same exception; an upsert that may insert gets a
     * String id generated as for any new document, unless the filter names the id.
     */
    private org.bson.Document toServerUpdate(Update update, Class<?> entityClass, Filter filter, boolean upsert) {
        Document document = UpdateDocuments.toDocument(update, entityClass, this.converter);
        io.tetherdb.update.Update.of(document);
        org.bson.Document changes = BsonValues.toBson(document);
        if (upsert && !filter.topLevelFields().contains(ID)) {
            Object onInsert = changes.get("$setOnInsert");
            org.bson.Document values = (onInsert instanceof org.bson.Document given) ? given : new org.bson.Document();
            values.putIfAbsent(ID, this.writes.nextId());
            changes.put("$setOnInsert", values);
        }
        return changes;
    }

    @Override
    public <T> Optional<T> findAndModify(TetherQuery query, Update update, FindAndModifyOptions options,
            Class<T> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        Objects.requireNonNull(update, "update must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            org.bson.Document changes = toServerUpdate(update, entityClass, query.getFilter(), options.upsert());
            FindOneAndUpdateOptions serverOptions = new FindOneAndUpdateOptions().upsert(options.upsert())
                .returnDocument(options.returnNew() ? ReturnDocument.AFTER : ReturnDocument.BEFORE)
                .sort(sort(query.getSort(), entityClass))
                .projection(projection(query));
            MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
            ClientSession session = session();
            Bson filter = readFilter(query.getFilter());
            org.bson.Document found = (session != null)
                    ? collection.findOneAndUpdate(session, filter, changes, serverOptions)
                    : collection.findOneAndUpdate(filter, changes, serverOptions);
            return Optional.ofNullable(found).map((bson) -> readEntity(toDocument(bson), entityClass, entityClass,
                    getCollectionName(entityClass)));
        });
    }

    @Override
    public <T> Optional<T> findAndReplace(TetherQuery query, T replacement, FindAndModifyOptions options) {
        Objects.requireNonNull(query, "query must not be null");
        Objects.requireNonNull(replacement, "replacement must not be null");
        Objects.requireNonNull(options, "options must not be null");
        @SuppressWarnings("unchecked")
        Class<T> entityClass = (Class<T>) replacement.getClass();
        return translate(() -> {
            TetherPersistentEntity<?> metadata = entity(entityClass);
            ensureIndexes(entityClass);
            String collectionName = metadata.getCollection();
            PersistentPropertyAccessor<T> accessor = this.writes.accessor(metadata,
                    this.lifecycle.beforeConvert(replacement, collectionName));
            Filter filter = query.getFilter();
            if (metadata.hasVersionProperty()) {
                TetherPersistentProperty versionProperty = metadata.getRequiredVersionProperty();
                Number version = (Number) accessor.getProperty(versionProperty);
                long expected = (version == null) ? 0L : version.longValue();
                filter = Filters.and(filter, Filters.eq(versionProperty.getFieldName(), expected));
                accessor.setProperty(versionProperty, expected + 1);
            }
            Document source = this.converter.write(accessor.getBean());
            if (source.get(ID) == null) {
                source.remove(ID);
            }
            T saving = this.lifecycle.beforeSave(accessor.getBean(), source, collectionName);
            org.bson.Document document = toBson(metadata, accessor, source);
            Object givenId = document.remove(ID);
            FindOneAndReplaceOptions serverOptions = new FindOneAndReplaceOptions()
                .returnDocument(options.returnNew() ? ReturnDocument.AFTER : ReturnDocument.BEFORE)
                .sort(sort(query.getSort(), entityClass))
                .projection(projection(query));
            MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
            ClientSession session = session();
            // the replacement keeps the matched document's id: it carries none of its own
            org.bson.Document found = (session != null)
                    ? collection.findOneAndReplace(session, readFilter(filter), document, serverOptions)
                    : collection.findOneAndReplace(readFilter(filter), document, serverOptions);
            if (found == null && options.upsert()) {
                // inserted with its own id (or a generated String one), never a server ObjectId
                org.bson.Document inserted = new org.bson.Document(ID,
                        (givenId != null) ? givenId : this.writes.nextId());
                inserted.putAll(document);
                if (session != null) {
                    collection.insertOne(session, inserted);
                }
                else {
                    collection.insertOne(inserted);
                }
                found = options.returnNew() ? inserted : null;
                this.lifecycle.afterSave(saving, source, collectionName);
            }
            else if (found != null) {
                this.lifecycle.afterSave(saving, source, collectionName);
            }
            return Optional.ofNullable(found)
                .map((bson) -> readEntity(toDocument(bson), entityClass, entityClass, collectionName));
        });
    }

    @Override
    public <T> Optional<T> findAndRemove(TetherQuery query, Class<T> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            FindOneAndDeleteOptions serverOptions = new FindOneAndDeleteOptions()
                .sort(sort(query.getSort(), entityClass))
                .projection(projection(query));
            MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
            ClientSession session = session();
            Bson filter = readFilter(query.getFilter());
            String collectionName = getCollectionName(entityClass);
            Document eventFilter = query.getFilter().toDocument();
            this.lifecycle.beforeDelete(eventFilter, entityClass, collectionName);
            org.bson.Document found = (session != null) ? collection.findOneAndDelete(session, filter, serverOptions)
                    : collection.findOneAndDelete(filter, serverOptions);
            this.lifecycle.afterDelete(eventFilter, entityClass, collectionName);
            return Optional.ofNullable(found)
                .map((bson) -> readEntity(toDocument(bson), entityClass, entityClass, collectionName));
        });
    }

    // ---- reads

    @Override
    public <T> Optional<T> findById(Object id, Class<T> entityClass) {
        Objects.requireNonNull(id, "id must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
            Bson filter = this.expiry.visible(new org.bson.Document(ID, this.converter.toIdString(id)));
            ClientSession session = session();
            org.bson.Document found = ((session != null) ? collection.find(session, filter) : collection.find(filter))
                .first();
            return Optional.ofNullable(found)
                .map((bson) -> readEntity(toDocument(bson), entityClass, entityClass, getCollectionName(entityClass)));
        });
    }

    @Override
    public <T, R> List<R> find(TetherQuery query, Class<T> entityClass, Class<R> resultType) {
        return translate(() -> {
            String collectionName = getCollectionName(entityClass);
            List<R> results = new ArrayList<>();
            for (org.bson.Document bson : findIterable(query, entityClass)) {
                results.add(readEntity(toDocument(bson), entityClass, resultType, collectionName));
            }
            return results;
        });
    }

    @Override
    public List<Document> findDocuments(TetherQuery query, Class<?> entityClass) {
        return translate(() -> {
            List<Document> documents = new ArrayList<>();
            for (org.bson.Document bson : findIterable(query, entityClass)) {
                documents.add(toDocument(bson));
            }
            return documents;
        });
    }

    @Override
    public Stream<Document> streamDocuments(TetherQuery query, Class<?> entityClass) {
        return translate(() -> CursorStreams.stream(findIterable(query, entityClass).cursor(), this::toDocument,
                this.exceptionTranslator));
    }

    @Override
    public <T, R> Stream<R> stream(TetherQuery query, Class<T> entityClass, Class<R> resultType) {
        String collectionName = getCollectionName(entityClass);
        // closing the mapped stream closes the server cursor
        return streamDocuments(query, entityClass)
            .map((document) -> readEntity(document, entityClass, resultType, collectionName));
    }

    @Override
    public <R> R read(Class<R> resultType, Document document, Class<?> entityClass) {
        Objects.requireNonNull(resultType, "resultType must not be null");
        Objects.requireNonNull(document, "document must not be null");
        return translate(() -> readEntity(document, entityClass, resultType, getCollectionName(entityClass)));
    }

    /** Reads a document as an entity or DTO of an entity type, with the load events and callbacks. */
    private <R> R readEntity(Document document, Class<?> entityClass, Class<R> resultType, String collectionName) {
        return this.lifecycle.read(document, resultType, entityClass, collectionName, this.converter);
    }

    @Override
    public long count(TetherQuery query, Class<?> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            CountOptions options = new CountOptions();
            if (query.getSkip() > 0) {
                options.skip(Math.toIntExact(Math.min(query.getSkip(), Integer.MAX_VALUE)));
            }
            if (query.getLimit() > 0) {
                options.limit(query.getLimit());
            }
            options.maxTime(maxTimeMillis(query.getMaxTime()), TimeUnit.MILLISECONDS);
            MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
            Bson filter = readFilter(query.getFilter());
            ClientSession session = session();
            return (session != null) ? collection.countDocuments(session, filter, options)
                    : collection.countDocuments(filter, options);
        });
    }

    @Override
    public boolean exists(TetherQuery query, Class<?> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        return translate(() -> first(query.fields(ID_ONLY), entityClass)
            .isPresent());
    }

    private Optional<org.bson.Document> first(TetherQuery query, Class<?> entityClass) {
        return Optional.ofNullable(findIterable(query.limit(1), entityClass).first());
    }

    private FindIterable<org.bson.Document> findIterable(TetherQuery query, Class<?> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        ensureIndexes(entityClass);
        MongoCollection<org.bson.Document> collection = getMongoCollection(entityClass);
        Bson filter = readFilter(query.getFilter());
        ClientSession session = session();
        FindIterable<org.bson.Document> find = (session != null) ? collection.find(session, filter)
                : collection.find(filter);
        Bson sort = sort(query.getSort(), entityClass);
        if (sort != null) {
            find = find.sort(sort);
        }
        if (query.getSkip() > 0) {
            find = find.skip(Math.toIntExact(Math.min(query.getSkip(), Integer.MAX_VALUE)));
        }
        if (query.getLimit() > 0) {
            find = find.limit(query.getLimit());
        }
        Bson projection = projection(query);
        if (projection != null) {
            find = find.projection(projection);
        }
        find = find.maxTime(maxTimeMillis(query.getMaxTime()), TimeUnit.MILLISECONDS);
        return find;
    }

    private static Bson projection(TetherQuery query) {
        return (query.getProjection() != null) ? BsonValues.toBson(query.getProjection().toDocument()) : null;
    }

    private Bson sort(Sort sort, Class<?> entityClass) {
        if (!sort.isSorted()) {
            return null;
        }
        org.bson.Document keys = new org.bson.Document();
        for (Sort.Order order : sort) {
            if (order.isIgnoreCase()) {
                throw new InvalidDataAccessApiUsageException("TetherDB cannot sort ignoring case (" + order + ")");
            }
            keys.put(this.converter.toFieldPath(entityClass, order.getProperty()), order.isAscending() ? 1 : -1);
        }
        return keys;
    }

    /**
     * Not on this backend: change events are the embedded store's ({@code docs/events.md}). On a
     * MongoDB replica set, the server's own change streams ({@code getMongoCollection(type).watch()})
     * are the counterpart.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public <T> io.tetherdb.event.ChangeSubscription watch(Class<T> entityClass,
            io.tetherdb.spring.change.TetherChangeListener<T> listener) {
        throw new UnsupportedOperationException("watch(" + entityClass.getSimpleName() + ") needs the embedded"
                + " store's change events, which tetherdb.backend=mongodb does not have; on a replica set use the"
                + " server's change streams: getMongoCollection(" + entityClass.getSimpleName() + ".class).watch()");
    }

    // ---- aggregation

    @Override
    public <O> List<O> aggregate(List<? extends Map<String, ?>> pipeline, Class<?> inputType, Class<O> outputType) {
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        return translate(() -> {
            String collectionName = getCollectionName(inputType);
            List<O> results = new ArrayList<>();
            for (org.bson.Document bson : aggregateIterable(pipeline, inputType, null)) {
                Document document = toDocument(bson);
                results.add(outputType.isAssignableFrom(Document.class) ? outputType.cast(document)
                        : readEntity(document, inputType, outputType, collectionName));
            }
            return results;
        });
    }

    @Override
    public <O> List<O> aggregate(String pipeline, Class<?> inputType, Class<O> outputType) {
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        return translate(() -> aggregate(parsePipeline(pipeline), inputType, outputType));
    }

    @Override
    public Stream<Document> streamAggregate(List<? extends Map<String, ?>> pipeline, Class<?> inputType,
            Duration maxTime) {
        Objects.requireNonNull(pipeline, "pipeline must not be null");
        return translate(() -> CursorStreams.stream(aggregateIterable(pipeline, inputType, maxTime).cursor(),
                this::toDocument, this.exceptionTranslator));
    }

    /** The stages of a pipeline's JSON text, refused as core refuses them. */
    private static List<Map<String, ?>> parsePipeline(String pipeline) {
        Object parsed;
        try {
            parsed = io.tetherdb.document.Json.parse(pipeline);
        }
        catch (io.tetherdb.document.MalformedJsonException ex) {
            throw new InvalidQueryException("Malformed pipeline: " + ex.getMessage(), ex);
        }
        if (!(parsed instanceof List<?> stages)) {
            throw new InvalidQueryException("A pipeline must be a JSON array of stages, such as [{$match: {...}}],"
                    + " but was " + ((parsed == null) ? "null" : parsed.getClass().getSimpleName()));
        }
        List<Map<String, ?>> result = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            if (!(stages.get(i) instanceof Map<?, ?> stage)) {
                throw new InvalidQueryException("A pipeline stage must be an object with exactly one field, such as"
                        + " {$match: {...}}, but stage " + i + " of the pipeline is " + stages.get(i));
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) stage;
            result.add(typed);
        }
        return result;
    }

    /**
     * The pipeline as the server runs it: after a first {@code $match} that leaves expired documents
     * out and a {@code $project} that drops their expiry field, as reads do.
     */
    private AggregateIterable<org.bson.Document> aggregateIterable(List<? extends Map<String, ?>> pipeline,
            Class<?> inputType, Duration maxTime) {
        checkPipeline(pipeline, inputType);
        List<org.bson.Document> stages = new ArrayList<>(pipeline.size() + 2);
        stages.add(new org.bson.Document("$match", this.expiry.notExpired()));
        stages.add(new org.bson.Document("$project", new org.bson.Document(EXPIRES_AT, 0)));
        for (Map<String, ?> stage : pipeline) {
            stages.add(BsonValues.toBson(stage));
        }
        MongoCollection<org.bson.Document> collection = getMongoCollection(inputType);
        ClientSession session = session();
        AggregateIterable<org.bson.Document> iterable = (session != null) ? collection.aggregate(session, stages)
                : collection.aggregate(stages);
        iterable = iterable.maxTime(maxTimeMillis(maxTime), TimeUnit.MILLISECONDS);
        return iterable;
    }

    // ---- helpers

    /** A user filter with the condition that leaves expired documents out. */
    private Bson readFilter(Filter filter) {
        return this.expiry.visible(MongoFilterTranslator.translate(Objects.requireNonNull(filter, "filter must not be null")));
    }

    private static org.bson.Document idAndVersion(TetherPersistentEntity<?> metadata, String id, Number version) {
        return new org.bson.Document(ID, id).append(metadata.getRequiredVersionProperty().getFieldName(),
                version.longValue());
    }

    private ClientSession session() {
        return MongoSessionHolder.currentSession(this.client);
    }

    /** A stored document as the Spring layer reads it: TetherDB values, without the expiry field. */
    private Document toDocument(org.bson.Document bson) {
        Document document = BsonValues.fromBson(bson);
        document.remove(EXPIRES_AT);
        return document;
    }

    /** An entity's converted document as the server stores it: with the entity's expiry, if any. */
    private org.bson.Document toBson(TetherPersistentEntity<?> metadata, PersistentPropertyAccessor<?> accessor,
            Document source) {
        org.bson.Document document = BsonValues.toBson(source);
        Date expiresAt = this.expiry.expiresAt(metadata, accessor);
        if (expiresAt != null) {
            document.put(EXPIRES_AT, expiresAt);
        }
        return document;
    }

    private TetherPersistentEntity<?> entity(Class<?> entityClass) {
        Objects.requireNonNull(entityClass, "entityClass must not be null");
        return this.mappingContext.getRequiredPersistentEntity(entityClass);
    }

    private <T> Prepared<T> prepareNew(T entity) {
        TetherPersistentEntity<?> metadata = entity(entity.getClass());
        ensureIndexes(entity.getClass());
        String collectionName = metadata.getCollection();
        T bean = this.lifecycle.beforeConvert(entity, collectionName);
        PersistentPropertyAccessor<T> accessor = this.writes.newEntity(metadata, bean);
        Document source = this.converter.write(accessor.getBean());
        T saving = this.lifecycle.beforeSave(accessor.getBean(), source, collectionName);
        return new Prepared<>(saving, source, toBson(metadata, accessor, source), collectionName);
    }

    /** Explains, after a conditional write was refused, why: gone, or another version. */
    private OptimisticLockingFailureException versionConflict(TetherPersistentEntity<?> metadata, String id,
            Number expected, String action) {
        String what = EntityWrites.conflict(metadata, id, expected, action);
        MongoCollection<org.bson.Document> collection = this.database.getCollection(metadata.getCollection());
        org.bson.Document stored = collection.find(this.expiry.visible(new org.bson.Document(ID, id))).first();
        if (stored == null) {
            return new OptimisticLockingFailureException(what + ": it was deleted or expired");
        }
        return new OptimisticLockingFailureException(what + ": the stored version is "
                + stored.get(metadata.getRequiredVersionProperty().getFieldName()));
    }

    private <R> R translate(Supplier<R> action) {
        try {
            return action.get();
        }
        catch (DataAccessException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            DataAccessException translated = this.exceptionTranslator.translateExceptionIfPossible(ex);
            throw (translated != null) ? translated : ex;
        }
    }

    /** An entity ready to be inserted: the instance to return, its BSON document and collection. */
    /** An entity ready to insert: as the callbacks left it, its converted document, and that as BSON. */
    private record Prepared<T>(T entity, Document source, org.bson.Document document, String collection) {
    }

}
