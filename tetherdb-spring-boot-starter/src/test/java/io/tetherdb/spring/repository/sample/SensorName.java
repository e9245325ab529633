package io.tetherdb.spring.repository.sample;

/**
 * A DTO projection of {@link Reading} with one property, for distinct queries.
 */
public record SensorName(String sensor) {
}
