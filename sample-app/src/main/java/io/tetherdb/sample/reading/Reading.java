package io.tetherdb.sample.reading;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tetherdb.document.Document;

/**
 * A stored reading. Its JSON form has the same field names and values as the document in the
 * {@code readings} collection, so a client writes filters against exactly what it reads.
 *
 * <p>Time is held twice: {@code ts} is epoch milliseconds, for numeric filters
 * ({@code {ts: {$gte: 1767225600000}}}) and for sorting; {@code timestamp} is the same instant as
 * fixed-width ISO-8601 UTC text ({@code 2026-01-01T00:00:00.000Z}), which compares
 * lexicographically in time order, so {@code {timestamp: {$gte: '2026-01-01'}}} works as well.
 * {@code expiresAt} (epoch milliseconds) records when the retention ends.
 *
 * @param id the document id ({@code _id})
 * @param sensorId the sensor that measured it
 * @param type what was measured
 * @param value the measured value
 * @param unit unit of the value
 * @param location where it was measured; null if unknown
 * @param ts when it was measured, epoch milliseconds
 * @param timestamp when it was measured, ISO-8601 UTC with milliseconds
 * @param tags labels ({@code _tags})
 * @param expiresAt when the store drops it, epoch milliseconds
 * @since 0.1
 */
public record Reading(@JsonProperty("_id") String id, String sensorId, String type, double value, String unit,
        String location, long ts, String timestamp, @JsonProperty("_tags") List<String> tags, long expiresAt) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    /**
     * @param instant an instant; not null
     * @return it as fixed-width ISO-8601 UTC text with milliseconds
     */
    static String formatTimestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * @return the reading as a document, without {@code _id} when it has none yet and without
     *         {@code _tags} when it has no tags
     */
    Document toDocument() {
        Document document = new Document();
        if (this.id != null) {
            document.put(Document.ID, this.id);
        }
        document.put("sensorId", this.sensorId);
        document.put("type", this.type);
        document.put("value", this.value);
        document.put("unit", this.unit);
        document.put("location", this.location);
        document.put("ts", this.ts);
        document.put("timestamp", this.timestamp);
        document.put("expiresAt", this.expiresAt);
        if (!this.tags.isEmpty()) {
            document.put(Document.TAGS, new ArrayList<>(this.tags));
        }
        return document;
    }

    /**
     * @param id the id the store gave it; not null
     * @return a copy with that id
     */
    Reading withId(String id) {
        return new Reading(id, this.sensorId, this.type, this.value, this.unit, this.location, this.ts, this.timestamp,
                this.tags, this.expiresAt);
    }

    /**
     * @param document a document of the {@code readings} collection; not null
     * @return the reading it holds
     */
    static Reading fromDocument(Map<String, ?> document) {
        List<String> tags = new ArrayList<>();
        if (document.get(Document.TAGS) instanceof List<?> list) {
            list.forEach((tag) -> tags.add(String.valueOf(tag)));
        }
        return new Reading((String) document.get(Document.ID), (String) document.get("sensorId"),
                (String) document.get("type"), number(document.get("value")), (String) document.get("unit"),
                (String) document.get("location"), whole(document.get("ts")),
                (String) document.get("timestamp"), List.copyOf(tags), whole(document.get("expiresAt")));
    }

    private static double number(Object value) {
        return (value instanceof Number number) ? number.doubleValue() : 0;
    }

    private static long whole(Object value) {
        return (value instanceof Number number) ? number.longValue() : 0;
    }
}
