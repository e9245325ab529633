package io.tetherdb.sample.reading;

import java.util.List;

/**
 * A sensor's values over a window of time, oldest first, for a chart. When the window holds more
 * readings than the points asked for, each point is the average of the readings in an equal slice
 * of the window, placed at their average time.
 *
 * @param sensorId the sensor
 * @param unit unit of the values; null if unknown
 * @param from start of the window, epoch milliseconds
 * @param to end of the window, epoch milliseconds
 * @param readings number of readings in the window
 * @param points the points, oldest first
 * @since 0.1
 */
public record Series(String sensorId, String unit, long from, long to, long readings, List<Point> points) {

    /**
     * One point of a series.
     *
     * @param ts time, epoch milliseconds
     * @param value value, or the average of a slice's values
     */
    public record Point(long ts, double value) {
    }
}
