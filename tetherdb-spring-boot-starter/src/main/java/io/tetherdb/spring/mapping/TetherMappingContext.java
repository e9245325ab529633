package io.tetherdb.spring.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.tetherdb.index.IndexDefinition;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.context.AbstractMappingContext;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;
import org.springframework.data.core.TypeInformation;

/**
 * Mapping metadata of TetherDB entities: which property is the id, the version, the
 * time-to-live, which collection and indexes an entity has. The documents themselves are written
 * and read by Jackson ({@link TetherConverter}); this context tells the repositories, the template
 * and auditing what they need to know about an entity. Field names follow Jackson:
 * {@code @JsonProperty} and the mapper's property naming strategy.
 *
 * <p>Thread-safe: entities are built on first use under the context's lock, as in every Spring
 * Data mapping context.
 *
 * @since 0.1
 */
public class TetherMappingContext
        extends AbstractMappingContext<TetherPersistentEntity<?>, TetherPersistentProperty> {

    private static final Set<Class<?>> SIMPLE_TYPES = Set.of(Instant.class, LocalDate.class, LocalDateTime.class,
            LocalTime.class, OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class, Duration.class,
            Period.class, Year.class, YearMonth.class, MonthDay.class, ZoneId.class, ZoneOffset.class, UUID.class,
            BigDecimal.class, BigInteger.class, URI.class, URL.class, Currency.class, Pattern.class);

    private final UnaryOperator<String> naming;

    private final IndexResolver indexResolver = new IndexResolver(this);

    /** Creates a context whose field names are the property names or their {@code @JsonProperty}. */
    public TetherMappingContext() {
        this(UnaryOperator.identity());
    }

    /**
     * Creates a context whose field names follow the given mapper's property naming strategy.
     *
     * @param jsonMapper the mapper that writes the entities; not null
     */
    public TetherMappingContext(JsonMapper jsonMapper) {
        this(namingOf(jsonMapper));
    }

    private TetherMappingContext(UnaryOperator<String> naming) {
        this.naming = naming;
        setSimpleTypeHolder(new SimpleTypeHolder(SIMPLE_TYPES, true));
    }

    private static UnaryOperator<String> namingOf(JsonMapper jsonMapper) {
        SerializationConfig config = jsonMapper.serializationConfig();
        PropertyNamingStrategy strategy = config.getPropertyNamingStrategy();
        if (strategy == null) {
            return UnaryOperator.identity();
        }
        // the standard strategies translate names alone and never look at the field itself
        return (name) -> strategy.nameForField(config, null, name);
    }

    /**
     * Maps a dotted entity property path, such as {@code address.city} or {@code id}, to the
     * document field path that holds it. A segment that names no known property is kept as it
     * is, so document field names (such as {@code _id} or {@code _tags}) may be used directly.
     * Through a collection or array of nested types, the path continues with the element type.
     *
     * @param entityType the entity type the path starts from; not null
     * @param propertyPath the dotted property path; not null
     * @return the dotted document field path
     * @since 0.2
     */
    public String toFieldPath(Class<?> entityType, String propertyPath) {
        return toFieldPath(entityType, propertyPath, true);
    }

    /** As {@link #toFieldPath(Class, String)}; {@code root} says whether the id maps to {@code _id}. */
    String toFieldPath(Class<?> entityType, String propertyPath, boolean root) {
        StringBuilder field = new StringBuilder();
        Class<?> type = entityType;
        boolean top = root;
        for (String segment : propertyPath.split("\\.", -1)) {
            TetherPersistentEntity<?> entity = (type != null) ? getPersistentEntity(type) : null;
            TetherPersistentProperty property = (entity != null) ? entity.getPersistentProperty(segment) : null;
            if (field.length() > 0) {
                field.append('.');
            }
            if (property == null) {
                field.append(segment);
                // an array position (authors.0.name) or an update's positional segment ($, $[],
                // $[ident]) stands for an element: the path goes on in the element type
                if (!isElementSegment(segment)) {
                    type = null;
                }
            }
            else {
                field.append(top ? property.getFieldName() : property.getJsonName());
                type = property.getActualType();
            }
            top = false;
        }
        return field.toString();
    }

    private static boolean isElementSegment(String segment) {
        return !segment.isEmpty() && (segment.chars().allMatch(Character::isDigit) || segment.equals("$")
                || segment.startsWith("$[") && segment.endsWith("]"));
    }

    /**
     * Resolves the indexes an entity asks for: its own and its nested types' {@link Indexed}
     * properties, on the dotted path from the entity ({@code publisher.country},
     * {@code authors.name} through a list), and their {@link CompoundIndex} annotations.
     *
     * @param entityType the entity type; not null
     * @return the index definitions, in declaration order, the entity's own properties first
     * @throws MappingException if a compound index definition is not valid
     * @since 0.2
     */
    public List<IndexDefinition> getIndexDefinitions(Class<?> entityType) {
        return this.indexResolver.resolve(getRequiredPersistentEntity(entityType));
    }

    @Override
    protected boolean shouldCreatePersistentEntityFor(TypeInformation<?> type) {
        // Jackson maps JDK types itself; only the application's own classes need metadata
        String name = type.getType().getName();
        return super.shouldCreatePersistentEntityFor(type) && !type.getType().isArray()
                && !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jdk.")
                && !name.startsWith("tools.jackson.") && !type.isMap() && !type.isCollectionLike();
    }

    @Override
    protected <T> TetherPersistentEntity<?> createPersistentEntity(TypeInformation<T> typeInformation) {
        return new TetherPersistentEntity<>(typeInformation);
    }

    @Override
    protected TetherPersistentProperty createPersistentProperty(Property property,
            TetherPersistentEntity<?> owner, SimpleTypeHolder simpleTypeHolder) {
        return new TetherPersistentProperty(property, owner, simpleTypeHolder, this.naming);
    }

}
