package io.tetherdb.document;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates document ids shaped like MongoDB ObjectIds: 24 lowercase hex digits holding a 4-byte
 * timestamp in seconds, 5 random bytes fixed for the process, and a 3-byte counter. Ids from one
 * process are unique and strictly increasing, so they sort by creation time; within one second the
 * counter orders them, and if it overflows the timestamp part moves ahead by a second rather than
 * repeat or go backwards.
 *
 * <p>Thread-safe and lock-free.
 *
 * @since 0.1
 */
public final class IdGenerator {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long COUNTER_MASK = 0xFFFFFF;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PROCESS_UNIQUE = RANDOM.nextLong() & 0xFF_FFFF_FFFFL;
    /** Seconds in the upper bits, counter in the lower 24, shared by every store in the process. */
    private static final AtomicLong STATE = new AtomicLong();

    private final Clock clock;

    /**
     * @param clock the clock whose seconds go into the ids; not null
     */
    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    /** @return a new unique id */
    public String next() {
        long seconds = Math.floorDiv(clock.millis(), 1000L) & 0xFFFF_FFFFL;
        long next;
        long previous;
        do {
            previous = STATE.get();
            long previousSeconds = previous >>> 24;
            if (seconds > previousSeconds) {
                // start low in a new second so that millions of ids fit before an overflow
                next = (seconds << 24) | (RANDOM.nextInt(1 << 16));
            } else {
                next = previous + 1;
            }
        } while (!STATE.compareAndSet(previous, next));
        return format(next >>> 24, next & COUNTER_MASK);
    }

    private static String format(long seconds, long counter) {
        char[] out = new char[24];
        writeHex(out, 0, seconds, 8);
        writeHex(out, 8, PROCESS_UNIQUE, 10);
        writeHex(out, 18, counter, 6);
        return new String(out);
    }

    private static void writeHex(char[] out, int offset, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
