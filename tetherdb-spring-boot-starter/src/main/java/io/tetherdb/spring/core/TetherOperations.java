package io.tetherdb.spring.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.tetherdb.TetherCollection;
import io.tetherdb.document.Document;
import io.tetherdb.spring.mapping.TetherConverter;

/**
 * Entity-level access to a TetherDB store: entities in, entities out, mapped to documents through
 * the {@link TetherConverter}. Writes honour the entity's annotations: generated String ids,
 * {@code @Version} optimistic locking, {@code @Expires}/{@code @TimeToLive} expiry and auditing
 * callbacks. Failures are Spring {@link org.springframework.dao.DataAccessException}s. Entity writes,
 * reads and deletes publish Spring Data's mapping events and run the entity callbacks, through an
 * {@link io.tetherdb.spring.mapping.event.EntityLifecycle}.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface TetherOperations {

    /** @return the converter between entities and documents */
    TetherConverter getConverter();

    /**
     * @param entityClass an entity type; not null
     * @return the name of the collection holding its documents
     */
    String getCollectionName(Class<?> entityClass);

    /**
     * The core collection of an entity type, for what the entity API does not offer; its
     * exceptions are not translated.
     *
     * @param entityClass an entity type; not null
     * @return the collection
     */
    TetherCollection getCollection(Class<?> entityClass);

    /**
     * Creates the indexes that the entity's annotations ask for, unless they exist. Every write or
     * read through these operations does it once per entity type; repositories do it at start-up.
     *
     * @param entityClass an entity type; not null
     */
    void ensureIndexes(Class<?> entityClass);

    /**
     * Inserts a new entity, generating its String id when it is null.
     *
     * @param <T> the entity type
     * @param entity the entity; not null
     * @return the entity as stored (a new instance for immutable types)
     * @throws org.springframework.dao.DuplicateKeyException if its id is taken
     */
    <T> T insert(T entity);

    /**
     * Inserts new entities in one all-or-nothing write.
     *
     * @param <T> the entity type
     * @param entities the entities; not null
     * @return the entities as stored, in order
     * @throws org.springframework.dao.DuplicateKeyException if an id is taken; nothing is written
     */
    <T> List<T> insertAll(Collection<? extends T> entities);

    /**
     * Inserts or replaces an entity. A versioned entity is inserted when new and otherwise
     * replaced only if the stored version equals its own.
     *
     * @param <T> the entity type
     * @param entity the entity; not null
     * @return the entity as stored (a new instance for immutable types)
     * @throws org.springframework.dao.OptimisticLockingFailureException if the stored version
     *         differs or the stored entity is gone
     */
    <T> T save(T entity);

    /**
     * @param <T> the entity type
     * @param id the id; not null
     * @param entityClass the entity type; not null
     * @return the entity, or empty if there is none (or it expired)
     */
    <T> Optional<T> findById(Object id, Class<T> entityClass);

    /**
     * @param <T> the entity type
     * @param query the query; not null
     * @param entityClass the entity type; not null
     * @return the matching entities, in the query's order
     */
    default <T> List<T> find(TetherQuery query, Class<T> entityClass) {
        return find(query, entityClass, entityClass);
    }

    /**
     * Reads matching documents as another type, such as a DTO projection of the entity.
     *
     * @param <T> the entity type
     * @param <R> the result type
     * @param query the query; not null
     * @param entityClass the entity type that names the collection; not null
     * @param resultType the type to read each document as; not null
     * @return the results, in the query's order
     */
    <T, R> List<R> find(TetherQuery query, Class<T> entityClass, Class<R> resultType);

    /**
     * Reads matching documents as they are stored, for callers that convert them themselves.
     *
     * @param query the query; not null
     * @param entityClass the entity type that names the collection; not null
     * @return the documents, in the query's order
     */
    List<Document> findDocuments(TetherQuery query, Class<?> entityClass);

    /**
     * Reads one window of a scroll through the query's matches: from an
     * {@link org.springframework.data.domain.OffsetScrollPosition} by skipping, from a
     * {@link org.springframework.data.domain.KeysetScrollPosition} by filtering on the last seen
     * sort values with {@code _id} as the final tie-break, forward or backward. The window holds up
     * to the query's limit (all matches without one). This default reads through
     * {@link #findDocuments}, so every backend scrolls alike.
     *
     * @param query the query, with its sort and limit; not null
     * @param position where the window starts; not null
     * @param entityClass the entity type that names the collection; not null
     * @return the window of documents, whose positions continue the scroll
     * @since 0.2
     */
    default org.springframework.data.domain.Window<Document> scrollDocuments(TetherQuery query,
            org.springframework.data.domain.ScrollPosition position, Class<?> entityClass) {
        return Scrolling.window(this, query, position, entityClass);
    }

    /**
     * Reads one window of a scroll as entities or another result type, as {@link #scrollDocuments} does.
     *
     * @param <T> the entity type
     * @param <R> the result type
     * @param query the query, with its sort and limit; not null
     * @param position where the window starts; not null
     * @param entityClass the entity type that names the collection; not null
     * @param resultType what to read each document as; not null
     * @return the window
     * @since 0.2
     */
    default <T, R> org.springframework.data.domain.Window<R> scroll(TetherQuery query,
            org.springframework.data.domain.ScrollPosition position, Class<T> entityClass, Class<R> resultType) {
        return scrollDocuments(query, position, entityClass)
            .map((document) -> read(resultType, document, entityClass));
    }

    /**
     * Streams matching documents lazily as they are stored; close the stream. A store failure
     * while the stream is consumed or closed is translated, as on every other path.
     *
     * @param query the query; not null
     * @param entityClass the entity type that names the collection; not null
     * @return the documents, lazily
     */
    Stream<Document> streamDocuments(TetherQuery query, Class<?> entityClass);

    /**
     * Streams matching entities lazily; close the stream to release the snapshot it reads. A store
     * failure while the stream is consumed or closed is translated, as on every other path.
     *
     * @param <T> the entity type
     * @param query the query; not null
     * @param entityClass the entity type; not null
     * @return the matching entities, lazily
     */
    default <T> Stream<T> stream(TetherQuery query, Class<T> entityClass) {
        return stream(query, entityClass, entityClass);
    }

    /**
     * Streams matching documents lazily as another type; close the stream.
     *
     * @param <T> the entity type
     * @param <R> the result type
     * @param query the query; not null
     * @param entityClass the entity type that names the collection; not null
     * @param resultType the type to read each document as; not null
     * @return the results, lazily
     */
    <T, R> Stream<R> stream(TetherQuery query, Class<T> entityClass, Class<R> resultType);

    /**
     * Reads a document that {@link #findDocuments}, {@link #streamDocuments} or
     * {@link #streamAggregate} returned as an entity or DTO, as the entity reads of these operations
     * do: with the {@code AfterLoadEvent}, {@code AfterConvertEvent} and
     * {@link io.tetherdb.spring.mapping.AfterConvertCallback}s. Repository queries read through it.
     *
     * @param <R> the result type
     * @param resultType the type to read the document as; not null
     * @param document the document; not null
     * @param entityClass the entity type that names the collection; not null
     * @return the result, as the callbacks left it
     * @since 0.2
     */
    <R> R read(Class<R> resultType, Document document, Class<?> entityClass);

    /**
     * @param query the query (its skip and limit apply); not null
     * @param entityClass the entity type; not null
     * @return how many documents match
     */
    long count(TetherQuery query, Class<?> entityClass);

    /**
     * @param query the query; not null
     * @param entityClass the entity type; not null
     * @return whether any document matches
     */
    boolean exists(TetherQuery query, Class<?> entityClass);

    /**
     * Deletes an entity by its id; a versioned entity only if the stored version equals its own.
     *
     * @param entity the entity; not null
     * @throws org.springframework.dao.OptimisticLockingFailureException if a versioned entity's
     *         stored version differs or it is gone
     */
    void delete(Object entity);

    /**
     * @param id the id; not null
     * @param entityClass the entity type; not null
     * @return whether a document was deleted
     */
    boolean deleteById(Object id, Class<?> entityClass);

    /**
     * Deletes the documents with the given ids in one write.
     *
     * @param ids the ids; not null, none null
     * @param entityClass the entity type; not null
     * @return how many were deleted
     */
    long deleteAllById(Collection<?> ids, Class<?> entityClass);

    /**
     * Deletes the matching documents (the query's sort, skip and limit choose which). Finding
     * them and deleting them together keep to the query's time limit; one that runs out deletes
     * nothing and throws {@link org.springframework.dao.QueryTimeoutException}.
     *
     * @param query the query; not null
     * @param entityClass the entity type; not null
     * @return how many were deleted
     */
    long delete(TetherQuery query, Class<?> entityClass);

    /**
     * Deletes the matching documents and returns them as entities.
     *
     * @param <T> the entity type
     * @param query the query; not null
     * @param entityClass the entity type; not null
     * @return the deleted entities
     */
    <T> List<T> findAllAndDelete(TetherQuery query, Class<T> entityClass);

    /**
     * Runs several calls as one transaction: in the transaction already bound to the thread
     * ({@code @Transactional}), or else in one of its own that commits when {@code work} returns and
     * rolls back when it throws. The repositories' {@code saveAll}, {@code insert(Iterable)} and
     * {@code deleteAll(Iterable)} use it. This default runs {@code work} directly, for implementations
     * without transactions.
     *
     * @param work the calls; not null
     * @param <R> the result type
     * @return what {@code work} returned
     * @since 0.2
     */
    default <R> R inTransaction(java.util.function.Supplier<R> work) {
        return work.get();
    }

    /**
     * Updates the first entity the query matches (in its order) with update operators, in one
     * atomic write: no read-modify-write in the application, no lost update between concurrent
     * callers. A versioned entity's version is incremented by the same write. The query's skip
     * and limit are ignored. Entity callbacks (auditing) do not run: no entity is read or written.
     *
     * @param query which entity; not null
     * @param update the changes, by property name; not null
     * @param entityClass the entity type; not null
     * @return how many matched and were modified
     * @throws org.springframework.dao.InvalidDataAccessApiUsageException if the update does not
     *         apply to the stored document (such as {@code inc} on text); nothing is written
     * @since 0.2
     */
    io.tetherdb.update.UpdateResult updateFirst(TetherQuery query, Update update, Class<?> entityClass);

    /**
     * Updates every entity the query matches, in one atomic, all-or-nothing write; see
     * {@link #updateFirst}.
     *
     * @param query which entities; not null
     * @param update the changes, by property name; not null
     * @param entityClass the entity type; not null
     * @return how many matched and were modified
     * @since 0.2
     */
    io.tetherdb.update.UpdateResult updateAll(TetherQuery query, Update update, Class<?> entityClass);

    /**
     * Updates the first entity the query matches or, when none does, inserts a document made of
     * the query's equality conditions and the update (with its {@code setOnInsert} values).
     *
     * @param query which entity; not null
     * @param update the changes, by property name; not null
     * @param entityClass the entity type; not null
     * @return how many matched and were modified, and the id of an inserted document
     * @since 0.2
     */
    io.tetherdb.update.UpdateResult upsert(TetherQuery query, Update update, Class<?> entityClass);

    /**
     * Updates the first entity the query matches, in its order, and returns it as it was before
     * the change, in one atomic write.
     *
     * @param <T> the entity type
     * @param query which entity (its sort and fields apply); not null
     * @param update the changes, by property name; not null
     * @param entityClass the entity type; not null
     * @return the entity before the change, or empty if none matched
     * @since 0.2
     */
    default <T> Optional<T> findAndModify(TetherQuery query, Update update, Class<T> entityClass) {
        return findAndModify(query, update, FindAndModifyOptions.options(), entityClass);
    }

    /**
     * As {@link #findAndModify(TetherQuery, Update, Class)}, returning the entity before or after
     * the change and upserting as the options say.
     *
     * @param <T> the entity type
     * @param query which entity (its sort and fields apply); not null
     * @param update the changes, by property name; not null
     * @param options return new or old, upsert; not null
     * @param entityClass the entity type; not null
     * @return the entity, or empty if none matched (or, upserting, when the old one is asked for)
     * @since 0.2
     */
    <T> Optional<T> findAndModify(TetherQuery query, Update update, FindAndModifyOptions options,
            Class<T> entityClass);

    /**
     * Replaces the first entity the query matches, in its order, keeping its id, and returns it as
     * it was (or, with {@code returnNew}, as stored). A versioned replacement must carry the stored
     * version (as {@link #save} requires) and is stored with the next one; when the versions
     * differ, nothing matches.
     *
     * @param <T> the entity type
     * @param query which entity; not null
     * @param replacement the new entity; not null
     * @param options return new or old, upsert; not null
     * @return the entity, or empty if none matched
     * @since 0.2
     */
    <T> Optional<T> findAndReplace(TetherQuery query, T replacement, FindAndModifyOptions options);

    /**
     * Deletes the first entity the query matches, in its order, and returns it, in one write.
     *
     * @param <T> the entity type
     * @param query which entity; not null
     * @param entityClass the entity type; not null
     * @return the deleted entity, or empty if none matched
     * @since 0.2
     */
    <T> Optional<T> findAndRemove(TetherQuery query, Class<T> entityClass);

    /**
     * Runs an aggregation pipeline over the collection of an entity type and reads each result as
     * another type (a DTO, record or entity; {@link Document} returns the documents as they are).
     *
     * @param <O> the output type
     * @param pipeline the stages, each a one-field map such as {@code {$match: {...}}} (see
     *        {@link io.tetherdb.aggregate.Aggregates}); not null
     * @param inputType the entity type that names the collection; not null
     * @param outputType the type to read each result as; not null
     * @return the results, in the pipeline's order
     * @since 0.2
     */
    <O> List<O> aggregate(List<? extends Map<String, ?>> pipeline, Class<?> inputType, Class<O> outputType);

    /**
     * As {@link #aggregate(List, Class, Class)}, with the pipeline as relaxed JSON text of an array.
     *
     * @param <O> the output type
     * @param pipeline the stages as JSON text, such as {@code "[{$group: {_id: '$sensor'}}]"}; not null
     * @param inputType the entity type that names the collection; not null
     * @param outputType the type to read each result as; not null
     * @return the results, in the pipeline's order
     * @since 0.2
     */
    <O> List<O> aggregate(String pipeline, Class<?> inputType, Class<O> outputType);

    /**
     * Runs an aggregation pipeline lazily; close the stream. A store failure is translated, as on
     * every other path.
     *
     * @param pipeline the stages; not null
     * @param inputType the entity type that names the collection; not null
     * @param maxTime the run's time limit, {@link java.time.Duration#ZERO} for none, or null for the
     *        store's
     * @return the result documents, lazily
     * @since 0.2
     */
    Stream<Document> streamAggregate(List<? extends Map<String, ?>> pipeline, Class<?> inputType,
            java.time.Duration maxTime);

    /**
     * Checks an aggregation pipeline without running it, as repositories do for each
     * {@code @Aggregation} method at start-up: both backends check it with core's pipeline compiler.
     *
     * @param pipeline the stages; not null
     * @param inputType the entity type that names the collection; not null
     * @throws io.tetherdb.query.InvalidQueryException if a stage is not valid
     * @since 0.2
     */
    default void checkPipeline(List<? extends Map<String, ?>> pipeline, Class<?> inputType) {
        getCollection(inputType).aggregate(pipeline);
    }

    /**
     * Watches the collection of an entity type: every committed change to it is delivered to the
     * listener, in commit order, on the subscription's own thread, with its document read as the
     * entity (after the change, or as it was for a delete or an expiry). Reactive-free: close the
     * returned subscription to stop. See docs/events.md for the delivery rules.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}, for
     * implementations over a store without change events.
     *
     * @param <T> the entity type
     * @param entityClass the entity type; not null
     * @param listener the listener; not null
     * @return the running subscription
     * @throws UnsupportedOperationException if this implementation has no change events
     * @since 0.2
     */
    default <T> io.tetherdb.event.ChangeSubscription watch(Class<T> entityClass,
            io.tetherdb.spring.change.TetherChangeListener<T> listener) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support watch("
                + entityClass.getSimpleName() + ")");
    }

}
