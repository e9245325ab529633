package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.query.Filter;
import io.tetherdb.update.Update;
import io.tetherdb.update.Updates;

/** The update operations on a file-backed store, plus what only a file shows: concurrency and reopening. */
class FileUpdateOperationsTests extends AbstractUpdateOperationsTests {

    @TempDir
    static Path directory;

    private Path file;

    @Override
    protected TetherDB open(TetherDBBuilder builder) {
        if (file == null) {
            file = directory.resolve("update-" + System.nanoTime() + ".db");
        }
        return builder.path(file).open();
    }

    @Test
    void eightThreadsIncrementingTheSameDocumentsLoseNoIncrement() throws Exception {
        int documents = 4;
        int perThread = 500;
        for (int d = 0; d < documents; d++) {
            items.put(json("{_id: 'c" + d + "', n: 0, byFilter: 0}"));
        }
        items.createIndex("{byFilter: 1}");
        Update inc = Updates.inc("n", 1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "c" + ((thread + i) % documents);
                        if (i % 2 == 0) {
                            items.updateOne(Filter.parse("{_id: '" + id + "'}"), inc);
                        } else {
                            // a filter that is not an _id lookup goes through the find machinery
                            items.updateOne("{_id: {$in: ['" + id + "']}, byFilter: {$gte: 0}}", "{$inc: {n: 1}}");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        long total = 0;
        for (int d = 0; d < documents; d++) {
            total += items.get("c" + d).orElseThrow().getInteger("n");
        }
        assertThat(total).isEqualTo(8L * perThread);
        assertThat(db.verify().isClean()).isTrue();
        db.close();
        db = open(builder());
        items = db.collection("items");
        assertThat(items.find().toList().stream().mapToInt(d -> d.getInteger("n")).sum()).isEqualTo(8 * perThread);
    }
}
