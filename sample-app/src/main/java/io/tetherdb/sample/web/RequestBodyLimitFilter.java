package io.tetherdb.sample.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the size of every request body, whatever the path. A body that declares a larger
 * {@code Content-Length}, or that turns out larger while it is read (chunked uploads: the bytes are
 * counted as they are read, through the input stream or the reader), makes reading
 * fail with a {@link BodyTooLargeException}; {@link ApiExceptionHandler} (for a body read by a
 * controller) or {@link ProblemErrorController} (for one read by another filter) answers 413.
 * Nothing is stored, because every endpoint reads its whole body before it writes.
 *
 * <p>It applies to every request rather than to {@code /api/**}: a path test on the raw request
 * URI misses spellings that the servlet container and Spring MVC map to the same controller
 * ({@code /api;x/readings}, {@code /%61pi/readings}), and repeating their normalisation here
 * would be one more place to get it wrong. No page or actuator endpoint takes a larger body.
 * {@link ApiWebConfiguration} registers it ahead of every other filter, so that no filter reads a
 * body before the limit is in place; bodies that the container parses itself (forms, multipart)
 * are capped in the container.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    /**
     * @param maxBytes largest body accepted, in bytes; positive
     */
    public RequestBodyLimitFilter(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive but was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
    }

    /**
     * Raised while a request body is read once it exceeds the limit.
     *
     * @since 0.1
     */
    public static final class BodyTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        private final long maxBytes;

        BodyTooLargeException(String message, long maxBytes) {
            super(message);
            this.maxBytes = maxBytes;
        }

        /** @return the limit that was exceeded, in bytes */
        public long maxBytes() {
            return this.maxBytes;
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;

        private ServletInputStream stream;

        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            long declared = getContentLengthLong();
            if (declared > this.maxBytes) {
                throw new BodyTooLargeException("Request body of " + declared + " bytes exceeds the limit of "
                        + this.maxBytes + " bytes", this.maxBytes);
            }
            if (this.stream == null) {
                this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
            }
            return this.stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            // the container's own reader would read the body past the limit
            if (this.reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset;
                try {
                    charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
                }
                catch (IllegalArgumentException ex) {
                    throw new UnsupportedEncodingException("Unsupported request character encoding '" + encoding + "'");
                }
                this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return this.reader;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;

        private final long maxBytes;

        private long read;

        LimitedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = this.delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = this.delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            this.read += n;
            if (this.read > this.maxBytes) {
                throw new BodyTooLargeException("Request body exceeds the limit of " + this.maxBytes + " bytes",
                        this.maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return this.delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.delegate.setReadListener(listener);
        }
    }
}
