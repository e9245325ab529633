package io.tetherdb.sample.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sets the browser security headers on every response, the dashboard's and the API's, errors
 * included: no MIME sniffing, no framing, no referrer, and a Content-Security-Policy that lets a
 * page run only the scripts and styles the app serves itself. The dashboard has no inline script
 * or style, and Chart.js sets its canvas styles through the DOM, which the policy allows.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public class SecurityHeadersFilter implements Filter {

    /**
     * The Content-Security-Policy: scripts, styles, images and fetches from the app only; no
     * plugins, no {@code <base>} and no framing of the page.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // set before the chain runs, so that they are in place whoever writes the response
        if (response instanceof HttpServletResponse http) {
            setHeaders(http);
        }
        chain.doFilter(request, response);
    }

    /**
     * Sets the headers, replacing any of the same names: an error dispatch passes here a second
     * time, and {@link ProblemErrorReportValve} sets them on responses no filter saw.
     *
     * @param response the response; not null
     */
    static void setHeaders(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
