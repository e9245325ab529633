package io.tetherdb.benchmarks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The documents every contender stores: the same content, generated from a fixed seed, so that
 * each system writes byte-for-byte the same fields. A document is about 200 bytes as JSON: a name,
 * an age from 0 to 79, one of 50 cities, two tags, a score and a 100-character text. One document
 * in {@value #TTL_EVERY} carries a time-to-live. Documents are generated when asked for, from the
 * random generator's state saved every {@value #BLOCK} documents, so a workload of 10,000,000
 * documents holds about 300 KB instead of 8 GB; document {@code i} is the same as in the sequential
 * generation of {@link #forEach}, whatever order they are asked for in.
 *
 * <p>Thread-safe: the checkpoints are immutable and the one cached block is swapped atomically.
 *
 * @since 0.1
 */
public final class Workload {

    /** One document in this many expires (1%). */
    static final int TTL_EVERY = 100;

    /** Documents generated together from one checkpoint; asking for them in order regenerates each once. */
    static final int BLOCK = 256;

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "sensor", "reading",
        "battery", "signal", "north", "south", "meter", "valve", "pump", "relay"};

    private final int count;
    /** The generator's state before the first document of each block. */
    private final long[] checkpoints;
    private volatile Block cached;

    /** A run of generated documents starting at {@code first}. */
    private record Block(int first, Map<String, Object>[] documents) {
    }

    private Workload(int count, long[] checkpoints) {
        this.count = count;
        this.checkpoints = checkpoints;
    }

    /**
     * @param count number of documents
     * @param seed seed of the content; the same seed gives the same documents
     * @return the workload (one sequential pass over the generator records its checkpoints)
     */
    public static Workload generate(int count, long seed) {
        long[] checkpoints = new long[(count + BLOCK - 1) / BLOCK];
        SteppedRandom random = SteppedRandom.seeded(seed);
        for (int i = 0; i < count; i++) {
            if (i % BLOCK == 0) {
                checkpoints[i / BLOCK] = random.state;
            }
            document(random, i);
        }
        return new Workload(count, checkpoints);
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
            sink.accept(idOf(i), document(random, i));
        }
    }

    /** Generates document {@code i} from a generator in the state left by document {@code i - 1}. */
    static Map<String, Object> document(Random random, int i) {
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
        return count;
    }

    /** @param i index @return the document's fields, without id (unmodifiable) */
    public Map<String, Object> document(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("Document " + i + " of a workload of " + count);
        }
        Block block = cached;
        if (block == null || i < block.first() || i >= block.first() + block.documents().length) {
            block = generateBlock(i / BLOCK);
            cached = block;
        }
        return block.documents()[i - block.first()];
    }

    @SuppressWarnings("unchecked")
    private Block generateBlock(int index) {
        int first = index * BLOCK;
        Map<String, Object>[] documents = new Map[Math.min(BLOCK, count - first)];
        SteppedRandom random = SteppedRandom.atState(checkpoints[index]);
        for (int k = 0; k < documents.length; k++) {
            documents[k] = document(random, first + k);
        }
        return new Block(first, documents);
    }

    /** @param i index @return the document's id */
    public String id(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("Document " + i + " of a workload of " + count);
        }
        return idOf(i);
    }

    private static String idOf(int i) {
        String digits = Integer.toString(i);
        return digits.length() >= 9 ? digits : "000000000".substring(digits.length()) + digits;
    }

    /** @param i index @return whether this document carries a time-to-live */
    static boolean expires(int i) {
        return i % TTL_EVERY == TTL_EVERY / 2;
    }

    /**
     * {@link Random}'s own linear congruential generator (its algorithm is specified in its
     * Javadoc, and {@code nextInt(int)} and {@code nextDouble()} are defined on {@code next(int)}),
     * with the 48-bit state readable and settable, so that generation can restart mid-sequence.
     * Not thread-safe.
     */
    static final class SteppedRandom extends Random {

        private static final long MULTIPLIER = 0x5DEECE66DL;
        private static final long MASK = (1L << 48) - 1;

        long state;

        private SteppedRandom(long state) {
            super(0);
            this.state = state;
        }

        /** @return a generator seeded like {@code new Random(seed)} */
        static SteppedRandom seeded(long seed) {
            return new SteppedRandom((seed ^ MULTIPLIER) & MASK);
        }

        /** @return a generator continuing from a state read from another one */
        static SteppedRandom atState(long state) {
            return new SteppedRandom(state);
        }

        @Override
        protected int next(int bits) {
            state = (state * MULTIPLIER + 0xBL) & MASK;
            return (int) (state >>> (48 - bits));
        }
    }
}
