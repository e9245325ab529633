package io.tetherdb;

import io.tetherdb.document.Document;

/** Test data that reads like data: {@code json("{name: 'a', tags: ['x']}")}. */
public final class Documents {

    private Documents() {
    }

    public static Document json(String relaxedJson) {
        return Document.parse(relaxedJson);
    }
}
