package io.tetherdb.spring.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.error.ReadOnlyStoreException;
import io.tetherdb.error.StoreClosedException;
import io.tetherdb.error.TetherException;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.spring.backup.TetherDbBackups;
import io.tetherdb.update.InvalidUpdateException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StreamUtils;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The data console: its page, static files and JSON API as one Spring MVC
 * {@link RouterFunction} under a path. Reads are always served; writes only when the console was
 * created with writes allowed, and every request that is not a GET must carry the token that the
 * page holds (header {@value #TOKEN_HEADER}), so that another site cannot make a browser write. It
 * answers errors as RFC 9457 problem details. Who may reach it (local requests, Spring Security) is
 * decided in front of it, by {@link ConsoleAccessFilter} and the security filter chain.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public class TetherDbConsole {

    /** Header that carries the console's own token on every request that is not a GET. */
    public static final String TOKEN_HEADER = "X-TetherDB-Console-Token";

    private static final Log logger = LogFactory.getLog(TetherDbConsole.class);

    private static final String STATIC = "io/tetherdb/spring/console/static/";

    /**
     * The page's policy: its own scripts and styles only, and nothing that could run a value of a
     * document as code.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final Map<String, TetherDB> stores;

    private final @Nullable TetherDbBackups backups;

    private final String path;

    private final boolean allowWrites;

    private final @Nullable ConsoleCsrfTokenResolver csrf;

    private final String token;

    private final String page;

    private final IndexBuilds builds = new IndexBuilds();

    private final ConsoleReads reads = new ConsoleReads(this.builds);

    private final ConsoleWrites writes;

    /**
     * @param stores the stores by bean name; not null
     * @param backups takes backups, or null when no backup directory is configured
     * @param path where the console is served, such as {@code /tetherdb-console}; not null
     * @param allowWrites whether the console may write
     * @param csrf finds the token of Spring Security's CSRF protection for the page, or null without it
     */
    public TetherDbConsole(Map<String, TetherDB> stores, @Nullable TetherDbBackups backups, String path,
            boolean allowWrites, @Nullable ConsoleCsrfTokenResolver csrf) {
        this.stores = new LinkedHashMap<>(Objects.requireNonNull(stores, "stores must not be null"));
        this.backups = backups;
        this.path = checkPath(path);
        this.allowWrites = allowWrites;
        this.csrf = csrf;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.page = read("index.html");
        this.writes = new ConsoleWrites(this.builds, backups);
    }

    /**
     * @param path a console path
     * @return the path
     * @throws IllegalArgumentException if it does not start with a slash, ends with one, or holds
     *         characters a path pattern would read as more than text
     */
    public static String checkPath(String path) {
        Objects.requireNonNull(path, "path must not be null");
        if (!path.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("'" + path + "' is not a console path: it must start with '/', not end "
                    + "with one, and hold only letters, digits and . _ ~ - between slashes, such as /tetherdb-console");
        }
        return path;
    }

    /** @return where the console is served */
    public String getPath() {
        return this.path;
    }

    /** @return whether the console may write */
    public boolean isAllowWrites() {
        return this.allowWrites;
    }

    /** @return the page, its files and its API */
    public RouterFunction<ServerResponse> routerFunction() {
        String api = this.path + "/api";
        String collection = api + "/stores/{store}/collections/{collection}";
        return RouterFunctions.route()
            .GET(this.path, this::redirectToPage)
            .GET(this.path + "/", this::page)
            .GET(api, (request) -> json(200, settings()))
            .GET(api + "/stores/{store}", (request) -> json(200, this.reads.store(name(request), store(request))))
            .GET(api + "/stores/{store}/collections",
                    (request) -> json(200, this.reads.collections(name(request), store(request))))
            .GET(collection + "/documents",
                    (request) -> json(200, this.reads.documents(collection(request), query(request))))
            .GET(collection + "/document",
                    (request) -> json(200, this.reads.document(collection(request), id(request))))
            .GET(collection + "/explain", (request) -> json(200, this.reads.explain(collection(request), query(request))))
            .POST(collection + "/aggregate", guarded(false, (request) -> {
                var body = ConsoleJson.readTree(body(request), "with the pipeline");
                return json(200, this.reads.aggregate(collection(request), body.path("pipeline").asString("[]"),
                        body.path("explain").asBoolean(false), this.allowWrites));
            }))
            .POST(collection + "/documents",
                    guarded(true, (request) -> json(201, this.writes.insert(collection(request), body(request)))))
            .PUT(collection + "/document", guarded(true,
                    (request) -> json(200, this.writes.replace(collection(request), id(request), body(request)))))
            .DELETE(collection + "/document",
                    guarded(true, (request) -> json(200, this.writes.delete(collection(request), id(request)))))
            .POST(collection + "/indexes", guarded(true, (request) -> json(201, this.writes.createIndex(name(request),
                    collection(request), ConsoleJson.readTree(body(request), "describing the index")))))
            .DELETE(collection + "/indexes/{index}", guarded(true,
                    (request) -> json(200, this.writes.dropIndex(collection(request), request.pathVariable("index")))))
            .POST(api + "/stores/{store}/cleanup",
                    guarded(true, (request) -> json(200, this.writes.cleanup(store(request)))))
            .POST(api + "/stores/{store}/backup", guarded(true, (request) -> {
                store(request);
                return json(200, this.writes.backup(name(request)));
            }))
            .resources(this.path + "/**", new ClassPathResource(STATIC),
                    (resource, headers) -> headers.setCacheControl("no-cache"))
            .filter((request, next) -> {
                try {
                    return next.handle(request);
                }
                catch (RuntimeException ex) {
                    return problem(request, ex);
                }
            })
            .build();
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("stores", List.copyOf(this.stores.keySet()));
        settings.put("allowWrites", this.allowWrites);
        settings.put("backupDirectory", (this.backups != null) ? this.backups.getDirectory().toString() : null);
        settings.put("maxResults", ConsoleReads.MAX_RESULTS);
        return settings;
    }

    // ---- the page

    private ServerResponse redirectToPage(ServerRequest request) {
        return ServerResponse.status(302)
            .header(HttpHeaders.LOCATION, request.servletRequest().getRequestURI() + "/")
            .build();
    }

    private ServerResponse page(ServerRequest request) {
        ConsoleCsrfTokenResolver.HeaderToken security = (this.csrf != null)
                ? this.csrf.resolve(request.servletRequest()) : null;
        String html = this.page.replace("{{token}}", HtmlUtils.htmlEscape(this.token))
            .replace("{{csrfHeader}}", (security != null) ? HtmlUtils.htmlEscape(security.headerName()) : "")
            .replace("{{csrfToken}}", (security != null) ? HtmlUtils.htmlEscape(security.value()) : "");
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        return ServerResponse.ok()
            .header(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .header("X-Content-Type-Options", "nosniff")
            .header("Referrer-Policy", "no-referrer")
            .build((servletRequest, servletResponse) -> {
                servletResponse.getOutputStream().write(bytes);
                return null;
            });
    }

    private static String read(String name) {
        Resource resource = new ClassPathResource(STATIC + name);
        try (InputStream in = resource.getInputStream()) {
            return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new IllegalStateException("The console's " + name + " is missing from the starter's jar", ex);
        }
    }

    // ---- requests

    /**
     * A handler for a request that is not a GET: it needs the page's token, and a write needs
     * writes allowed; both are checked before anything is read or written.
     */
    private HandlerFunction<ServerResponse> guarded(boolean write, HandlerFunction<ServerResponse> handler) {
        return (request) -> {
            String given = request.servletRequest().getHeader(TOKEN_HEADER);
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    this.token.getBytes(StandardCharsets.UTF_8))) {
                throw new ConsoleProblem(403, "Missing console token", "A request that is not a GET must carry the "
                        + "console page's token in the " + TOKEN_HEADER + " header: reload the console's page");
            }
            if (write && !this.allowWrites) {
                throw writesOff("This console is read-only");
            }
            return handler.handle(request);
        };
    }

    static ConsoleProblem writesOff(String what) {
        return new ConsoleProblem(403, "Writes are off", what
                + ": the console does not write unless tetherdb.console.allow-writes=true");
    }

    private static String name(ServerRequest request) {
        return request.pathVariable("store");
    }

    private TetherDB store(ServerRequest request) {
        TetherDB db = this.stores.get(name(request));
        if (db == null) {
            throw ConsoleProblem.notFound("No TetherDB store named '" + name(request) + "'; the stores are "
                    + this.stores.keySet());
        }
        return db;
    }

    private TetherCollection collection(ServerRequest request) {
        return store(request).collection(request.pathVariable("collection"));
    }

    private static String id(ServerRequest request) {
        return request.param("id")
            .filter((id) -> !id.isEmpty())
            .orElseThrow(() -> ConsoleProblem.badRequest("The document's _id is missing: add ?id=..."));
    }

    private static ConsoleReads.Query query(ServerRequest request) {
        return new ConsoleReads.Query(request.param("filter").orElse(null), request.param("sort").orElse(null),
                request.param("projection").orElse(null), request.param("skip").orElse(null),
                request.param("limit").orElse(null));
    }

    private static String body(ServerRequest request) throws IOException {
        HttpServletRequest servletRequest = request.servletRequest();
        return StreamUtils.copyToString(servletRequest.getInputStream(), StandardCharsets.UTF_8);
    }

    // ---- answers

    private static ServerResponse json(int status, Object value) {
        return write(status, "application/json", ConsoleJson.write(value));
    }

    private static ServerResponse write(int status, String contentType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // written here, not by the application's message converters, whose settings the page cannot know
        return ServerResponse.status(status)
            .header(HttpHeaders.CONTENT_TYPE, contentType)
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .build((servletRequest, servletResponse) -> {
                servletResponse.getOutputStream().write(bytes);
                return null;
            });
    }

    private static ServerResponse problem(ServerRequest request, RuntimeException ex) {
        ConsoleProblem problem = asProblem(ex);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("instance", request.servletRequest().getRequestURI());
        body.putAll(problem.properties());
        return write(problem.status(), "application/problem+json", ConsoleJson.write(body));
    }

    private static ConsoleProblem asProblem(RuntimeException ex) {
        if (ex instanceof ConsoleProblem problem) {
            return problem;
        }
        if (ex instanceof InvalidQueryException || ex instanceof InvalidDocumentException
                || ex instanceof InvalidUpdateException || ex instanceof DocumentTooLargeException
                || ex instanceof IllegalArgumentException) {
            return new ConsoleProblem(400, "Invalid request", ex.getMessage(), ex);
        }
        if (ex instanceof DuplicateKeyException) {
            return new ConsoleProblem(409, "Duplicate key", ex.getMessage(), ex);
        }
        if (ex instanceof ReadOnlyStoreException) {
            return new ConsoleProblem(403, "Read-only store", ex.getMessage(), ex);
        }
        if (ex instanceof QueryTimeoutException) {
            return new ConsoleProblem(422, "Query took too long", ex.getMessage(), ex);
        }
        if (ex instanceof StoreClosedException) {
            return new ConsoleProblem(503, "Store unavailable", ex.getMessage(), ex);
        }
        if (ex instanceof TetherException) {
            logger.warn("TetherDB console request failed", ex);
            return new ConsoleProblem(500, "Store error", ex.getMessage(), ex);
        }
        logger.error("TetherDB console request failed", ex);
        return new ConsoleProblem(500, "Console error", "The console failed: " + ex.getClass().getName()
                + " (see the application's log)", ex);
    }

}
