package io.tetherdb.sample.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's last resort for an error that no servlet answered, such as a request whose path Tomcat
 * refuses before the application sees it ({@code /api%2Freadings}, {@code /../x}, an invalid
 * percent-escape): an RFC 9457 problem detail with the security headers, in place of Tomcat's HTML
 * error page. Errors that reach the application are answered by {@link ApiExceptionHandler} and
 * {@link ProblemErrorController}, so this writes only when nothing has been written. The request's
 * path is left out, since Tomcat found it invalid.
 *
 * <p>Stateless and thread-safe, as Tomcat requires of a valve.
 *
 * @since 0.2
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            // the connection is broken: nobody would read the problem
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = (known != null) ? known.getReasonPhrase() : "Error";
        String detail = (status >= 500) ? "The server failed to answer the request"
                : "The server refused the request before the application saw it: its path or its headers are not"
                        + " valid HTTP";
        try {
            SecurityHeadersFilter.setHeaders(response);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // the client went away or the response cannot be written: there is no one to tell
        }
    }
}
