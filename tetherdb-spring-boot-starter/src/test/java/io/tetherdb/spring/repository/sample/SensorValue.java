package io.tetherdb.spring.repository.sample;

/**
 * A DTO projection of {@link Reading}.
 */
public record SensorValue(String sensor, double value) {
}
