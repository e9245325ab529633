package io.tetherdb.cli;

/**
 * A failure the command reports in one line on standard error and ends with the given exit code.
 * Immutable.
 *
 * @since 0.2
 */
public class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message what went wrong, for people; not null
     */
    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message what went wrong, for people; not null
     * @param cause the underlying failure; may be null
     */
    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return the exit code the command ends with */
    public int exitCode() {
        return exitCode;
    }

    /** @return a usage failure (exit code 2) */
    static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }
}
