package io.tetherdb.crash;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.tetherdb.TestPasswords;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherDBBuilder;

/**
 * The child JVM of {@link KillNineIntegrationTests}: opens a store whose content is the state
 * after op {@code startAfter} of a {@link Workload}'s history, then runs the history's next ops
 * on it until it is killed. Before each op it appends {@code "<seq> <description>"} to its
 * journal file with an unbuffered write (which a SIGKILL cannot lose, unlike a power loss), so the
 * journal's last line bounds what the store can hold; after each {@code flush()} returns it
 * prints {@code FLUSHED <seq>} to standard output. It prints {@code OPENING} just before it opens
 * the store, {@code STARTED} once the store is open, and {@code ERROR ...} (then exits with 3) if
 * the store answers an op differently from the model. A {@code reopen} op closes the store, opens
 * it again and checks it with {@code verify()}.
 *
 * <p>Arguments: {@code FILE JOURNAL SEED START_AFTER FLUSH_THRESHOLD FLUSH_INTERVAL_MILLIS ADAPTIVE};
 * a threshold of 0 and an interval below 0 keep the store's defaults.
 */
public final class CrashWorkload {

    /** A child that was not killed stops by itself after this long, so that none outlives its test. */
    private static final long MAX_RUN_NANOS = Duration.ofSeconds(60).toNanos();

    private CrashWorkload() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Path journalFile = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        long startAfter = Long.parseLong(args[3]);
        int flushThreshold = Integer.parseInt(args[4]);
        long flushIntervalMillis = Long.parseLong(args[5]);
        boolean adaptive = Boolean.parseBoolean(args[6]);
        boolean encrypted = args.length > 7 && Boolean.parseBoolean(args[7]);

        Workload workload = new Workload(seed);
        workload.advanceTo(startAfter);
        TetherDBBuilder builder = TetherDB.builder().path(file).adaptiveFlush(adaptive);
        if (flushThreshold > 0) {
            builder.flushThreshold(flushThreshold);
        }
        if (flushIntervalMillis >= 0) {
            builder.flushInterval(Duration.ofMillis(flushIntervalMillis));
        }
        System.out.println("OPENING");
        System.out.flush();
        // never closed: the parent kills this JVM while it writes
        TetherDB db = TestPasswords.encryptedIf(encrypted, builder).open();
        long start = System.nanoTime();
        try (OutputStream journal = new FileOutputStream(journalFile.toFile(), false)) {
            System.out.println("STARTED");
            System.out.flush();
            while (System.nanoTime() - start < MAX_RUN_NANOS) {
                Workload.Op op = workload.next();
                journal.write((op.seq() + " " + op.description() + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                    if (op.isReopen()) {
                        db.close();
                        // the builder wiped the password it was given: give it again
                        db = TestPasswords.encryptedIf(encrypted, builder).open();
                        io.tetherdb.VerifyReport report = db.verify();
                        if (!report.isClean()) {
                            throw new IllegalStateException("verify() after a clean close and reopen: " + report);
                        }
                    }
                    op.run(db);
                } catch (RuntimeException e) {
                    System.out.println("ERROR op " + op.seq() + " (" + op.description() + "): " + e);
                    System.out.flush();
                    e.printStackTrace();
                    System.exit(3);
                }
                if (op.isFlush()) {
                    System.out.println("FLUSHED " + op.seq());
                    System.out.flush();
                    if (System.out.checkError()) {
                        // the parent has gone: stop writing into its temporary directory
                        System.exit(4);
                    }
                }
            }
        }
        System.out.println("TIMEOUT");
        System.out.flush();
        System.exit(5);
    }
}
