package io.tetherdb.sample.reading;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.tetherdb.sample.sensor.Sensor;

/**
 * A reading as a client sends it. Only {@code sensorId} and {@code value} are required: the type,
 * unit and location default to those of the registered sensor, the timestamp to the time of
 * arrival, and the id to one the store generates.
 *
 * @param id the reading's id, to make a retried upload idempotent; null for a generated one
 * @param sensorId the sensor that measured it; required
 * @param value the measured value; required, finite
 * @param type what was measured; null for the sensor's type
 * @param unit unit of the value; null for the sensor's unit
 * @param location where it was measured; null for the sensor's location
 * @param timestamp when it was measured, ISO-8601 such as {@code 2026-11-01T10:15:30Z}, from
 *        {@link #EARLIEST} to {@link #LATEST}; null for now
 * @param tags labels to query by; null for none
 * @since 0.1
 */
public record NewReading(String id, String sensorId, Double value, String type, String unit, String location,
        String timestamp, List<String> tags) {

    /** Most tags a reading may carry. */
    public static final int MAX_TAGS = 16;

    /** The form of a tag. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,31}");

    /**
     * Earliest timestamp accepted: the epoch, so that {@code ts} is never negative. No sensor
     * reading is older.
     */
    public static final Instant EARLIEST = Instant.EPOCH;

    /**
     * Latest timestamp accepted, to the millisecond: the end of year 9999. A later year has five
     * digits, and its {@code timestamp} text would no longer sort in time order.
     */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * Lists what is wrong with this reading, each problem prefixed with the reading's position.
     *
     * @param prefix put before each field name, such as {@code "[3]."} in a batch; not null
     * @return the problems, empty if none
     */
    public List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        if (this.id != null) {
            Sensor.checkId(problems, prefix + "id", this.id);
        }
        Sensor.checkId(problems, prefix + "sensorId", this.sensorId);
        if (this.value == null) {
            problems.add(prefix + "value: is required");
        }
        else if (this.value.isNaN() || this.value.isInfinite()) {
            problems.add(prefix + "value: must be a finite number");
        }
        Sensor.checkText(problems, prefix + "type", this.type, false);
        Sensor.checkText(problems, prefix + "unit", this.unit, false);
        Sensor.checkText(problems, prefix + "location", this.location, false);
        if (this.timestamp != null) {
            checkTimestamp(problems, prefix + "timestamp", this.timestamp);
        }
        if (this.tags != null) {
            if (this.tags.size() > MAX_TAGS) {
                problems.add(prefix + "tags: at most " + MAX_TAGS + " tags but found " + this.tags.size());
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < this.tags.size(); i++) {
                String tag = this.tags.get(i);
                if (tag == null || !TAG.matcher(tag).matches()) {
                    problems.add(prefix + "tags[" + i + "]: " + ((tag == null) ? "null" : "'" + tag + "'")
                            + " is not a tag of 1 to 32 letters, digits, '.', '_', ':' or '-'");
                }
                else if (!seen.add(tag)) {
                    problems.add(prefix + "tags[" + i + "]: '" + tag + "' is repeated");
                }
            }
        }
        return problems;
    }

    private static void checkTimestamp(List<String> problems, String field, String timestamp) {
        Instant at;
        try {
            at = Instant.parse(timestamp);
        }
        catch (DateTimeException ex) {
            problems.add(field + ": '" + timestamp + "' is not an ISO-8601 instant such as 2026-11-01T10:15:30Z");
            return;
        }
        // compared at the millisecond that is stored, so 9999-12-31T23:59:59.9999Z is still in range
        if (at.isBefore(EARLIEST) || at.truncatedTo(ChronoUnit.MILLIS).isAfter(LATEST)) {
            problems.add(field + ": '" + timestamp + "' is outside the accepted range, " + EARLIEST + " to " + LATEST);
        }
    }

    /**
     * @param now the time to use when the reading has none; not null
     * @return when the reading was measured, to the millisecond
     */
    Instant measuredAt(Instant now) {
        Instant at = (this.timestamp != null) ? Instant.parse(this.timestamp) : now;
        return Instant.ofEpochMilli(at.toEpochMilli());
    }

    /** @return the tags, never null */
    List<String> tagList() {
        return (this.tags != null) ? this.tags : List.of();
    }
}
