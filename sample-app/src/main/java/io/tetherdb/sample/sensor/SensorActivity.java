package io.tetherdb.sample.sensor;

import io.tetherdb.spring.mapping.DocumentCollection;

import org.springframework.data.annotation.Id;

/**
 * How active a sensor is: how many readings it has sent and the time of its latest one. Kept in
 * the {@code sensor-activity} collection under the sensor id, and changed only by update operators
 * ({@code $inc} of the count, {@code $max} of the time, upserting the first time), so concurrent
 * readings of one sensor never lose a count.
 *
 * @param sensorId the sensor's id, stored as {@code _id}
 * @param readings how many readings were stored for it
 * @param lastSeen the latest reading time, epoch milliseconds
 * @since 0.2
 */
@DocumentCollection("sensor-activity")
public record SensorActivity(@Id String sensorId, long readings, long lastSeen) {
}
