package io.tetherdb.spring.console;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the console refuses or could not serve, answered as an RFC 9457 problem detail with
 * its status, a title, a detail and any further members (such as the position of a filter's error).
 *
 * <p>Immutable once thrown; thread-safe.
 */
final class ConsoleProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private final String title;

    private final Map<String, Object> properties = new LinkedHashMap<>();

    ConsoleProblem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    ConsoleProblem(int status, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.title = title;
    }

    static ConsoleProblem notFound(String detail) {
        return new ConsoleProblem(404, "Not found", detail);
    }

    static ConsoleProblem badRequest(String detail) {
        return new ConsoleProblem(400, "Invalid request", detail);
    }

    ConsoleProblem with(String name, Object value) {
        this.properties.put(name, value);
        return this;
    }

    int status() {
        return this.status;
    }

    String title() {
        return this.title;
    }

    Map<String, Object> properties() {
        return this.properties;
    }

}
