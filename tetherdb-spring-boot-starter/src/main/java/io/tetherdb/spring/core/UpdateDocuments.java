package io.tetherdb.spring.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherPersistentEntity;
import io.tetherdb.spring.mapping.TetherPersistentProperty;
import io.tetherdb.update.UpdateOperator;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Writes an {@link Update} by property names as an update document by field paths, the form both
 * backends run: values converted as saves convert them, single values of {@code push}/{@code addToSet}
 * wrapped in {@code $each} and the values of {@code pull} in {@code $in}, so that no value is read as
 * an operator; and, for a versioned entity, the increment of its version. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class UpdateDocuments {

    private UpdateDocuments() {
    }

    /**
     * @param update the update; not null
     * @param entityClass the entity type it applies to; not null
     * @param converter the converter that names fields and converts values; not null
     * @return the update document, with the version increment of a versioned entity
     * @throws InvalidDataAccessApiUsageException if the update is empty
     */
    public static Document toDocument(Update update, Class<?> entityClass, TetherConverter converter) {
        Objects.requireNonNull(update, "update must not be null");
        TetherPersistentEntity<?> metadata = converter.getMappingContext().getRequiredPersistentEntity(entityClass);
        TetherPersistentProperty version = metadata.hasVersionProperty() ? metadata.getRequiredVersionProperty()
                : null;
        if (update.document() != null) {
            Document given = new Document(update.document());
            if (version != null && !io.tetherdb.update.Update.of(given).touches(version.getFieldName())) {
                incrementVersion(given, version);
            }
            return given;
        }
        Document document = new Document();
        update.operations().forEach((operator, fields) -> {
            Document operand = new Document();
            fields.forEach((property, value) -> operand.put(converter.toFieldPath(entityClass, property),
                    operand(operator, value, entityClass, converter)));
            document.put(operator.keyword(), operand);
        });
        if (version != null && !update.touches(version.getName())) {
            incrementVersion(document, version);
        }
        if (document.isEmpty()) {
            throw new InvalidDataAccessApiUsageException("The update is empty: give it at least one change");
        }
        return document;
    }

    private static void incrementVersion(Document document, TetherPersistentProperty version) {
        Object inc = document.get(UpdateOperator.INC.keyword());
        Document increments = (inc instanceof Map<?, ?> map) ? copy(map) : new Document();
        increments.put(version.getFieldName(), 1L);
        document.put(UpdateOperator.INC.keyword(), increments);
    }

    private static Document copy(Map<?, ?> map) {
        Document copy = new Document();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    private static Object operand(UpdateOperator operator, Object value, Class<?> entityClass,
            TetherConverter converter) {
        return switch (operator) {
            case RENAME -> converter.toFieldPath(entityClass, ((Update.PropertyName) value).path());
            case PUSH, ADD_TO_SET -> new Document("$each", converter.toDocumentValue(
                    (value instanceof Update.Each each) ? each.values() : Collections.singletonList(value)));
            case PULL -> new Document("$in", converter.toDocumentValue(((Update.Each) value).values()));
            case PULL_ALL -> converter.toDocumentValue(((Update.Each) value).values());
            case SET, UNSET, INC, MUL, MIN, MAX, CURRENT_DATE, SET_ON_INSERT, POP -> converter.toDocumentValue(value);
        };
    }

}
