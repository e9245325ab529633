package io.tetherdb.sample.web;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.convert.DurationStyle;

/**
 * A period of time ending now, such as the last 24 hours, given in a request as a duration:
 * {@code 24h}, {@code 30m}, {@code 7d} or ISO-8601 {@code PT24H}.
 *
 * @param length the length of the window; positive
 * @since 0.1
 */
public record TimeWindow(Duration length) {

    /**
     * Parses a duration parameter of a request.
     *
     * @param name the parameter's name, for the error message; not null
     * @param text the parameter's value; not null
     * @param max the longest duration accepted; not null
     * @return the duration
     * @throws InvalidRequestException if the text is not a positive duration of at most {@code max}
     */
    public static Duration parseDuration(String name, String text, Duration max) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text.trim());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidRequestException(name + " '" + text
                    + "' is not a duration; use a value such as 30m, 24h, 7d or PT24H");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new InvalidRequestException(name + " must be positive but was " + text);
        }
        if (duration.compareTo(max) > 0) {
            throw new InvalidRequestException(name + " must be at most " + max.toDays() + " days but was " + text);
        }
        return duration;
    }

    /**
     * @param text the window parameter of a request; not null
     * @param max the longest window accepted; not null
     * @return the window
     * @throws InvalidRequestException if the text is not a positive duration of at most {@code max}
     */
    public static TimeWindow parse(String text, Duration max) {
        return new TimeWindow(parseDuration("window", text, max));
    }

    /**
     * @param now the end of the window; not null
     * @return the start of the window
     */
    public Instant from(Instant now) {
        return now.minus(this.length);
    }
}
