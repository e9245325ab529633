package io.tetherdb.sample.reading;

/**
 * Statistics of one sensor's readings over a window of time ending now. {@code min}, {@code max}
 * and {@code average} are null when there is no reading in the window.
 *
 * @param sensorId the sensor
 * @param type what it measures; null if unknown
 * @param unit unit of its values; null if unknown
 * @param from start of the window, epoch milliseconds
 * @param to end of the window, epoch milliseconds
 * @param count number of readings in the window
 * @param min smallest value
 * @param max largest value
 * @param average mean value
 * @param latest value of the most recent reading
 * @param latestTs when the most recent reading was measured, epoch milliseconds; null if none
 * @since 0.1
 */
public record SensorStatistics(String sensorId, String type, String unit, long from, long to, long count, Double min,
        Double max, Double average, Double latest, Long latestTs) {
}
