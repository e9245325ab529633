package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tetherdb.document.Document;
import io.tetherdb.error.StoreLockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Other processes: a writer killed with SIGKILL, and a second opener of a locked file. */
@ExtendWith(TetherTestExtension.class)
class CrashRecoveryIntegrationTests {

    @TempDir
    Path directory;

    @Test
    void aKilledWriterLosesNoFlushedBatchAndNoCommitHoldsHalfABatch() throws Exception {
        Path file = directory.resolve("crash.db");
        int threads = 4;
        Process writer = ForkedStore.start("write", file.toString(), Integer.toString(threads));
        Map<Integer, Integer> flushedBatches = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            int flushes = 0;
            String line;
            while (flushes < 40 && (line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts[0].equals("FLUSHED")) {
                    flushedBatches.merge(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Math::max);
                    flushes++;
                }
            }
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(flushedBatches).isNotEmpty();

        try (TetherDB db = TetherDB.open(file)) {
            Map<String, Integer> perBatch = new HashMap<>();
            long total = db.count();
            for (int t = 0; t < threads; t++) {
                for (int b = 0; ; b++) {
                    if (db.get(t + "-" + b + "-0").isEmpty()) {
                        assertThat(b).as("thread %d lost flushed batches", t)
                                .isGreaterThan(flushedBatches.getOrDefault(t, -1));
                        break;
                    }
                    for (int i = 0; i < ForkedStore.BATCH; i++) {
                        Document doc = db.get(t + "-" + b + "-" + i).orElse(null);
                        assertThat(doc).as("document %d of batch %d of thread %d", i, b, t).isNotNull();
                        assertThat(doc.getString("payload")).hasSize(i % 50);
                    }
                    perBatch.merge(Integer.toString(t), ForkedStore.BATCH, Integer::sum);
                }
            }
            long whole = perBatch.values().stream().mapToLong(Integer::longValue).sum();
            assertThat(total).as("every stored document belongs to a whole batch").isEqualTo(whole);
            assertThat(total % ForkedStore.BATCH).isZero();
        }
    }

    @Test
    void anotherProcessCannotOpenAStoreThatIsOpen() throws Exception {
        Path file = directory.resolve("locked.db");
        Process holder = ForkedStore.start("hold", file.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("OPEN");
            byte[] before = Files.readAllBytes(file);

            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open())
                    .withMessageContaining(file.toString());

            assertThat(Files.readAllBytes(file)).isEqualTo(before);
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
        }
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.count()).isEqualTo(1);
        }
    }
}
