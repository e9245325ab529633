package io.tetherdb.crash;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherDBBuilder;
import io.tetherdb.event.ChangeHistory;

/**
 * The child of {@link EventSequenceKillNineIntegrationTests}: opens the store with a change history
 * and commits only on {@code flush()}, watches it, prints every delivered change as
 * {@code E sequence kind id .}, and writes rounds of puts and an update, flushing after some rounds
 * (then printing {@code F sequence}), until it is killed. So at the kill, changes are usually
 * delivered that no commit holds. Arguments: the store file, a label for the ids, a seed.
 */
public final class EventSequenceWorkload {

    /** The options parent and child open the store with (the child adds its flush policy). */
    static TetherDBBuilder store(Path file) {
        return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO)
                .changeHistory(ChangeHistory.retain(10_000_000, Duration.ofDays(3650)));
    }

    private EventSequenceWorkload() {
    }

    public static void main(String[] args) {
        String label = args[1];
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
        PrintStream out = System.out;
        // commits come only from flush(): the writes since the last one are what a kill loses
        TetherDB db = store(Path.of(args[0])).flushThreshold(Integer.MAX_VALUE).flushInterval(Duration.ZERO).open();
        db.watch(event -> {
            // one write per line, so that a line cut short by the kill lacks its closing " ."
            synchronized (out) {
                out.println("E " + event.sequence() + " " + event.kind() + " " + event.documentId() + " .");
                out.flush();
            }
        });
        TetherCollection items = db.collection("items");
        synchronized (out) {
            out.println("READY " + db.changeSequence());
            out.flush();
        }
        for (int n = 0;; ) {
            int puts = 1 + random.nextInt(20);
            for (int i = 0; i < puts; i++, n++) {
                items.put(Map.of("n", n, "label", label), PutOptions.id(label + "-" + n));
            }
            items.updateOne("{_id: '" + label + "-" + (n - 1) + "'}", "{$inc: {n: 1000}}");
            if (random.nextInt(4) == 0) {
                db.flush();
                synchronized (out) {
                    out.println("F " + db.changeSequence());
                    out.flush();
                }
            }
        }
    }
}
