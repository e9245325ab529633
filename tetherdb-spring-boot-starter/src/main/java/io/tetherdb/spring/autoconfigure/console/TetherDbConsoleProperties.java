package io.tetherdb.spring.autoconfigure.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the data console, bound from {@code tetherdb.console.*}: whether it
 * is served, where, whether it may write, who may reach it.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 *
 * @since 0.2
 */
@ConfigurationProperties("tetherdb.console")
public class TetherDbConsoleProperties {

    /**
     * Whether the data console is served (Spring MVC applications only).
     */
    private boolean enabled;

    /**
     * Path of the console's page; its API is below it, at PATH/api.
     */
    private String path = "/tetherdb-console";

    /**
     * Whether the console may write: insert, edit and delete documents, create and drop indexes,
     * run an expiry sweep, take a backup. When false the server refuses every write with a 403.
     */
    private boolean allowWrites;

    /**
     * Whether requests from other machines are served. When false only requests from a loopback
     * address are.
     */
    private boolean allowRemote;

    /**
     * Role a user needs for the console when Spring Security is present (without the "ROLE_"
     * prefix).
     */
    private String role = "TETHERDB_CONSOLE";

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return this.path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public boolean isAllowWrites() {
        return this.allowWrites;
    }

    public void setAllowWrites(boolean allowWrites) {
        this.allowWrites = allowWrites;
    }

    public boolean isAllowRemote() {
        return this.allowRemote;
    }

    public void setAllowRemote(boolean allowRemote) {
        this.allowRemote = allowRemote;
    }

    public String getRole() {
        return this.role;
    }

    public void setRole(String role) {
        this.role = role;
    }

}
