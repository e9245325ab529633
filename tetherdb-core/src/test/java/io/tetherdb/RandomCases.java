package io.tetherdb;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a randomized check over many generated cases, each from its own seed, so that a failure
 * names the one seed that replays it. The fuzz and property tests use it with generators of
 * their own, written against {@link Random}.
 *
 * <p>System properties: {@code -Dtetherdb.fuzz.seed=S} changes the base seed (default fixed, so
 * CI runs are repeatable); {@code -Dtetherdb.fuzz.scale=K} runs K times as many cases (default 1;
 * a long local run: 100); {@code -Dtetherdb.fuzz.replay=S} runs only the case of seed S, as
 * printed by a failure.
 */
public final class RandomCases {

    private static final long BASE_SEED = Long.getLong("tetherdb.fuzz.seed", 0x7e7_4e2dbL);
    private static final int SCALE = Integer.getInteger("tetherdb.fuzz.scale", 1);
    private static final Long REPLAY = Long.getLong("tetherdb.fuzz.replay");

    private RandomCases() {
    }

    /**
     * Runs {@code cases} cases (times the scale), each given a {@link Random} of its own seed.
     *
     * @param name names the check in failure messages; not null
     * @param cases cases to run at scale 1
     * @param check the check of one case; throws to fail it
     * @throws AssertionError naming the case's seed, with the failure as its cause
     */
    public static void run(String name, int cases, Consumer<Random> check) {
        if (REPLAY != null) {
            runOne(name, REPLAY, check);
            return;
        }
        long total = (long) cases * SCALE;
        long seeds = BASE_SEED ^ name.hashCode();
        Random seedSource = new Random(seeds);
        for (long i = 0; i < total; i++) {
            runOne(name, seedSource.nextLong(), check);
        }
    }

    private static void runOne(String name, long seed, Consumer<Random> check) {
        try {
            check.accept(new Random(seed));
        } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(name + " failed for seed " + seed + " (replay with -Dtetherdb.fuzz.replay="
                    + seed + "): " + e, e);
        }
    }
}
