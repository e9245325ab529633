package io.tetherdb.spring.mapping;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Jackson module of the entity mapper: while an entity is converted to a document (through a
 * token buffer, never to text) an {@link Instant} or {@link Date} stays a date object, so the
 * store keeps it as its date type, which sorts and compares in time order; reading converts those
 * dates back. Written as text, dates keep their ISO-8601 form.
 *
 * <p>Stateless and thread-safe.
 */
final class DocumentValueModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    DocumentValueModule() {
        super("tetherdb-document-values");
        addSerializer(Instant.class, new InstantSerializer());
        addSerializer(Date.class, new DateSerializer());
        addDeserializer(Date.class, new DateDeserializer());
    }

    private static final class InstantSerializer extends ValueSerializer<Instant> {

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            if (generator instanceof TokenBuffer) {
                generator.writeEmbeddedObject(value);
            }
            else {
                generator.writeString(value.toString());
            }
        }

    }

    private static final class DateSerializer extends ValueSerializer<Date> {

        @Override
        public void serialize(Date value, JsonGenerator generator, SerializationContext context) {
            if (generator instanceof TokenBuffer) {
                generator.writeEmbeddedObject(value.toInstant());
            }
            else {
                generator.writeString(value.toInstant().toString());
            }
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
