package io.tetherdb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.error.TetherException;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.query.InvalidQueryException;

/**
 * Sorts the core's exceptions into the command's exit codes and into document problems (a bad
 * line of an import) versus store failures. The one place that names the core's exception
 * classes. Stateless.
 */
final class FailureTranslator {

    private FailureTranslator() {
    }

    /** @return the exit code a command ends with when it fails with this exception */
    static int exitCode(Throwable e) {
        if (e instanceof CliFailure failure) {
            return failure.exitCode();
        }
        if (e instanceof InvalidQueryException || e instanceof MalformedJsonException
                || e instanceof IllegalArgumentException) {
            // a filter, sort, projection or option value given on the command line
            return ExitCodes.USAGE;
        }
        return ExitCodes.STORE;
    }

    /** @return the message a failing command prints, without a stack trace */
    static String message(Throwable e) {
        if (e instanceof CliFailure || e instanceof TetherException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            Throwable io = e instanceof UncheckedIOException ? e.getCause() : e;
            return "I/O error: " + io;
        }
        return "unexpected error: " + e;
    }

    /**
     * @return whether a write failed because of the document itself (its id is taken, it is too
     *         large, it holds what a store refuses), so that an import can skip it and go on
     */
    static boolean isDocumentProblem(RuntimeException e) {
        return e instanceof DuplicateKeyException || e instanceof InvalidDocumentException
                || e instanceof DocumentTooLargeException;
    }
}
