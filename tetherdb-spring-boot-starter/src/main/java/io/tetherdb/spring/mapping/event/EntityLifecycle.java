package io.tetherdb.spring.mapping.event;

import java.util.Objects;
import java.util.function.Function;

import io.tetherdb.document.Document;
import io.tetherdb.spring.mapping.AfterConvertCallback;
import io.tetherdb.spring.mapping.AfterSaveCallback;
import io.tetherdb.spring.mapping.BeforeConvertCallback;
import io.tetherdb.spring.mapping.BeforeSaveCallback;
import io.tetherdb.spring.mapping.TetherConverter;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mapping.callback.EntityCallbacks;

/**
 * Publishes the mapping events and runs the entity callbacks of one entity operation, at the points
 * a {@link io.tetherdb.spring.core.TetherOperations} implementation calls it: each step publishes
 * its event first and then runs its callbacks, as Spring Data MongoDB does. Events can be switched
 * off ({@link #setEventsEnabled(boolean)}); callbacks always run, since auditing is one of them.
 *
 * <p>A write calls {@link #beforeConvert}, converts the entity it returns, calls {@link #beforeSave}
 * with the document, writes the document and, once the store accepted it, {@link #afterSave}. A read
 * passes each document through {@link #read}. A delete calls {@link #beforeDelete} with its filter
 * and, once the store ran it, {@link #afterDelete}.
 *
 * <p>Thread-safe: its settings are volatile, and it publishes on the calling thread.
 *
 * @since 0.2
 */
public class EntityLifecycle {

    private volatile ApplicationEventPublisher eventPublisher;

    private volatile EntityCallbacks entityCallbacks;

    private volatile boolean eventsEnabled = true;

    /** A lifecycle with neither a publisher nor callbacks until they are set. */
    public EntityLifecycle() {
    }

    /**
     * @param eventPublisher where events go; null for none
     * @param entityCallbacks the callbacks to run; null for none
     */
    public EntityLifecycle(ApplicationEventPublisher eventPublisher, EntityCallbacks entityCallbacks) {
        this.eventPublisher = eventPublisher;
        this.entityCallbacks = entityCallbacks;
    }

    /** @param eventPublisher where events go; null for none */
    public void setEventPublisher(ApplicationEventPublisher eventPublisher) {
        this.eventPublisher = eventPublisher;
    }

    /** @return where events go, or null */
    public ApplicationEventPublisher getEventPublisher() {
        return this.eventPublisher;
    }

    /** @param entityCallbacks the callbacks to run; null for none */
    public void setEntityCallbacks(EntityCallbacks entityCallbacks) {
        this.entityCallbacks = entityCallbacks;
    }

    /** @return the callbacks run, or null */
    public EntityCallbacks getEntityCallbacks() {
        return this.entityCallbacks;
    }

    /** @param enabled whether mapping events are published (on by default); callbacks run either way */
    public void setEventsEnabled(boolean enabled) {
        this.eventsEnabled = enabled;
    }

    /** @return whether mapping events are published */
    public boolean isEventsEnabled() {
        return this.eventsEnabled;
    }

    /**
     * Takes, from the application context, whatever was not set already: its entity callbacks and
     * the context itself as the publisher of the events.
     *
     * @param applicationContext the context; not null
     */
    public void useContext(ApplicationContext applicationContext) {
        if (this.entityCallbacks == null) {
            this.entityCallbacks = EntityCallbacks.create(applicationContext);
        }
        if (this.eventPublisher == null) {
            this.eventPublisher = applicationContext;
        }
    }

    /**
     * Before an entity is converted for a write: {@link BeforeConvertEvent}, then the
     * {@link BeforeConvertCallback}s.
     *
     * @param <T> the entity type
     * @param entity the entity; not null
     * @param collection the collection it is written to; not null
     * @return the entity to convert
     */
    public <T> T beforeConvert(T entity, String collection) {
        publish(() -> new BeforeConvertEvent<>(entity, collection));
        return callback(BeforeConvertCallback.class, entity, collection);
    }

    /**
     * Before a converted entity's document is written: {@link BeforeSaveEvent}, then the
     * {@link BeforeSaveCallback}s; both may change the document.
     *
     * @param <T> the entity type
     * @param entity the entity; not null
     * @param document its document, about to be written; not null
     * @param collection the collection; not null
     * @return the entity to go on with
     */
    public <T> T beforeSave(T entity, Document document, String collection) {
        publish(() -> new BeforeSaveEvent<>(entity, document, collection));
        return callback(BeforeSaveCallback.class, entity, document, collection);
    }

    /**
     * After the store accepted a write: {@link AfterSaveEvent}, then the {@link AfterSaveCallback}s.
     *
     * @param <T> the entity type
     * @param entity the entity as stored; not null
     * @param document the document as written; not null
     * @param collection the collection; not null
     * @return the entity to return to the caller
     */
    public <T> T afterSave(T entity, Document document, String collection) {
        publish(() -> new AfterSaveEvent<>(entity, document, collection));
        return callback(AfterSaveCallback.class, entity, document, collection);
    }

    /**
     * Reads a document as a type with a converter, as every template reads an entity or a DTO of
     * one: {@link AfterLoadEvent}, the conversion, {@link AfterConvertEvent}, then the
     * {@link AfterConvertCallback}s.
     *
     * @param <T> the type read
     * @param document the document as read; not null
     * @param type the type to read it as (the entity, or a DTO of it); not null
     * @param entityType the entity type whose mapping applies; not null
     * @param collection the collection; not null
     * @param converter the converter; not null
     * @return the instance to return to the caller
     */
    public <T> T read(Document document, Class<T> type, Class<?> entityType, String collection,
            TetherConverter converter) {
        return read(document, type, collection, (read) -> converter.read(type, read, entityType));
    }

    /**
     * Reads a document as a type through a reader of its own: {@link AfterLoadEvent}, the
     * conversion, {@link AfterConvertEvent}, then the {@link AfterConvertCallback}s.
     *
     * @param <T> the type read
     * @param document the document as read; not null
     * @param type the type to read it as; not null
     * @param collection the collection; not null
     * @param reader converts the document; not null
     * @return the instance to return to the caller
     */
    public <T> T read(Document document, Class<T> type, String collection, Function<? super Document, T> reader) {
        Objects.requireNonNull(document, "document must not be null");
        publish(() -> new AfterLoadEvent<>(document, type, collection));
        T entity = reader.apply(document);
        if (entity == null) {
            return null;
        }
        publish(() -> new AfterConvertEvent<>(document, entity, collection));
        return callback(AfterConvertCallback.class, entity, document, collection);
    }

    /**
     * Before a delete runs: {@link BeforeDeleteEvent}.
     *
     * @param filter the filter of the delete; not null
     * @param type the entity type; not null
     * @param collection the collection; not null
     */
    public void beforeDelete(Document filter, Class<?> type, String collection) {
        publish(() -> new BeforeDeleteEvent<>(filter, type, collection));
    }

    /**
     * After a delete ran (whatever it removed): {@link AfterDeleteEvent}.
     *
     * @param filter the filter of the delete; not null
     * @param type the entity type; not null
     * @param collection the collection; not null
     */
    public void afterDelete(Document filter, Class<?> type, String collection) {
        publish(() -> new AfterDeleteEvent<>(filter, type, collection));
    }

    private void publish(java.util.function.Supplier<TetherMappingEvent<?>> event) {
        ApplicationEventPublisher publisher = this.eventPublisher;
        // the event is only built when someone can receive it: loading large results stays cheap
        if (publisher != null && this.eventsEnabled) {
            publisher.publishEvent(event.get());
        }
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private <T> T callback(Class<? extends org.springframework.data.mapping.callback.EntityCallback> type, T entity,
            Object... arguments) {
        EntityCallbacks callbacks = this.entityCallbacks;
        return (callbacks != null) ? (T) callbacks.callback((Class) type, entity, arguments) : entity;
    }

}
