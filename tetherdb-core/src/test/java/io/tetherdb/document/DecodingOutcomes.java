package io.tetherdb.document;

import static io.tetherdb.Outcomes.resultOrTyped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.tetherdb.internal.store.RecordFormat;

/**
 * The decoding side's contract on any bytes, shared by the seeded {@link DocumentCodecFuzzTests}
 * and the coverage-guided {@link DocumentDecoderGuidedFuzzTests}: every way the engine reads stored
 * bytes (a whole decode, a lazy view read field by field or whole, a record with its header) yields
 * a result or throws {@link MalformedDocumentException} with a message, never another throwable.
 * Stateless, so thread-safe.
 */
final class DecodingOutcomes {

    /** Names a filter or a cursor might look up: short ones the fuzzers produce, and the id. */
    static final List<String> PROBED_NAMES = List.of("a", "_id", "abc");

    private DecodingOutcomes() {
    }

    /** Decodes {@code bytes} as a document encoding: whole, lazily field by field, and lazily whole. */
    static void decodeEveryWay(byte[] bytes) {
        typedOrResult(() -> DocumentCodec.decode(bytes));
        typedOrResult(() -> readAll(DocumentCodec.lazy(bytes), PROBED_NAMES));
        typedOrResult(() -> DocumentCodec.toDocument(DocumentCodec.lazy(bytes)));
    }

    /** Decodes {@code record} as a stored record (flags, expiry, maybe compressed), every way the store does. */
    static void decodeRecordEveryWay(byte[] record, Collection<String> names) {
        typedOrResult(() -> RecordFormat.decode(record));
        typedOrResult(() -> readAll(RecordFormat.lazyDocument(record), names));
        typedOrResult(() -> RecordFormat.expiresAt(record));
        typedOrResult(() -> RecordFormat.isExpired(record, 0));
    }

    /** Reads a lazy view the ways a filter and a cursor do: named lookups, then every entry, then the size. */
    static Object readAll(Map<String, Object> lazy, Collection<String> names) {
        List<Object> seen = new ArrayList<>();
        for (String name : names) {
            seen.add(lazy.containsKey(name));
            seen.add(lazy.get(name));
        }
        for (Map.Entry<String, Object> e : lazy.entrySet()) {
            seen.add(e.getKey());
            seen.add(e.getValue());
        }
        seen.add(lazy.size());
        return seen;
    }

    /**
     * @return the decoding's result, or null if it threw {@link MalformedDocumentException}
     * @throws AssertionError if it threw anything else, or that exception without a message
     */
    static <T> T typedOrResult(java.util.function.Supplier<T> decoding) {
        return resultOrTyped(MalformedDocumentException.class, decoding);
    }
}
