package io.tetherdb.spring.mapping.event;

import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * Base of the application events that {@link EntityLifecycle} publishes around the conversion,
 * writing, reading and deleting of entities: the entity (or, for loads and deletes, the document or
 * filter), the document when there is one, and the collection. The event's generic type is its
 * entity type, so a listener of {@code AfterSaveEvent<Reading>} sees the saves of readings only.
 *
 * <p>Not thread-safe: the entity and document it carries are the live ones of the operation.
 *
 * @param <T> the type of the event's source
 * @since 0.2
 */
public abstract class TetherMappingEvent<T> extends ApplicationEvent implements ResolvableTypeProvider {

    private static final long serialVersionUID = 1L;

    // soft references, so that the cache does not keep the classes of a redeployed application
    private static final Map<TypeKey, ResolvableType> TYPES = new ConcurrentReferenceHashMap<>();

    private final transient Document document;

    private final String collectionName;

    /**
     * @param source the entity, document or filter; not null
     * @param document the document, or null where there is none
     * @param collectionName the collection; not null
     */
    protected TetherMappingEvent(T source, Document document, String collectionName) {
        super(Objects.requireNonNull(source, "source must not be null"));
        this.document = document;
        this.collectionName = Objects.requireNonNull(collectionName, "collectionName must not be null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getSource() {
        return (T) super.getSource();
    }

    /**
     * @return the document: as about to be written or as written for saves, as read for loads, the
     *         filter for deletes; null before conversion
     */
    public Document getDocument() {
        return this.document;
    }

    /** @return the name of the collection */
    public String getCollectionName() {
        return this.collectionName;
    }

    /** @return the entity type the event is about, the generic type listeners are matched on */
    protected abstract Class<?> getEntityType();

    @Override
    public ResolvableType getResolvableType() {
        // built once per event and entity type: the multicaster asks for it on every event
        return TYPES.computeIfAbsent(new TypeKey(getClass(), getEntityType()),
                (key) -> ResolvableType.forClassWithGenerics(key.event(), ResolvableType.forClass(key.entity())));
    }

    private record TypeKey(Class<?> event, Class<?> entity) {
    }

}
