package io.tetherdb.cli;

import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;
import io.tetherdb.document.ExtendedJsonException;

/** Reads a filter given on the command line. Stateless. */
final class FilterText {

    private FilterText() {
    }

    /**
     * Reads the filter as Extended JSON, so that it may compare with dates, longs and binary values.
     *
     * @return the filter as a document, or null when the text is no JSON that Jackson reads but may
     *         be the core's own relaxed syntax, such as a regular expression literal
     *         ({@code {name: /^jo/i}}): the caller then hands the text to the core, whose parser
     *         reports its errors with line and column
     * @throws CliFailure (usage) if the text is JSON with a malformed Extended JSON value
     */
    static Document parse(String text) {
        try {
            return ExtendedJson.parseFilter(text);
        } catch (ExtendedJsonException e) {
            if (e.getCause() != null) {
                // a syntax error (the parser's exception is the cause)
                return null;
            }
            throw CliFailure.usage("the filter " + text + " is not valid: " + e.getMessage());
        }
    }
}
