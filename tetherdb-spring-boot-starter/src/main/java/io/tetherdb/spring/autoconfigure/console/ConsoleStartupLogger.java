package io.tetherdb.spring.autoconfigure.console;

import io.tetherdb.spring.console.TetherDbConsole;
import jakarta.servlet.ServletContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.WebApplicationContext;

/**
 * Logs, once the application is ready (and so its web server has started), where the console is
 * and who may use it: the address with the port when the application runs a web server, else the
 * path.
 *
 * <p>Thread-safe.
 */
final class ConsoleStartupLogger implements ApplicationListener<ApplicationReadyEvent> {

    private static final Log logger = LogFactory.getLog(TetherDbConsole.class);

    private static final boolean WEB_SERVER_PRESENT = ClassUtils.isPresent(
            "org.springframework.boot.web.server.context.WebServerApplicationContext",
            ConsoleStartupLogger.class.getClassLoader());

    private final TetherDbConsole console;

    private final TetherDbConsoleProperties properties;

    private final boolean secured;

    ConsoleStartupLogger(TetherDbConsole console, TetherDbConsoleProperties properties, boolean secured) {
        this.console = console;
        this.properties = properties;
        this.secured = secured;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (logger.isInfoEnabled()) {
            logger.info(message(event.getApplicationContext()));
        }
    }

    String message(ApplicationContext context) {
        String path = contextPath(context) + this.console.getPath() + "/";
        int port = WEB_SERVER_PRESENT ? WebServerPort.of(context) : -1;
        String where = (port > 0) ? scheme(context.getEnvironment()) + "://localhost:" + port + path : path;
        return "TetherDB console available at " + where + " (" + (this.console.isAllowWrites() ? "writes allowed"
                : "read-only") + "; " + (this.properties.isAllowRemote() ? "remote requests allowed" : "local requests only")
                + (this.secured ? "; Spring Security role " + this.properties.getRole() : "") + ")";
    }

    private static String contextPath(ApplicationContext context) {
        if (context instanceof WebApplicationContext web) {
            ServletContext servletContext = web.getServletContext();
            if (servletContext != null) {
                return servletContext.getContextPath();
            }
        }
        return "";
    }

    private static String scheme(Environment environment) {
        return (environment.containsProperty("server.ssl.bundle") || environment.containsProperty("server.ssl.key-store")
                || environment.containsProperty("server.ssl.certificate")) ? "https" : "http";
    }

    /** Kept apart so that the web server's classes are loaded only when present. */
    private static final class WebServerPort {

        static int of(ApplicationContext context) {
            if (context instanceof org.springframework.boot.web.server.context.WebServerApplicationContext server
                    && server.getWebServer() != null) {
                return server.getWebServer().getPort();
            }
            return -1;
        }

    }

}
