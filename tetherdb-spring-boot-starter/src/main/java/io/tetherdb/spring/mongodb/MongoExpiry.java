package io.tetherdb.spring.mongodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import io.tetherdb.spring.mapping.TetherPersistentEntity;
import io.tetherdb.spring.mapping.TetherPersistentProperty;
import io.tetherdb.spring.mapping.TimeToLive;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mapping.PersistentPropertyAccessor;

/**
 * The expiry rules of the MongoDB backend: the instant a write expires at (the embedded store's
 * rules: a {@link TimeToLive} property, else the entity's {@code @Expires} default; zero or negative
 * is already expired), kept in {@value MongoTetherTemplate#EXPIRES_AT}, and the conditions that leave
 * expired documents out of reads at once, before the server's TTL sweep removes them. Thread-safe.
 */
final class MongoExpiry {

    private final Clock clock;

    MongoExpiry(Clock clock) {
        this.clock = clock;
    }

    /** @return whether the entity's documents may expire, and so need a TTL index */
    static boolean expires(TetherPersistentEntity<?> entity) {
        return entity.getTimeToLiveProperty() != null || entity.getDefaultTimeToLive() != null;
    }

    /** @return a filter and the condition that leaves expired documents out */
    Bson visible(Document filter) {
        return filter.isEmpty() ? notExpired() : new Document("$and", List.of(filter, notExpired()));
    }

    /** No expiry, or one still ahead: {@code $not $lte} matches a missing field too. */
    Document notExpired() {
        return new Document(MongoTetherTemplate.EXPIRES_AT, new Document("$not", new Document("$lte", now())));
    }

    /** @return the condition met by the documents that have expired by now */
    Document expired() {
        return new Document(MongoTetherTemplate.EXPIRES_AT, new Document("$lte", now()));
    }

    private Date now() {
        return Date.from(this.clock.instant());
    }

    /**
     * @return the instant one write of an entity expires at, as a BSON date, or null if it never
     *         expires
     */
    Date expiresAt(TetherPersistentEntity<?> metadata, PersistentPropertyAccessor<?> accessor) {
        TetherPersistentProperty property = metadata.getTimeToLiveProperty();
        Object value = (property != null) ? accessor.getProperty(property) : null;
        if (value instanceof Instant instant) {
            return bsonDate(instant);
        }
        if (value instanceof Date date) {
            return date;
        }
        if (value instanceof Duration duration) {
            return after(duration);
        }
        if (value instanceof Number number) {
            TimeToLive annotation = property.getRequiredAnnotation(TimeToLive.class);
            try {
                return after(Duration.of(number.longValue(), annotation.unit()));
            }
            catch (ArithmeticException ex) {
                return new Date((number.longValue() < 0) ? Long.MIN_VALUE : Long.MAX_VALUE);
            }
        }
        Duration fallback = metadata.getDefaultTimeToLive();
        return (fallback != null) ? after(fallback) : null;
    }

    /** Now plus a duration, saturated to the milliseconds a BSON date holds. */
    private Date after(Duration duration) {
        long now = this.clock.millis();
        try {
            return new Date(Math.addExact(now, duration.toMillis()));
        }
        catch (ArithmeticException ex) {
            return new Date(duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
    }

    private static Date bsonDate(Instant instant) {
        try {
            return new Date(instant.toEpochMilli());
        }
        catch (ArithmeticException ex) {
            return new Date(instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
    }

}
