package io.tetherdb.internal.store;

/** For tests outside this package: how often interrupts closed a store file under an operation. */
public final class InterruptReopens {

    private InterruptReopens() {
    }

    /** @return reopens of store files after an interrupt closed them, in this JVM so far */
    public static long count() {
        return InterruptSafeFileChannel.reopens();
    }
}
