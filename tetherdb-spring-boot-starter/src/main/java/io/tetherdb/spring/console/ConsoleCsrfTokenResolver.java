package io.tetherdb.spring.console;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Finds the CSRF token that a framework in front of the console (Spring Security) expects on the
 * console's writes, so that the page can send it beside the console's own token.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface ConsoleCsrfTokenResolver {

    /**
     * @param request the request for the console's page; not null
     * @return the header and token the page must send on writes, or null if there is none
     */
    @Nullable HeaderToken resolve(HttpServletRequest request);

    /**
     * A CSRF token and the request header that carries it.
     *
     * @param headerName the header's name
     * @param value the token
     */
    record HeaderToken(String headerName, String value) {
    }

}
