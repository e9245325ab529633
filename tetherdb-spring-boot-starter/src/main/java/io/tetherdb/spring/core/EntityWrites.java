package io.tetherdb.spring.core;

import java.util.Objects;

import io.tetherdb.document.IdGenerator;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherPersistentEntity;
import io.tetherdb.spring.mapping.TetherPersistentProperty;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.ConvertingPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mapping.model.InstantiationAwarePropertyAccessor;

/**
 * The entity rules every {@link TetherOperations} implementation applies the same way before a
 * write: property access (records included), the generated String id, the first version of a new
 * versioned entity, and the wording of a refused conditional write. Thread-safe.
 *
 * @since 0.2
 */
public final class EntityWrites {

    private final TetherConverter converter;

    private final IdGenerator idGenerator;

    private final EntityInstantiators instantiators = new EntityInstantiators();

    private final ConversionService conversionService = DefaultConversionService.getSharedInstance();

    /**
     * @param converter the converter that writes ids as text; not null
     * @param idGenerator the generator of missing String ids; not null
     */
    public EntityWrites(TetherConverter converter, IdGenerator idGenerator) {
        this.converter = Objects.requireNonNull(converter, "converter must not be null");
        this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator must not be null");
    }

    /**
     * @param <T> the entity type
     * @param metadata the entity's metadata; not null
     * @param bean the entity; not null
     * @return an accessor that converts values and re-creates immutable entities (records) on writes
     */
    public <T> PersistentPropertyAccessor<T> accessor(TetherPersistentEntity<?> metadata, T bean) {
        return new ConvertingPropertyAccessor<>(
                new InstantiationAwarePropertyAccessor<>(bean, metadata::getPropertyAccessor, this.instantiators),
                this.conversionService);
    }

    /**
     * Readies an entity that is inserted: gives it a String id when it has none and, when it is
     * versioned, its first version.
     *
     * @param <T> the entity type
     * @param metadata the entity's metadata; not null
     * @param bean the entity; not null
     * @return the accessor holding the readied entity ({@link PersistentPropertyAccessor#getBean()})
     */
    public <T> PersistentPropertyAccessor<T> newEntity(TetherPersistentEntity<?> metadata, T bean) {
        PersistentPropertyAccessor<T> accessor = accessor(metadata, bean);
        assignId(metadata, accessor);
        if (metadata.hasVersionProperty()) {
            TetherPersistentProperty versionProperty = metadata.getRequiredVersionProperty();
            Number version = (Number) accessor.getProperty(versionProperty);
            accessor.setProperty(versionProperty, initialVersion(versionProperty, version));
        }
        return accessor;
    }

    /**
     * @param property the version property; not null
     * @param version its value; null for a new entity with a wrapper type
     * @return a new entity's first version: 0 for a null wrapper, 1 for a primitive still at 0
     */
    public static long initialVersion(TetherPersistentProperty property, Number version) {
        if (version == null) {
            return 0L;
        }
        return (property.getType().isPrimitive() && version.longValue() == 0) ? 1L : version.longValue();
    }

    /**
     * @param metadata the entity's metadata; not null
     * @return its id property
     * @throws InvalidDataAccessApiUsageException if it has none
     */
    public TetherPersistentProperty requiredId(TetherPersistentEntity<?> metadata) {
        TetherPersistentProperty id = metadata.getIdProperty();
        if (id == null) {
            throw new InvalidDataAccessApiUsageException("Entity " + metadata.getName()
                    + " has no id property; annotate one with @Id or name it id");
        }
        return id;
    }

    /**
     * Generates a String id when the entity has none.
     *
     * @param metadata the entity's metadata; not null
     * @param accessor the entity's accessor; not null
     * @return whether it generated one
     * @throws InvalidDataAccessApiUsageException if an id is missing and its type is not String
     */
    public boolean assignId(TetherPersistentEntity<?> metadata, PersistentPropertyAccessor<?> accessor) {
        TetherPersistentProperty id = requiredId(metadata);
        if (accessor.getProperty(id) != null) {
            return false;
        }
        if (!String.class.equals(id.getType())) {
            throw new InvalidDataAccessApiUsageException("Cannot generate an id of type " + id.getType().getName()
                    + " for " + metadata.getName() + "; only String ids are generated, set other ids yourself");
        }
        accessor.setProperty(id, this.idGenerator.next());
        return true;
    }

    /**
     * @param metadata the entity's metadata; not null
     * @param accessor the entity's accessor; not null
     * @return the entity's id as it is stored
     */
    public String idOf(TetherPersistentEntity<?> metadata, PersistentPropertyAccessor<?> accessor) {
        return this.converter.toIdString(accessor.getProperty(requiredId(metadata)));
    }

    /**
     * @return a fresh generated id, as {@link #assignId} gives
     */
    public String nextId() {
        return this.idGenerator.next();
    }

    /**
     * @param metadata the entity's metadata; not null
     * @param id the entity's id
     * @param version the version the caller read
     * @param action what was refused, such as "save"
     * @return the first part of the message of a refused conditional write
     */
    public static String conflict(TetherPersistentEntity<?> metadata, String id, Number version, String action) {
        return "Cannot " + action + " " + metadata.getType().getSimpleName() + " with id " + id + " and version "
                + version;
    }

}
