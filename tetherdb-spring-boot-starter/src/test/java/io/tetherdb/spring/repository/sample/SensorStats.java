package io.tetherdb.spring.repository.sample;

/**
 * Per-sensor statistics read from an aggregation's result documents.
 *
 * @param sensor the sensor
 * @param mean the mean value
 * @param n the number of readings
 */
public record SensorStats(String sensor, double mean, long n) {
}
