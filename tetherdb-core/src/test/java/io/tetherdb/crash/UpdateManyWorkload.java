package io.tetherdb.crash;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.query.Filter;
import io.tetherdb.update.Update;

/**
 * The child of {@link UpdateManyKillNineIntegrationTests}: fills a collection of {@value #DOCUMENTS}
 * counters (unless the file has them), then runs {@code updateMany} over all of them, round after
 * round, each round setting {@code round} and incrementing {@code n}, and prints {@code DONE r}
 * after each round is flushed, until it is killed. Arguments: the store file, the flush threshold.
 */
public final class UpdateManyWorkload {

    static final int DOCUMENTS = 3_000;

    private UpdateManyWorkload() {
    }

    public static void main(String[] args) {
        TetherDB db = TetherDB.builder().path(Path.of(args[0])).flushThreshold(Integer.parseInt(args[1])).open();
        TetherCollection counters = db.collection("counters");
        if (counters.count() == 0) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                documents.add(Map.of("_id", "d" + i, "i", i, "n", i, "round", 0, "pad", "x".repeat(i % 200)));
            }
            counters.putBatch(documents);
            counters.createIndex("{round: 1}");
            db.flush();
        }
        int round = (int) counters.find().first().orElseThrow().get("round");
        System.out.println("READY " + round);
        System.out.flush();
        while (true) {
            round++;
            counters.updateMany(Filter.all(), Update.parse("{$set: {round: " + round + "}, $inc: {n: 1}}"));
            db.flush();
            System.out.println("DONE " + round);
            System.out.flush();
        }
    }
}
