package io.tetherdb.cli;

/**
 * The exit codes of the {@code tetherdb} command, documented in its help and the README. Constants only.
 *
 * @since 0.2
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /**
     * {@code verify} found problems, {@code import} skipped (or, with {@code --stop-on-error},
     * stopped at) bad lines, {@code repair} could not read everything, or {@code migrate} found a
     * collection whose count or checksum differs on the server.
     */
    public static final int PROBLEMS = 1;
    /**
     * The command line was wrong: an unknown option, a bad value, a filter that does not parse, an
     * unknown collection, a missing input file.
     */
    public static final int USAGE = 2;
    /**
     * The store could not be used (missing, locked, a directory, corrupt, not writable, failing
     * while read or written), or the output or a target file could not be written, or the MongoDB
     * server of {@code migrate} failed or refused.
     */
    public static final int STORE = 3;

    private ExitCodes() {
    }
}
