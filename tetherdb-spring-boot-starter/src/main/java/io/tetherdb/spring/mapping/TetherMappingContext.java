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
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.json.JsonMapper;

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
