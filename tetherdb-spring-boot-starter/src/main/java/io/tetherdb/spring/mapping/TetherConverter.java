package io.tetherdb.spring.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mapping.MappingException;

/**
 * Converts entities to TetherDB documents and back through Jackson, with the application's own
 * {@link JsonMapper} (so its modules, naming and annotations apply) extended by a module that
 * keeps dates as dates. The id property becomes the document's {@code _id}; {@link java.time.Instant}
 * and {@link Date} values are stored as the store's date type; {@link BigDecimal}s as the store's
 * decimal type (exact, scale kept, compared by value with every other number) and
 * {@link BigInteger}s as decimals of scale 0, so that one property never holds two types; either
 * beyond 34 digits is refused by the store. Decimals stored as text by earlier versions still read.
 * Unknown document fields, such as
 * {@code _tags}, are ignored when reading, and missing ones (as after a projection) read as null, or
 * as zero or false for primitives.
 *
 * <p>Also converts query arguments to document values the same way, so that an argument compares
 * with a stored property as an equal value.
 *
 * <p>Thread-safe: it holds only immutable state and a thread-safe mapper.
 *
 * @since 0.1
 */
public class TetherConverter {

    private final JsonMapper jsonMapper;

    private final TetherMappingContext mappingContext;

    /**
     * @param jsonMapper the application's mapper, copied with the converter's settings; not null
     * @param mappingContext the entities' metadata; not null
     */
    public TetherConverter(JsonMapper jsonMapper, TetherMappingContext mappingContext) {
        Objects.requireNonNull(jsonMapper, "jsonMapper must not be null");
        this.mappingContext = Objects.requireNonNull(mappingContext, "mappingContext must not be null");
        this.jsonMapper = jsonMapper.rebuild()
            .addModule(new DocumentValueModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a projection reads some fields only: the others take their type's default
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    }

    /** @return the entities' metadata */
    public TetherMappingContext getMappingContext() {
        return this.mappingContext;
    }

    /**
     * @param entity the entity; not null
     * @return the entity as a document, its id under {@code _id} (left out when null)
     * @throws MappingException if Jackson cannot write the entity
     */
    public Document write(Object entity) {
        Objects.requireNonNull(entity, "entity must not be null");
        TetherPersistentEntity<?> metadata = this.mappingContext.getRequiredPersistentEntity(entity.getClass());
        Object value;
        try {
            value = this.jsonMapper.convertValue(entity, Object.class);
        }
        catch (IllegalArgumentException | tools.jackson.core.JacksonException ex) {
            throw new MappingException("Cannot write " + entity.getClass().getName() + " as a document: "
                    + ex.getMessage(), ex);
        }
        if (!(value instanceof Map<?, ?> fields)) {
            throw new MappingException(entity.getClass().getName() + " is not written as a JSON object");
        }
        Document document = new Document();
        TetherPersistentProperty id = metadata.getIdProperty();
        String idName = (id != null) ? id.getJsonName() : null;
        for (Map.Entry<?, ?> entry : fields.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.equals(idName)) {
                if (entry.getValue() != null) {
                    document.put(Document.ID, toIdString(entry.getValue()));
                }
            }
            else {
                document.put(key, toStoreValue(entry.getValue()));
            }
        }
        return document;
    }

    /**
     * Maps a dotted entity property path, such as {@code address.city} or {@code id}, to the
     * document field path that holds it. A segment that names no known property is kept as it
     * is, so document field names (such as {@code _id} or {@code _tags}) may be used directly.
     *
     * @param entityType the entity type the path starts from; not null
     * @param propertyPath the dotted property path; not null
     * @return the dotted document field path
     */
    public String toFieldPath(Class<?> entityType, String propertyPath) {
        return this.mappingContext.toFieldPath(entityType, propertyPath);
    }

    /**
     * @param id an id value; not null
     * @return the id as the store's string key
     */
    public String toIdString(Object id) {
        Objects.requireNonNull(id, "id must not be null");
        Object value = (id instanceof String) ? id : toDocumentValue(id);
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new MappingException("Id " + id + " of type " + id.getClass().getName()
                + " cannot be a document id; use a String, a number or a type Jackson writes as text");
    }

    /**
     * Reads a document as an entity.
     *
     * @param <T> the entity type
     * @param type the entity type; not null
     * @param document the document; not null
     * @return the entity
     */
    public <T> T read(Class<T> type, Map<String, ?> document) {
        return read(type, document, type);
    }

    /**
     * Reads a document of one entity type as another type, such as a DTO projection of it.
     *
     * @param <T> the result type
     * @param type the result type; not null
     * @param document the document; not null
     * @param entityType the entity type the document belongs to, which names its id property; not null
     * @return the result
     * @throws MappingException if Jackson cannot read the document as the type
     */
    public <T> T read(Class<T> type, Map<String, ?> document, Class<?> entityType) {
        TetherPersistentEntity<?> metadata = this.mappingContext.getPersistentEntity(entityType);
        TetherPersistentProperty id = (metadata != null) ? metadata.getIdProperty() : null;
        Map<String, Object> fields = new LinkedHashMap<>(document.size());
        for (Map.Entry<String, ?> entry : document.entrySet()) {
            String key = entry.getKey();
            fields.put((id != null && Document.ID.equals(key)) ? id.getJsonName() : key, entry.getValue());
        }
        try {
            return this.jsonMapper.convertValue(fields, type);
        }
        catch (IllegalArgumentException | tools.jackson.core.JacksonException ex) {
            throw new MappingException("Cannot read document " + document.get(Document.ID) + " as "
                    + type.getName() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Converts a value, such as a query argument, the way an entity property holding it would be
     * stored: an enum becomes its name, a date the store's date type, an object a document.
     *
     * @param value the value; may be null
     * @return the document value; null for null
     */
    public Object toDocumentValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof java.time.Instant
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            for (Object element : collection) {
                list.add(toDocumentValue(element));
            }
            return list;
        }
        try {
            return toStoreValue(this.jsonMapper.convertValue(value, Object.class));
        }
        catch (IllegalArgumentException | tools.jackson.core.JacksonException ex) {
            throw new MappingException("Cannot convert " + value.getClass().getName() + " to a document value: "
                    + ex.getMessage(), ex);
        }
    }

    private static Object toStoreValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                document.put(String.valueOf(entry.getKey()), toStoreValue(entry.getValue()));
            }
            return document;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            for (Object element : collection) {
                list.add(toStoreValue(element));
            }
            return list;
        }
        if (value instanceof BigInteger integer) {
            // one stored type for every value of the property, whatever its size
            return new BigDecimal(integer);
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Character character) {
            return character.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        return value;
    }

}
