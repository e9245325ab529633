package io.tetherdb.sample.reading;

import java.time.Instant;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * Jackson's form of an {@link Instant} as whole epoch milliseconds, such as {@code 1796273534549},
 * both in the API and in stored documents. It keeps {@link Reading#expiresAt()} a number that a
 * client's JSON filter can compare, where the starter's mapping would store an {@code Instant} as
 * the store's date type.
 *
 * @since 0.1
 */
final class EpochMillis {

    private EpochMillis() {
    }

    /** Writes an instant as epoch milliseconds. Stateless and thread-safe. */
    static final class Serializer extends ValueSerializer<Instant> {

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            generator.writeNumber(value.toEpochMilli());
        }

    }

    /** Reads epoch milliseconds as an instant. Stateless and thread-safe. */
    static final class Deserializer extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochMilli(parser.getLongValue());
            }
            return (Instant) context.handleUnexpectedToken(Instant.class, parser);
        }

    }

}
