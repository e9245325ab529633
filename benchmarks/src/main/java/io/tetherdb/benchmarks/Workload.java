package io.tetherdb.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The documents every contender stores: the same content, generated from a fixed seed, so that
 * each system writes byte-for-byte the same fields. A document is about 200 bytes as JSON: a name,
 * an age from 0 to 79, one of 50 cities, two tags, a score and a 100-character text. One document
 * in {@value #TTL_EVERY} carries a time-to-live.
 *
 * <p>Immutable after construction; thread-safe.
 *
 * @since 0.1
 */
public final class Workload {

    /** One document in this many expires (1%). */
    static final int TTL_EVERY = 100;

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "sensor", "reading",
        "battery", "signal", "north", "south", "meter", "valve", "pump", "relay"};

    private final List<Map<String, Object>> documents;
    private final List<String> ids;

    private Workload(List<Map<String, Object>> documents, List<String> ids) {
        this.documents = documents;
        this.ids = ids;
    }

    /**
     * @param count number of documents
     * @param seed seed of the content; the same seed gives the same documents
     * @return the workload
     */
    public static Workload generate(int count, long seed) {
        List<Map<String, Object>> documents = new ArrayList<>(count);
        List<String> ids = new ArrayList<>(count);
        forEach(count, seed, (id, document) -> {
            ids.add(id);
            documents.add(document);
        });
        return new Workload(Collections.unmodifiableList(documents), Collections.unmodifiableList(ids));
    }

    /** Receives generated documents one at a time. */
    interface Sink {
        void accept(String id, Map<String, Object> document);
    }

    /**
     * Generates the same documents as {@link #generate} without holding them all in memory.
     *
     * @param count number of documents
     * @param seed seed of the content
     * @param sink receives each document with its id, in order
     */
    static void forEach(int count, long seed, Sink sink) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            sink.accept(String.format("%09d", i), document(random, i));
        }
    }

    private static Map<String, Object> document(Random random, int i) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "user-" + i);
        doc.put("age", random.nextInt(80));
        doc.put("city", "city-" + random.nextInt(50));
        int tag = random.nextInt(20);
        doc.put("tags", List.of("tag-" + tag, "tag-" + (tag + 1 + random.nextInt(19)) % 20));
        doc.put("score", Math.round(random.nextDouble() * 100_000) / 100.0);
        StringBuilder text = new StringBuilder(100);
        while (text.length() < 100) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        text.setLength(100);
        doc.put("text", text.toString());
        return Collections.unmodifiableMap(doc);
    }

    /** @return how many documents there are */
    public int size() {
        return documents.size();
    }

    /** @param i index @return the document's fields, without id (unmodifiable) */
    public Map<String, Object> document(int i) {
        return documents.get(i);
    }

    /** @param i index @return the document's id */
    public String id(int i) {
        return ids.get(i);
    }

    /** @param i index @return whether this document carries a time-to-live */
    static boolean expires(int i) {
        return i % TTL_EVERY == TTL_EVERY / 2;
    }
}
