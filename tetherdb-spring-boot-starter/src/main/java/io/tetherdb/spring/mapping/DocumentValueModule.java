package io.tetherdb.spring.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.Date;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Jackson module of the entity mapper, so that stored values compare and sort as the values they
 * stand for. While an entity is converted to a document (through a token buffer, never to text):
 * <ul>
 * <li>an {@link Instant} or {@link Date} stays a date object, stored as the store's date type,
 * which sorts and compares in time order;</li>
 * <li>an {@link OffsetDateTime} or {@link ZonedDateTime} is stored as that date type too, the
 * instant it stands for, so values written with different offsets compare in time order; it reads
 * back at UTC (the offset or zone is not kept, as Jackson's own reading adjusts to UTC too);</li>
 * <li>a {@link LocalDate} or {@link LocalDateTime} keeps Jackson's ISO-8601 text, which sorts in
 * time order only for years 0000 to 9999, so a value outside them is refused.</li>
 * </ul>
 * Reading converts those dates back; text written by earlier versions still reads. Written as
 * text (outside the store), dates keep their ISO-8601 form.
 *
 * <p>Stateless and thread-safe.
 */
final class DocumentValueModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    DocumentValueModule() {
        super("tetherdb-document-values");
        addSerializer(Instant.class, new InstantOfSerializer<>(Instant.class, (instant) -> instant, Instant::toString));
        addSerializer(Date.class, new InstantOfSerializer<>(Date.class, Date::toInstant,
                (date) -> date.toInstant().toString()));
        addDeserializer(Date.class, new DateDeserializer());
        addSerializer(OffsetDateTime.class, new InstantOfSerializer<>(OffsetDateTime.class,
                OffsetDateTime::toInstant, OffsetDateTime::toString));
        addSerializer(ZonedDateTime.class, new InstantOfSerializer<>(ZonedDateTime.class, ZonedDateTime::toInstant,
                ZonedDateTime::toString));
        addDeserializer(OffsetDateTime.class, new AtUtcDeserializer<>(OffsetDateTime.class,
                (instant) -> instant.atOffset(ZoneOffset.UTC),
                (text) -> OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC)));
        addDeserializer(ZonedDateTime.class, new AtUtcDeserializer<>(ZonedDateTime.class,
                (instant) -> instant.atZone(ZoneOffset.UTC),
                (text) -> ZonedDateTime.parse(text).withZoneSameInstant(ZoneOffset.UTC)));
        setSerializerModifier(new SortableYearsModifier());
    }

    /** Refuses local dates whose ISO text would not sort in time order, before Jackson writes them. */
    private static final class SortableYearsModifier extends ValueSerializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier description,
                ValueSerializer<?> serializer) {
            Class<?> type = description.getBeanClass();
            if (LocalDate.class.equals(type)) {
                return new YearCheckingSerializer<>(LocalDate.class, LocalDate::getYear, cast(serializer));
            }
            if (LocalDateTime.class.equals(type)) {
                return new YearCheckingSerializer<>(LocalDateTime.class, LocalDateTime::getYear, cast(serializer));
            }
            return serializer;
        }

        @SuppressWarnings("unchecked")
        private static <T> ValueSerializer<T> cast(ValueSerializer<?> serializer) {
            return (ValueSerializer<T>) serializer;
        }

    }

    /** Checks the year of a local date, then lets Jackson's own serializer (and its format) write it. */
    private static final class YearCheckingSerializer<T extends Temporal> extends ValueSerializer<T> {

        private final Class<T> type;

        private final ToIntFunction<T> year;

        private final ValueSerializer<T> delegate;

        YearCheckingSerializer(Class<T> type, ToIntFunction<T> year, ValueSerializer<T> delegate) {
            this.type = type;
            this.year = year;
            this.delegate = delegate;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializationContext context) {
            int year = this.year.applyAsInt(value);
            if (generator instanceof TokenBuffer && (year < 0 || year > 9999)) {
                context.reportBadDefinition(this.type, this.type.getSimpleName() + " " + value
                        + " cannot be stored: its year is outside 0000..9999, where its ISO-8601 text would not sort "
                        + "in time order; use a year in that range (such as 9999-12-31 for \"no end\") or null");
            }
            this.delegate.serialize(value, generator, context);
        }

        @Override
        public ValueSerializer<?> createContextual(SerializationContext context, BeanProperty property) {
            ValueSerializer<?> contextual = this.delegate.createContextual(context, property);
            return (contextual == this.delegate) ? this
                    : new YearCheckingSerializer<>(this.type, this.year, SortableYearsModifier.cast(contextual));
        }

        @Override
        public Class<?> handledType() {
            return this.type;
        }

    }

    /**
     * Writes a date or date-time as the instant it stands for (the store's date type) into a
     * document, and as ISO-8601 text anywhere else.
     */
    private static final class InstantOfSerializer<T> extends ValueSerializer<T> {

        private final Class<T> type;

        private final Function<T, Instant> instant;

        private final Function<T, String> text;

        InstantOfSerializer(Class<T> type, Function<T, Instant> instant, Function<T, String> text) {
            this.type = type;
            this.instant = instant;
            this.text = text;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializationContext context) {
            if (generator instanceof TokenBuffer) {
                generator.writeEmbeddedObject(this.instant.apply(value));
            }
            else {
                generator.writeString(this.text.apply(value));
            }
        }

        @Override
        public Class<?> handledType() {
            return this.type;
        }

    }

    /** Reads a zoned date-time at UTC from a stored date, or from ISO-8601 text stored before. */
    private static final class AtUtcDeserializer<T> extends ValueDeserializer<T> {

        private final Class<T> type;

        private final Function<Instant, T> fromInstant;

        private final Function<String, T> fromText;

        AtUtcDeserializer(Class<T> type, Function<Instant, T> fromInstant, Function<String, T> fromText) {
            this.type = type;
            this.fromInstant = fromInstant;
            this.fromText = fromText;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_EMBEDDED_OBJECT) {
                Object value = parser.getEmbeddedObject();
                if (value instanceof Instant instant) {
                    return this.fromInstant.apply(instant);
                }
                if (value instanceof Date date) {
                    return this.fromInstant.apply(date.toInstant());
                }
            }
            else if (token == JsonToken.VALUE_STRING) {
                try {
                    return this.fromText.apply(parser.getString());
                }
                catch (DateTimeException ex) {
                    return this.type.cast(context.handleWeirdStringValue(this.type, parser.getString(),
                            "not an ISO-8601 date-time with an offset"));
                }
            }
            return this.type.cast(context.handleUnexpectedToken(this.type, parser));
        }

        @Override
        public Class<?> handledType() {
            return this.type;
        }

    }

    private static final class DateDeserializer extends ValueDeserializer<Date> {

        @Override
        public Date deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_EMBEDDED_OBJECT) {
                Object value = parser.getEmbeddedObject();
                if (value instanceof Instant instant) {
                    return Date.from(instant);
                }
                if (value instanceof Date date) {
                    return date;
                }
            }
            else if (token == JsonToken.VALUE_NUMBER_INT) {
                return new Date(parser.getLongValue());
            }
            else if (token == JsonToken.VALUE_STRING) {
                try {
                    return Date.from(Instant.parse(parser.getString()));
                }
                catch (DateTimeParseException ex) {
                    return (Date) context.handleWeirdStringValue(Date.class, parser.getString(),
                            "not an ISO-8601 instant");
                }
            }
            return (Date) context.handleUnexpectedToken(Date.class, parser);
        }

    }

}
