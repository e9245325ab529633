package io.tetherdb.internal.aggregate;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.tetherdb.document.Document;

/**
 * One compiled stage: turns the stream of documents before it into the stream after it, lazily.
 * Closing the output stream closes the input. Immutable and thread-safe; each run gets its own
 * streams.
 */
@FunctionalInterface
interface Stage {

    Stream<Document> apply(Stream<Document> input, RunContext context);

    /**
     * A stage that must see its whole input before it gives its first document: the body runs when
     * the first result is asked for, not when the pipeline is built.
     */
    static Stream<Document> blocking(Stream<Document> input, Function<Iterator<Document>, Iterator<Document>> body) {
        return StreamSupport.stream(() -> Spliterators.spliteratorUnknownSize(body.apply(input.iterator()),
                Spliterator.ORDERED), Spliterator.ORDERED, false).onClose(input::close);
    }
}
