package io.tetherdb.spring.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.tetherdb.FindQuery;
import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.Transaction;
import io.tetherdb.aggregate.AggregateOptions;
import io.tetherdb.document.Document;
import io.tetherdb.document.IdGenerator;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.event.ChangeEvent;
import io.tetherdb.event.ChangeListener;
import io.tetherdb.event.ChangeSubscription;
import io.tetherdb.event.SubscriberFellBehindException;
import io.tetherdb.event.WatchOptions;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort.Key;
import io.tetherdb.spring.change.TetherChangeEvent;
import io.tetherdb.spring.change.TetherChangeListener;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.mapping.TetherPersistentEntity;
import io.tetherdb.spring.mapping.TetherPersistentProperty;
import io.tetherdb.spring.mapping.TimeToLive;
import io.tetherdb.spring.mapping.event.EntityLifecycle;
import io.tetherdb.update.ReturnDocument;
import io.tetherdb.update.UpdateOptions;

import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.callback.EntityCallbacks;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * The standard {@link TetherOperations}: maps entities with a {@link TetherConverter} and stores
 * them in the collections of a {@link TetherDB}.
 *
 * <p>Optimistic locking: a versioned entity is replaced or deleted with the store's conditional
 * writes ({@code replaceIf}/{@code deleteIf} on the version the caller read), which check and write
 * atomically under the store's write lock, so no writer, through this template or not, can slip in
 * between.
 *
 * <p>Time limits: a {@link TetherQuery#maxTime(Duration) query's limit}, or else the store's
 * {@code queryTimeout}, bounds each operation. A delete by query finds its matches, then deletes
 * them with what is left of the limit, so the two together keep to it.
 *
 * <p>Transactions: every call joins the TetherDB transaction bound to the thread by
 * {@link TetherTransactionManager} ({@code @Transactional}, {@code TransactionTemplate}), and runs on
 * its own otherwise. Index creation ({@link #ensureIndexes(Class)}) always runs outside it.
 * {@link #inTransaction(Supplier)} runs several calls as one transaction.
 *
 * <p>Mapping events and entity callbacks ({@code BeforeConvertEvent} and
 * {@link io.tetherdb.spring.mapping.BeforeConvertCallback} to {@code AfterDeleteEvent}) are published
 * through an {@link EntityLifecycle} when the write or read is made, inside the transaction if there
 * is one; {@link #setEntityLifecycleEventsEnabled(boolean)} switches the events off. Update
 * operators ({@code updateFirst}, {@code updateAll}, {@code upsert}) publish none: no entity is
 * converted.
 *
 * <p>On a store opened read-only, {@link #ensureIndexes(Class)} creates nothing (the store refuses
 * every write); reads work, with the indexes the file already has.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public class TetherTemplate implements TetherOperations, ApplicationContextAware, ApplicationEventPublisherAware {

    private static final Projection ID_ONLY = Projection.of(Map.of(Document.ID, 1));

    private final TetherDB db;

    private final TetherConverter converter;

    private final TetherMappingContext mappingContext;

    private final PersistenceExceptionTranslator exceptionTranslator = new TetherExceptionTranslator();

    private final EntityWrites writes;

    private final Set<Class<?>> indexedTypes = ConcurrentHashMap.newKeySet();

    private final EntityLifecycle lifecycle = new EntityLifecycle();

    /**
     * @param db the store; not null
     * @param converter the entity converter; not null
     */
    public TetherTemplate(TetherDB db, TetherConverter converter) {
        this.db = Objects.requireNonNull(db, "db must not be null");
        this.converter = Objects.requireNonNull(converter, "converter must not be null");
        this.mappingContext = converter.getMappingContext();
        // the store's clock, so that a test clock set through the builder also dates generated ids
        this.writes = new EntityWrites(converter, new IdGenerator(db.options().clock()));
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
     * @since 0.2
     */
    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
        this.lifecycle.setEventPublisher(eventPublisher);
    }

    /**
     * Switches the mapping events ({@code BeforeConvertEvent} ... {@code AfterDeleteEvent}) on or off;
     * entity callbacks run either way. Off saves their cost when reading many entities and nobody
     * listens.
     *
     * @param enabled whether mapping events are published (on by default)
     * @since 0.2
     */
    public void setEntityLifecycleEventsEnabled(boolean enabled) {
        this.lifecycle.setEventsEnabled(enabled);
    }

    /**
     * @return the publisher of this template's mapping events and callbacks
     * @since 0.2
     */
    public EntityLifecycle getEntityLifecycle() {
        return this.lifecycle;
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) throws BeansException {
        this.lifecycle.useContext(applicationContext);
    }

    @Override
    public TetherConverter getConverter() {
        return this.converter;
    }

    @Override
    public String getCollectionName(Class<?> entityClass) {
        return entity(entityClass).getCollection();
    }

    @Override
    public TetherCollection getCollection(Class<?> entityClass) {
        return collection(getCollectionName(entityClass));
    }

    /** The collection a data access call uses: the current transaction's, else the store's. */
    private TetherCollection collection(String name) {
        return TetherTransactionHolder.collection(this.db, name);
    }

    @Override
    public <R> R inTransaction(Supplier<R> work) {
        Objects.requireNonNull(work, "work must not be null");
        if (TetherTransactionHolder.currentTransaction(this.db) != null) {
            return work.get();
        }
        return translate(() -> {
            // a transaction of the call's own, bound where the template's collection lookups find it
            try (Transaction transaction = this.db.beginTransaction()) {
                // with synchronization, @TransactionalEventListener sees this transaction's events
                // after its commit, as it does for one of TetherTransactionManager
                boolean synchronizing = !TransactionSynchronizationManager.isSynchronizationActive();
                if (synchronizing) {
                    TransactionSynchronizationManager.initSynchronization();
                    TransactionSynchronizationManager.setActualTransactionActive(true);
                }
                boolean committed = false;
                try {
                    R result;
                    TransactionSynchronizationManager.bindResource(this.db, new TetherTransactionHolder(transaction));
                    try {
                        result = work.get();
                    }
                    finally {
                        TransactionSynchronizationManager.unbindResource(this.db);
                    }
                    if (synchronizing) {
                        TransactionSynchronizationUtils.triggerBeforeCommit(false);
                        TransactionSynchronizationUtils.triggerBeforeCompletion();
                    }
                    transaction.commit();
                    committed = true;
                    if (synchronizing) {
                        TransactionSynchronizationUtils.triggerAfterCommit();
                    }
                    return result;
                }
                finally {
                    if (synchronizing) {
                        try {
                            if (!committed) {
                                // rolled back before the listeners hear of it, as a transaction manager does
                                transaction.close();
                            }
                        }
                        finally {
                            completeSynchronization(committed);
                        }
                    }
                }
            }
        });
    }

    /** Ends the synchronization {@link #inTransaction(Supplier)} began, telling its listeners how. */
    private static void completeSynchronization(boolean committed) {
        List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationManager.setActualTransactionActive(false);
        TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations,
                committed ? TransactionSynchronization.STATUS_COMMITTED : TransactionSynchronization.STATUS_ROLLED_BACK);
    }

    @Override
    public void ensureIndexes(Class<?> entityClass) {
        if (this.indexedTypes.contains(entityClass)) {
            return;
        }
        if (this.db.options().readOnly()) {
            // creating an index writes; a read-only store refuses it, and reads work without it
            this.indexedTypes.add(entityClass);
            return;
        }
        translate(() -> {
            TetherPersistentEntity<?> entity = entity(entityClass);
            TetherCollection collection = this.db.collection(entity.getCollection());
            for (IndexDefinition index : this.mappingContext.getIndexDefinitions(entityClass)) {
                collection.createIndex(index);
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
            prepared.collection.put(prepared.document, prepared.options);
            return this.lifecycle.afterSave(prepared.entity, prepared.document, prepared.collection.name());
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
            boolean sameCollection = batch.stream().map((p) -> p.collection.name()).distinct().count() == 1;
            if (sameCollection) {
                // one all-or-nothing batch, each document with its own expiry
                Map<Document, PutOptions> optionsOf = new IdentityHashMap<>();
                List<Document> documents = new ArrayList<>(batch.size());
                batch.forEach((p) -> {
                    documents.add(p.document);
                    optionsOf.put(p.document, withoutId(p.options));
                });
                batch.get(0).collection.putBatch(documents, optionsOf::get);
            }
            else {
                // entities of several types go to several collections: one put each, in one transaction
                inTransaction(() -> {
                    batch.forEach((p) -> collection(p.collection.name()).put(p.document, p.options));
                    return null;
                });
            }
            batch.forEach((p) -> stored.add(this.lifecycle.afterSave(p.entity, p.document, p.collection.name())));
            return stored;
        });
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
            TetherCollection collection = collection(collectionName);
            if (!metadata.hasVersionProperty()) {
                Document document = this.converter.write(accessor.getBean());
                T saving = this.lifecycle.beforeSave(accessor.getBean(), document, collectionName);
                collection.save(document, options(metadata, accessor));
                return this.lifecycle.afterSave(saving, document, collectionName);
            }
            TetherPersistentProperty versionProperty = metadata.getRequiredVersionProperty();
            Number version = (Number) accessor.getProperty(versionProperty);
            boolean isNew = version == null || (versionProperty.getType().isPrimitive() && version.longValue() == 0);
            if (generated || isNew) {
                accessor.setProperty(versionProperty, EntityWrites.initialVersion(versionProperty, version));
                Document document = this.converter.write(accessor.getBean());
                T saving = this.lifecycle.beforeSave(accessor.getBean(), document, collectionName);
                collection.put(document, options(metadata, accessor));
                return this.lifecycle.afterSave(saving, document, collectionName);
            }
            String id = this.writes.idOf(metadata, accessor);
            accessor.setProperty(versionProperty, version.longValue() + 1);
            Document document = this.converter.write(accessor.getBean());
            T saving = this.lifecycle.beforeSave(accessor.getBean(), document, collectionName);
            if (!collection.replaceIf(id, versionIs(metadata, version), document, options(metadata, accessor))) {
                accessor.setProperty(versionProperty, version);
                throw versionConflict(metadata, collection, id, version, "save");
            }
            return this.lifecycle.afterSave(saving, document, collectionName);
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
            TetherCollection collection = collection(collectionName);
            Document filter = new Document(Document.ID, id);
            if (!metadata.hasVersionProperty()) {
                this.lifecycle.beforeDelete(filter, entity.getClass(), collectionName);
                collection.delete(id);
                this.lifecycle.afterDelete(filter, entity.getClass(), collectionName);
                return null;
            }
            Number version = (Number) accessor.getProperty(metadata.getRequiredVersionProperty());
            if (version == null) {
                throw versionConflict(metadata, collection, id, null, "delete");
            }
            filter.put(metadata.getRequiredVersionProperty().getFieldName(), version.longValue());
            this.lifecycle.beforeDelete(filter, entity.getClass(), collectionName);
            if (collection.deleteIf(id, versionIs(metadata, version)) == 0) {
                throw versionConflict(metadata, collection, id, version, "delete");
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
            Document filter = new Document(Document.ID, key);
            this.lifecycle.beforeDelete(filter, entityClass, collectionName);
            boolean deleted = collection(collectionName).delete(key) > 0;
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
            Document filter = new Document(Document.ID, new Document("$in", keys));
            this.lifecycle.beforeDelete(filter, entityClass, collectionName);
            long deleted = collection(collectionName).deleteBatch(keys);
            this.lifecycle.afterDelete(filter, entityClass, collectionName);
            return deleted;
        });
    }

    @Override
    public long delete(TetherQuery query, Class<?> entityClass) {
        return translate(() -> {
            TimeBudget budget = budget(query, entityClass);
            String collectionName = getCollectionName(entityClass);
            Document filter = query.getFilter().toDocument();
            this.lifecycle.beforeDelete(filter, entityClass, collectionName);
            long deleted = budget.enforce(() -> {
                List<String> ids = new ArrayList<>();
                findQuery(query.fields(ID_ONLY), entityClass)
                    .forEach((document) -> ids.add(document.getId()));
                // each document is checked against the filter again as it is deleted, in one write
                return ids.isEmpty() ? 0L : (long) deleteBatch(ids, query, entityClass, budget);
            });
            this.lifecycle.afterDelete(filter, entityClass, collectionName);
            return deleted;
        });
    }

    @Override
    public <T> List<T> findAllAndDelete(TetherQuery query, Class<T> entityClass) {
        return translate(() -> {
            TimeBudget budget = budget(query, entityClass);
            String collectionName = getCollectionName(entityClass);
            return budget.enforce(() -> {
                List<Document> documents = findQuery(query, entityClass).toList();
                List<String> ids = new ArrayList<>(documents.size());
                List<T> entities = new ArrayList<>(documents.size());
                for (Document document : documents) {
                    ids.add(document.getId());
                    entities.add(readEntity(document, entityClass, entityClass, collectionName));
                }
                if (!ids.isEmpty()) {
                    // the filter names the documents found: the query's skip and limit chose them
                    Document filter = new Document(Document.ID, new Document("$in", ids));
                    this.lifecycle.beforeDelete(filter, entityClass, collectionName);
                    deleteBatch(ids, query, entityClass, budget);
                    this.lifecycle.afterDelete(filter, entityClass, collectionName);
                }
                return entities;
            });
        });
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
            io.tetherdb.update.Update compiled = toStoreUpdate(update, entityClass);
            UpdateOptions options = updateOptions(query, entityClass).upsert(upsert);
            TetherCollection collection = getCollection(entityClass);
            return many ? collection.updateMany(query.getFilter(), compiled, options)
                    : collection.updateOne(query.getFilter(), compiled, options);
        });
    }

    @Override
    public <T> Optional<T> findAndModify(TetherQuery query, Update update, FindAndModifyOptions options,
            Class<T> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        Objects.requireNonNull(update, "update must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            io.tetherdb.update.Update compiled = toStoreUpdate(update, entityClass);
            String collectionName = getCollectionName(entityClass);
            return collection(collectionName)
                .findOneAndUpdate(query.getFilter(), compiled, findAndModifyOptions(query, options, entityClass))
                .map((document) -> readEntity(document, entityClass, entityClass, collectionName));
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
                filter = Filters.and(filter, versionIs(metadata, expected));
                accessor.setProperty(versionProperty, expected + 1);
            }
            Document document = this.converter.write(accessor.getBean());
            if (document.get(Document.ID) == null) {
                document.remove(Document.ID);
            }
            T saving = this.lifecycle.beforeSave(accessor.getBean(), document, collectionName);
            Optional<Document> result = collection(collectionName)
                .findOneAndReplace(filter, document, findAndModifyOptions(query, options, entityClass));
            // an upsert writes whether or not something matched; otherwise only a match is replaced
            if (result.isPresent() || options.upsert()) {
                this.lifecycle.afterSave(saving, document, collectionName);
            }
            return result.map((stored) -> readEntity(stored, entityClass, entityClass, collectionName));
        });
    }

    @Override
    public <T> Optional<T> findAndRemove(TetherQuery query, Class<T> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        return translate(() -> {
            ensureIndexes(entityClass);
            String collectionName = getCollectionName(entityClass);
            Document filter = query.getFilter().toDocument();
            this.lifecycle.beforeDelete(filter, entityClass, collectionName);
            Optional<Document> deleted = collection(collectionName)
                .findOneAndDelete(query.getFilter(), findAndModifyOptions(query, FindAndModifyOptions.options(),
                        entityClass));
            this.lifecycle.afterDelete(filter, entityClass, collectionName);
            return deleted.map((document) -> readEntity(document, entityClass, entityClass, collectionName));
        });
    }

    private UpdateOptions updateOptions(TetherQuery query, Class<?> entityClass) {
        UpdateOptions options = UpdateOptions.defaults();
        if (query.getSort().isSorted()) {
            options = options.sort(toStoreSort(query.getSort(), entityClass));
        }
        if (query.getMaxTime() != null) {
            options = options.maxTime(query.getMaxTime());
        }
        return options;
    }

    private io.tetherdb.update.FindAndModifyOptions findAndModifyOptions(TetherQuery query,
            FindAndModifyOptions options, Class<?> entityClass) {
        io.tetherdb.update.FindAndModifyOptions result = io.tetherdb.update.FindAndModifyOptions.defaults()
            .returnDocument(options.returnNew() ? ReturnDocument.AFTER : ReturnDocument.BEFORE)
            .upsert(options.upsert());
        if (query.getSort().isSorted()) {
            result = result.sort(toStoreSort(query.getSort(), entityClass));
        }
        if (query.getProjection() != null) {
            result = result.projection(query.getProjection());
        }
        if (query.getMaxTime() != null) {
            result = result.maxTime(query.getMaxTime());
        }
        return result;
    }

    /**
     * Maps an update by property names to the store's update, as {@link UpdateDocuments} writes it.
     */
    io.tetherdb.update.Update toStoreUpdate(Update update, Class<?> entityClass) {
        return io.tetherdb.update.Update.of(UpdateDocuments.toDocument(update, entityClass, this.converter));
    }

    // ---- reads

    @Override
    public <T> Optional<T> findById(Object id, Class<T> entityClass) {
        Objects.requireNonNull(id, "id must not be null");
        return translate(() -> {
            String collectionName = getCollectionName(entityClass);
            return collection(collectionName).get(this.converter.toIdString(id))
                .map((document) -> readEntity(document, entityClass, entityClass, collectionName));
        });
    }

    @Override
    public <T, R> List<R> find(TetherQuery query, Class<T> entityClass, Class<R> resultType) {
        return translate(() -> {
            List<Document> documents = findQuery(query, entityClass).toList();
            String collectionName = getCollectionName(entityClass);
            List<R> results = new ArrayList<>(documents.size());
            for (Document document : documents) {
                results.add(readEntity(document, entityClass, resultType, collectionName));
            }
            return results;
        });
    }

    @Override
    public List<Document> findDocuments(TetherQuery query, Class<?> entityClass) {
        return translate(() -> findQuery(query, entityClass).toList());
    }

    @Override
    public Stream<Document> streamDocuments(TetherQuery query, Class<?> entityClass) {
        return translate(() -> TranslatingSpliterator.translating(findQuery(query, entityClass).stream(),
                this.exceptionTranslator));
    }

    @Override
    public <T, R> Stream<R> stream(TetherQuery query, Class<T> entityClass, Class<R> resultType) {
        String collectionName = getCollectionName(entityClass);
        // closing the mapped stream closes the query's stream, which releases its snapshot
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
        return translate(() -> query.getFilter().matchesAll() && query.getSkip() == 0 && query.getLimit() == 0
                ? getCollection(entityClass).count() : findQuery(query, entityClass).count());
    }

    @Override
    public boolean exists(TetherQuery query, Class<?> entityClass) {
        return translate(() -> findQuery(query.limit(1).fields(ID_ONLY), entityClass)
            .first()
            .isPresent());
    }

    // ---- helpers

    private FindQuery findQuery(TetherQuery query, Class<?> entityClass) {
        Objects.requireNonNull(query, "query must not be null");
        ensureIndexes(entityClass);
        FindQuery find = getCollection(entityClass).find(query.getFilter());
        if (query.getSort().isSorted()) {
            find = find.sort(toStoreSort(query.getSort(), entityClass));
        }
        if (query.getSkip() > 0) {
            find = find.skip(query.getSkip());
        }
        if (query.getLimit() > 0) {
            find = find.limit(query.getLimit());
        }
        if (query.getProjection() != null) {
            find = find.projection(query.getProjection());
        }
        if (query.getMaxTime() != null) {
            find = find.maxTime(query.getMaxTime());
        }
        return find;
    }

    private TimeBudget budget(TetherQuery query, Class<?> entityClass) {
        Duration limit = (query.getMaxTime() != null) ? query.getMaxTime() : this.db.options().queryTimeout();
        return new TimeBudget("delete on collection '" + getCollectionName(entityClass) + "'", limit,
                System.nanoTime());
    }

    /** Deletes the documents a query found, with what is left of its time limit. */
    private int deleteBatch(List<String> ids, TetherQuery query, Class<?> entityClass, TimeBudget budget) {
        return getCollection(entityClass).deleteBatch(ids, query.getFilter(), budget.remaining());
    }

    private io.tetherdb.query.Sort toStoreSort(Sort sort, Class<?> entityClass) {
        List<Key> keys = new ArrayList<>();
        for (Sort.Order order : sort) {
            if (order.isIgnoreCase()) {
                throw new InvalidDataAccessApiUsageException("TetherDB cannot sort ignoring case (" + order + ")");
            }
            String field = this.converter.toFieldPath(entityClass, order.getProperty());
            keys.add(order.isAscending() ? Key.ascending(field) : Key.descending(field));
        }
        return io.tetherdb.query.Sort.by(keys.toArray(new Key[0]));
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
        Document document = this.converter.write(accessor.getBean());
        T saving = this.lifecycle.beforeSave(accessor.getBean(), document, collectionName);
        return new Prepared<>(saving, document, options(metadata, accessor), collection(collectionName));
    }

    /** The condition a stored document meets when it still has the version the caller read. */
    private static Filter versionIs(TetherPersistentEntity<?> metadata, Number version) {
        return Filters.eq(metadata.getRequiredVersionProperty().getFieldName(), version.longValue());
    }

    /** Explains, after a conditional write was refused, why: gone, or another version. */
    private static OptimisticLockingFailureException versionConflict(TetherPersistentEntity<?> metadata,
            TetherCollection collection, String id, Number expected, String action) {
        Optional<Document> stored = collection.get(id);
        if (stored.isEmpty()) {
            return new OptimisticLockingFailureException(EntityWrites.conflict(metadata, id, expected, action)
                    + ": it was deleted or expired");
        }
        return new OptimisticLockingFailureException(EntityWrites.conflict(metadata, id, expected, action)
                + ": the stored version is " + stored.get().get(metadata.getRequiredVersionProperty().getFieldName()));
    }

    /**
     * The expiry of one write: the {@link TimeToLive} property's value when it has one, else the
     * entity's {@code @Expires} default. A zero or negative time-to-live or a past instant is passed
     * on as it is: the store writes the document already expired, as {@link PutOptions} documents.
     */
    private PutOptions options(TetherPersistentEntity<?> metadata, PersistentPropertyAccessor<?> accessor) {
        TetherPersistentProperty property = metadata.getTimeToLiveProperty();
        Object value = (property != null) ? accessor.getProperty(property) : null;
        if (value instanceof Instant instant) {
            return PutOptions.defaults().expireAt(instant);
        }
        if (value instanceof Date date) {
            return PutOptions.defaults().expireAt(date.toInstant());
        }
        if (value instanceof Duration duration) {
            return PutOptions.defaults().ttl(duration);
        }
        if (value instanceof Number number) {
            TimeToLive annotation = property.getRequiredAnnotation(TimeToLive.class);
            return PutOptions.defaults().ttl(saturatedDuration(number.longValue(), annotation.unit()));
        }
        Duration fallback = metadata.getDefaultTimeToLive();
        return (fallback != null) ? PutOptions.defaults().ttl(fallback) : PutOptions.defaults();
    }

    /** A whole number of units as a Duration; beyond Duration's range (huge days) it saturates. */
    private static Duration saturatedDuration(long amount, java.time.temporal.ChronoUnit unit) {
        try {
            return Duration.of(amount, unit);
        }
        catch (ArithmeticException ex) {
            return (amount < 0) ? Duration.ofSeconds(Long.MIN_VALUE) : Duration.ofSeconds(Long.MAX_VALUE);
        }
    }

    private static PutOptions withoutId(PutOptions options) {
        PutOptions result = PutOptions.defaults();
        if (options.ttl() != null) {
            result = result.ttl(options.ttl());
        }
        if (options.expireAt() != null) {
            result = result.expireAt(options.expireAt());
        }
        return result.tags(options.tags().toArray(new String[0]));
    }

    @Override
    public <O> List<O> aggregate(List<? extends Map<String, ?>> pipeline, Class<?> inputType, Class<O> outputType) {
        return translate(() -> readAggregated(getCollection(inputType).aggregate(pipeline).toList(), inputType,
                outputType));
    }

    @Override
    public <O> List<O> aggregate(String pipeline, Class<?> inputType, Class<O> outputType) {
        return translate(() -> readAggregated(getCollection(inputType).aggregate(pipeline).toList(), inputType,
                outputType));
    }

    @Override
    public Stream<Document> streamAggregate(List<? extends Map<String, ?>> pipeline, Class<?> inputType,
            Duration maxTime) {
        AggregateOptions options = (maxTime != null) ? AggregateOptions.defaults().maxTime(maxTime)
                : AggregateOptions.defaults();
        return translate(() -> TranslatingSpliterator.translating(
                getCollection(inputType).aggregate(pipeline, options).stream(), this.exceptionTranslator));
    }

    private <O> List<O> readAggregated(List<Document> documents, Class<?> inputType, Class<O> outputType) {
        List<O> results = new ArrayList<>(documents.size());
        boolean asDocuments = outputType.isAssignableFrom(Document.class);
        String collectionName = getCollectionName(inputType);
        for (Document document : documents) {
            // documents are returned as they are: only a conversion is an entity's load
            results.add(asDocuments ? outputType.cast(document)
                    : readEntity(document, inputType, outputType, collectionName));
        }
        return results;
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

    /**
     * The time limit of an operation made of several store calls, counted from its start; a
     * {@link Duration#ZERO zero} limit is none.
     */
    private record TimeBudget(String operation, Duration limit, long startNanos) {

        /** @return the time left, never zero unless there is no limit */
        Duration remaining() {
            if (this.limit.isZero()) {
                return Duration.ZERO;
            }
            Duration left = this.limit.minusNanos(System.nanoTime() - this.startNanos);
            if (left.isZero() || left.isNegative()) {
                throw exceeded(null);
            }
            return left;
        }

        /**
         * Runs the store calls of the operation; a time-out of one of them is reported as the
         * operation's, with its whole limit, rather than as the part that ran out.
         */
        <R> R enforce(Supplier<R> calls) {
            try {
                return calls.get();
            }
            catch (QueryTimeoutException ex) {
                throw ex.operation().equals(this.operation) ? ex : exceeded(ex);
            }
        }

        private QueryTimeoutException exceeded(QueryTimeoutException part) {
            QueryTimeoutException whole = new QueryTimeoutException(this.operation, this.limit);
            if (part != null) {
                whole.initCause(part);
            }
            return whole;
        }
    }

    /** An entity ready to be written: the instance to return, its document, options and collection. */
    private record Prepared<T>(T entity, Document document, PutOptions options, TetherCollection collection) {
    }


    @Override
    public <T> ChangeSubscription watch(Class<T> entityClass, TetherChangeListener<T> listener) {
        Objects.requireNonNull(entityClass, "entityClass must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        String name = getCollectionName(entityClass);
        return translate(() -> this.db.collection(name).watch(WatchOptions.defaults().fullDocumentBefore(true),
                new ChangeListener() {
                    @Override
                    public void onChange(ChangeEvent event) {
                        Document document = event.fullDocument().or(event::fullDocumentBefore).orElse(null);
                        T entity = (document != null) ? TetherTemplate.this.converter.read(entityClass, document) : null;
                        listener.onChange(new TetherChangeEvent<>(event, entity));
                    }

                    @Override
                    public void onFellBehind(SubscriberFellBehindException signal) {
                        listener.onFellBehind(signal);
                    }
                }));
    }

}
