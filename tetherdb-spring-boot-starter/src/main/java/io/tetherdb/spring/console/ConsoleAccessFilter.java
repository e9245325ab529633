package io.tetherdb.spring.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Keeps the console local: refuses, with a 403 problem detail, every request to the console's
 * path whose client address is not a loopback address, before anything else (Spring Security
 * included) sees it. It is meant to see every request ({@code /*}) and picks the console's itself. The address is the request's remote address: behind a proxy on the same
 * machine it is the proxy's, unless the application reads forwarded headers
 * ({@code server.forward-headers-strategy}).
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public class ConsoleAccessFilter extends OncePerRequestFilter {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final String path;

    /**
     * @param path the console's path, as {@link TetherDbConsole#checkPath(String)} accepts it
     */
    public ConsoleAccessFilter(String path) {
        this.path = TetherDbConsole.checkPath(path);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // decoded and without ;parameters, as Spring MVC matches it: /tetherdb%2Dconsole or
        // /tetherdb-console;x=1 must not slip past; and anywhere in the path, for a dispatcher
        // servlet mapped below the root (spring.mvc.servlet.path)
        String within = PATHS.getPathWithinApplication(request);
        return !within.endsWith(this.path) && !within.contains(this.path + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isLoopback(request.getRemoteAddr())) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Local requests only");
        problem.put("status", 403);
        problem.put("detail", "The TetherDB console answers requests from this machine only; "
                + "set tetherdb.console.allow-remote=true to serve others");
        problem.put("instance", request.getRequestURI());
        response.setStatus(403);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(ConsoleJson.write(problem).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String literal = (address.startsWith("[") && address.endsWith("]"))
                ? address.substring(1, address.length() - 1) : address;
        // only IP literals: a host name would need a DNS lookup, which the check must not make
        // (a name never holds a colon; an IPv4 literal is four numbers)
        if (!literal.contains(":") && !IPV4.matcher(literal).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }

}
