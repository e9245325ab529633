package io.tetherdb.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.query.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/events.md, as written there, so that the page stays true. */
@ExtendWith(TetherTestExtension.class)
class EventsDocExampleTests {

    @TempDir
    Path directory;

    @Test
    void theWatchExampleRunsAsWritten() throws Exception {
        Path path = directory.resolve("app.db");
        List<String> log = new CopyOnWriteArrayList<>();
        long lastSeen;
        // --- docs/events.md: watch
        try (TetherDB db = TetherDB.builder().path(path)
                .changeHistory(ChangeHistory.retain(100_000, Duration.ofDays(7)))
                .open()) {
            TetherCollection readings = db.collection("readings");
            ChangeSubscription subscription = readings.watch(
                    WatchOptions.defaults().fullDocumentBefore(true).documentFilter(Filter.parse("{sensor: 'boiler'}")),
                    event -> {
                        switch (event.kind()) {
                            case INSERT -> log.add("new " + event.fullDocument().orElseThrow().get("value"));
                            case UPDATE -> log.add("changed " + event.updateDescription().orElseThrow().updatedFields());
                            case EXPIRE -> log.add("expired " + event.documentId() + " by " + event.expiryCause().orElseThrow());
                            default -> log.add(event.kind() + " " + event.documentId());
                        }
                    });
            readings.put(Map.of("sensor", "boiler", "value", 71), PutOptions.id("r1").ttl(Duration.ofHours(1)));
            readings.put(Map.of("sensor", "garage", "value", 12));
            readings.updateOne("{_id: 'r1'}", "{$inc: {value: 2}}");
            readings.delete("r1");
            // ... later
            lastSeen = awaitDelivered(subscription, db.changeSequence());
            subscription.close();
        }
        // --- end

        // --- docs/events.md: resume
        try (TetherDB db = TetherDB.builder().path(path)
                .changeHistory(ChangeHistory.retain(100_000, Duration.ofDays(7)))
                .open();
                ChangeSubscription again = db.watch(WatchOptions.defaults().resumeAfter(lastSeen),
                        event -> log.add("after restart: " + event.kind() + " " + event.sequence()))) {
            db.collection("readings").put(Map.of("sensor", "boiler", "value", 80));
            awaitDelivered(again, db.changeSequence());
        }
        // --- end
        assertThat(log).containsExactly("new 71", "changed {value=73}", "DELETE r1", "after restart: INSERT 5");
    }

    private static long awaitDelivered(ChangeSubscription subscription, long sequence) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (subscription.lastDeliveredSequence() < sequence && System.nanoTime() < deadline) {
            RecordingListener.sleep(Duration.ofMillis(5));
        }
        assertThat(subscription.lastDeliveredSequence()).isEqualTo(sequence);
        return subscription.lastDeliveredSequence();
    }
}
