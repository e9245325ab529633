package io.tetherdb.sample.sensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tetherdb.spring.mapping.DocumentCollection;

/**
 * A sensor: a device that produces readings of one type in one unit at one location. An entity of
 * {@link SensorRepository}, stored in the {@code sensors} collection under its id (as {@code _id}),
 * without expiry; its JSON form in the API is the same document.
 *
 * @param id unique id, 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, starting with a
 *        letter or digit
 * @param type what it measures, such as {@code temperature}
 * @param unit unit of its values, such as {@code °C}
 * @param location where it is; null if unknown
 * @since 0.1
 */
@DocumentCollection("sensors")
public record Sensor(String id, String type, String unit, String location) {

    /** The form of sensor ids (and reading ids). */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Longest type, unit or location, in characters. */
    public static final int MAX_TEXT = 64;

    /**
     * Lists what is wrong with this sensor as a request body.
     *
     * @param pathId the id in the request path, which the body's id must match if it has one; null
     *        when the id comes from the body
     * @return the problems, empty if none
     */
    public List<String> problems(String pathId) {
        List<String> problems = new ArrayList<>();
        if (pathId == null) {
            checkId(problems, "id", this.id);
        }
        else if (this.id != null && !this.id.equals(pathId)) {
            problems.add("id: '" + this.id + "' differs from the id '" + pathId + "' in the path");
        }
        checkText(problems, "type", this.type, true);
        checkText(problems, "unit", this.unit, true);
        checkText(problems, "location", this.location, false);
        return problems;
    }

    /**
     * @param problems receives a message if the id is invalid; not null
     * @param field the field name used in the message; not null
     * @param id the id to check; null is reported as missing
     */
    public static void checkId(List<String> problems, String field, String id) {
        if (id == null) {
            problems.add(field + ": is required");
        }
        else if (!ID.matcher(id).matches()) {
            problems.add(field + ": '" + id + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit");
        }
    }

    /**
     * @param problems receives a message if the text is invalid; not null
     * @param field the field name used in the message; not null
     * @param text the text to check
     * @param required whether null and blank are problems
     */
    public static void checkText(List<String> problems, String field, String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                problems.add(field + ": is required");
            }
        }
        else if (text.length() > MAX_TEXT) {
            problems.add(field + ": must be at most " + MAX_TEXT + " characters but has " + text.length());
        }
    }

    /**
     * @param id the id to give the copy; not null
     * @return a copy of this sensor with that id
     */
    public Sensor withId(String id) {
        return new Sensor(id, this.type, this.unit, this.location);
    }
}
