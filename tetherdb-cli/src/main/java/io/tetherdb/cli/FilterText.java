package io.tetherdb.cli;

import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;
import io.tetherdb.document.ExtendedJsonException;

/** Reads a filter given on the command line. Stateless. */
final class FilterText {

    private FilterText() {
    }

    /** @return the filter as a document; a filter that does not parse is a usage error */
    static Document parse(String text) {
        try {
            return ExtendedJson.parseFilter(text);
        } catch (ExtendedJsonException e) {
            throw CliFailure.usage("the filter " + text + " is not valid: " + e.getMessage());
        }
    }
}
