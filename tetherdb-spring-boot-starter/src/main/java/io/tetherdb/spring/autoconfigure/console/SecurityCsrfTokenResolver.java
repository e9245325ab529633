package io.tetherdb.spring.autoconfigure.console;

import io.tetherdb.spring.console.ConsoleCsrfTokenResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfToken;

/**
 * Finds Spring Security's CSRF token for the console's page in the request, where Security's
 * {@code CsrfFilter} put it.
 *
 * <p>Stateless and thread-safe.
 */
final class SecurityCsrfTokenResolver implements ConsoleCsrfTokenResolver {

    @Override
    public @Nullable HeaderToken resolve(HttpServletRequest request) {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            return new HeaderToken(token.getHeaderName(), token.getToken());
        }
        return null;
    }

}
