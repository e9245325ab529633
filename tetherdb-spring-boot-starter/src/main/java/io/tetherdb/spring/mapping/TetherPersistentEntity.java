package io.tetherdb.spring.mapping;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.BasicPersistentEntity;
import org.springframework.data.core.TypeInformation;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;

/**
 * A TetherDB entity: its collection ({@link DocumentCollection}, default the simple class name),
 * its default time-to-live ({@link Expires}) and its {@link TimeToLive} property; its indexes are
 * resolved by {@link TetherMappingContext#getIndexDefinitions(Class)}, through nested types. An
 * explicit {@code @Id} wins over a property that is merely named {@code id}.
 *
 * <p>Immutable once the {@link TetherMappingContext} has built and verified it; thread-safe.
 *
 * @param <T> the entity type
 * @since 0.1
 */
public class TetherPersistentEntity<T> extends BasicPersistentEntity<T, TetherPersistentProperty> {

    private final String collection;

    private final Duration defaultTimeToLive;

    private TetherPersistentProperty timeToLiveProperty;

    /**
     * @param information the entity's type; not null
     * @throws MappingException if {@link Expires} holds no valid duration
     */
    public TetherPersistentEntity(TypeInformation<T> information) {
        super(information);
        Class<T> type = information.getType();
        DocumentCollection named = AnnotatedElementUtils.findMergedAnnotation(type, DocumentCollection.class);
        this.collection = (named != null && StringUtils.hasText(named.value())) ? named.value() : type.getSimpleName();
        Expires expires = AnnotatedElementUtils.findMergedAnnotation(type, Expires.class);
        this.defaultTimeToLive = (expires != null) ? parseTimeToLive(type, expires.after()) : null;
    }

    private static Duration parseTimeToLive(Class<?> type, String text) {
        Duration duration;
        try {
            // Spring Framework's parser, not Boot's, so that mapping needs no Spring Boot; its
            // composite style ("1h30m") is left out, as Boot's parser knew only these two
            String trimmed = text.trim();
            DurationFormat.Style style = DurationFormatterUtils.detect(trimmed);
            if (style != DurationFormat.Style.ISO8601 && style != DurationFormat.Style.SIMPLE) {
                throw new IllegalArgumentException("'" + trimmed + "' is neither ISO-8601 nor a number with a unit");
            }
            duration = DurationFormatterUtils.parse(trimmed, style);
        }
        catch (IllegalArgumentException ex) {
            throw new MappingException("@Expires(after = \"" + text + "\") on " + type.getName()
                    + " is not a duration such as PT1H or 30m", ex);
        }
        // zero or negative is allowed and means "written already expired", as everywhere (PutOptions)
        return duration;
    }

    @Override
    public void addPersistentProperty(TetherPersistentProperty property) {
        super.addPersistentProperty(property);
        if (property.isTimeToLiveProperty()) {
            if (this.timeToLiveProperty != null) {
                throw new MappingException("Entity " + getName() + " has two @TimeToLive properties, "
                        + this.timeToLiveProperty.getName() + " and " + property.getName());
            }
            Class<?> type = property.getType();
            if (long.class.equals(type) || int.class.equals(type)) {
                // a primitive cannot be null, so an unset field would be 0: written already expired
                throw new MappingException("@TimeToLive property " + getName() + "." + property.getName()
                        + " must not be a primitive " + type.getName() + ": an unset value would be 0, which "
                        + "means already expired; use " + (long.class.equals(type) ? "Long" : "Integer")
                        + " (null means the @Expires default or no expiry) or Duration");
            }
            boolean supported = Duration.class.equals(type) || Instant.class.equals(type) || Date.class.equals(type)
                    || Long.class.equals(type) || Integer.class.equals(type);
            if (!supported) {
                throw new MappingException("@TimeToLive property " + getName() + "." + property.getName()
                        + " must be a Duration, Instant, Date, Long or Integer but is " + type.getName());
            }
            ChronoUnit unit = property.getRequiredAnnotation(TimeToLive.class).unit();
            if (Number.class.isAssignableFrom(type) && unit.isDurationEstimated() && unit != ChronoUnit.DAYS) {
                throw new MappingException("@TimeToLive(unit = " + unit + ") on " + getName() + "."
                        + property.getName() + " has no exact length; use DAYS or a shorter unit");
            }
            this.timeToLiveProperty = property;
        }
    }

    @Override
    protected TetherPersistentProperty returnPropertyIfBetterIdPropertyCandidateOrNull(
            TetherPersistentProperty property) {
        if (!property.isIdProperty()) {
            return null;
        }
        TetherPersistentProperty current = getIdProperty();
        if (current == null) {
            return property;
        }
        if (current.isExplicitIdProperty() == property.isExplicitIdProperty()) {
            throw new MappingException("Entity " + getName() + " has two id properties, " + current.getName()
                    + " and " + property.getName() + "; mark one with @Id");
        }
        return property.isExplicitIdProperty() ? property : null;
    }

    /** @return the name of the collection holding this entity's documents */
    public String getCollection() {
        return this.collection;
    }

    /** @return the {@link Expires} time-to-live, or null if documents do not expire by default */
    public Duration getDefaultTimeToLive() {
        return this.defaultTimeToLive;
    }

    /** @return the {@link TimeToLive} property, or null */
    public TetherPersistentProperty getTimeToLiveProperty() {
        return this.timeToLiveProperty;
    }

}
