package io.tetherdb.document;

/**
 * Thrown when MongoDB Extended JSON cannot be read into a TetherDB document: a syntax error, a
 * malformed type wrapper such as {@code {"$numberLong": 5}}, a BSON type TetherDB cannot hold such
 * as {@code $timestamp}, or a field name a store refuses. The message names the line, column and
 * path of the problem; {@link #resumable()} says whether a reader can go on with the next
 * document.
 *
 * @since 0.2
 */
public class ExtendedJsonException extends MalformedJsonException {

    private static final long serialVersionUID = 1L;

    private final transient boolean resumable;

    /**
     * @param problem what is wrong and at which path; never null
     * @param line 1-based line of the problem, or -1 if unknown
     * @param column 1-based column of the problem, or -1 if unknown
     * @param resumable whether reading can continue with the next document
     * @param cause the parser's exception; may be null
     */
    public ExtendedJsonException(String problem, int line, int column, boolean resumable, Throwable cause) {
        super(problem, line, column, -1, cause);
        this.resumable = resumable;
    }

    /**
     * @return whether an {@link ExtendedJsonReader} can read the documents after this one: true for
     *         a bad document, false for a syntax error inside a JSON array, after which the rest of
     *         the text cannot be split into documents
     */
    public boolean resumable() {
        return resumable;
    }
}
