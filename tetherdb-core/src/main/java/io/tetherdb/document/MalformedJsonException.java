package io.tetherdb.document;

import io.tetherdb.error.TetherException;

/**
 * Thrown when JSON text cannot be read: a syntax error, nesting beyond the reader's limit, a
 * string, field name or number longer than its limit, or a number outside the range TetherDB
 * stores (the message then names its path); {@link Json} lists the limits. Carries the position of
 * the problem.
 *
 * @since 0.1
 */
public class MalformedJsonException extends TetherException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final long offset;

    /**
     * @param problem what is wrong; never null
     * @param line 1-based line of the problem, or -1 if unknown
     * @param column 1-based column of the problem, or -1 if unknown
     * @param offset 0-based character offset of the problem, or -1 if unknown
     * @param cause the parser's exception; may be null
     */
    public MalformedJsonException(String problem, int line, int column, long offset, Throwable cause) {
        super(problem + " (at line " + line + ", column " + column + ")", cause);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /** @return the 1-based line of the problem, or -1 if unknown */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the problem, or -1 if unknown */
    public int column() {
        return column;
    }

    /** @return the 0-based character offset of the problem, or -1 if unknown */
    public long offset() {
        return offset;
    }
}
