package io.tetherdb.sample.web;

import io.tetherdb.sample.AbstractApiIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser security headers are on every response: the dashboard, its script, the API, the
 * actuator and errors. {@code HostileRequestIntegrationTests} checks them on the errors that the
 * servlet container forwards to {@code /error}, which MockMvc does not.
 */
class SecurityHeadersIntegrationTests extends AbstractApiIntegrationTests {

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        registerOfficeSensor();
        for (MvcTestResult result : new MvcTestResult[] { get("/"), get("/index.html"), get("/app.js"),
                get("/webjars/chart.js/dist/chart.umd.min.js"), get("/api/store"), get("/api/sensors/office-temp"),
                get("/actuator/health"), get("/actuator/metrics"), get("/api/nothing"),
                post("/api/readings", "{\"value\": 1}") }) {
            assertThat(result).hasHeader("X-Content-Type-Options", "nosniff")
                .hasHeader("X-Frame-Options", "DENY")
                .hasHeader("Referrer-Policy", "no-referrer")
                .hasHeader("Content-Security-Policy", SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
        }
    }

    @Test
    void thePolicyAllowsOnlyTheAppsOwnScriptsAndStylesAndNoFraming() {
        assertThat(get("/")).hasStatus(HttpStatus.OK).hasHeader("Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                        + "frame-ancestors 'none'");
        assertThat(get("/index.html")).bodyText().doesNotContain("<script>", "style=", "<style", "onclick=",
                "javascript:");
    }
}
