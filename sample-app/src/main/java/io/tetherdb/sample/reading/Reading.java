package io.tetherdb.sample.reading;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tetherdb.spring.mapping.CompoundIndex;
import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.mapping.Indexed;
import io.tetherdb.spring.mapping.TimeToLive;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A stored reading: an entity of {@link ReadingRepository} in the {@code readings} collection. Its
 * JSON form has the same field names and values as its document, so a client writes filters
 * against exactly what it reads.
 *
 * <p>Time is held twice: {@code ts} is epoch milliseconds, for numeric filters
 * ({@code {ts: {$gte: 1767225600000}}}) and for sorting; {@code timestamp} is the same instant as
 * fixed-width ISO-8601 UTC text ({@code 2026-01-01T00:00:00.000Z}), which compares
 * lexicographically in time order, so {@code {timestamp: {$gte: '2026-01-01'}}} works as well.
 * {@code expiresAt} is the {@link TimeToLive} property: the store drops the reading at that
 * instant. It is written as epoch milliseconds, not as the store's date type, because a client's
 * JSON filter cannot hold a date.
 *
 * <p>Two indexes serve the dashboard, created at start-up if missing: {@code {sensorId: 1, ts: 1}}
 * for a sensor's statistics and chart, {@code {ts: 1}} for the most recent readings.
 *
 * <p>Immutable.
 *
 * @param id the document id ({@code _id}); null until stored, when the store generates one
 * @param sensorId the sensor that measured it
 * @param type what was measured
 * @param value the measured value
 * @param unit unit of the value
 * @param location where it was measured; null if unknown
 * @param ts when it was measured, epoch milliseconds
 * @param timestamp when it was measured, ISO-8601 UTC with milliseconds
 * @param tags labels ({@code _tags}); null is read as none
 * @param expiresAt when the store drops it
 * @since 0.1
 */
@DocumentCollection("readings")
@CompoundIndex(def = "{sensorId: 1, ts: 1}")
public record Reading(@JsonProperty("_id") String id, String sensorId, String type, double value, String unit,
        String location, @Indexed long ts, String timestamp, @JsonProperty("_tags") List<String> tags,
        @TimeToLive @JsonSerialize(using = EpochMillis.Serializer.class)
        @JsonDeserialize(using = EpochMillis.Deserializer.class) Instant expiresAt) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    /**
     * Reads a document without {@code _tags} (the form of an untagged reading) as having no tags.
     */
    public Reading {
        tags = (tags != null) ? List.copyOf(tags) : List.of();
    }

    /**
     * @param instant an instant; not null
     * @return it as fixed-width ISO-8601 UTC text with milliseconds
     */
    static String formatTimestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
