package io.tetherdb.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.ForkedStore;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.error.MemoryLimitExceededException;

/**
 * A {@code $group} whose groups hold more data than the heap: in a JVM with {@code -Xmx64m}, 100,000
 * documents of 800 characters each are grouped so that every payload is kept ({@code $push}), about
 * 80 MB of text in the groups. Without disk use the stage stops at its memory limit with a
 * typed error; with it, the groups spill to files beside the store and the run still returns
 * every group, after which the spill files are gone.
 */
class GroupBeyondHeapIntegrationTests {

    private static final int DOCUMENTS = 100_000;
    private static final int PAYLOAD = 800;

    @TempDir
    Path directory;

    @Test
    void groupsMoreDataThanTheHeapHoldsBySpillingToDisk() throws Exception {
        Path errors = directory.resolve("stderr.txt");
        Process process = ForkedStore.startMain(GroupBeyondHeapIntegrationTests.class, List.of("-Xmx64m"),
                ProcessBuilder.Redirect.to(errors.toFile()), directory.resolve("group.db").toString());
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("forked JVM exit code; output: %s; standard error:%n%s", lines,
                Files.readString(errors)).isZero();
        assertThat(lines).contains("REFUSED $group");
        assertThat(lines).contains("GROUPED " + DOCUMENTS / 2 + " " + DOCUMENTS + " " + (long) DOCUMENTS * PAYLOAD);
        assertThat(lines).contains("SPILL FILES LEFT 0");
        long maxHeap = Long.parseLong(lines.stream().filter(l -> l.startsWith("HEAP ")).findFirst().orElseThrow()
                .substring(5));
        assertThat(maxHeap).isLessThanOrEqualTo(64L * 1024 * 1024);
    }

    /** The forked side: fills a store, then groups it with and without disk use. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Random random = new Random(16);
        try (TetherDB db = TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open()) {
            TetherCollection items = db.collection("items");
            List<Map<String, ?>> batch = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                char[] text = new char[PAYLOAD];
                for (int c = 0; c < PAYLOAD; c++) {
                    text[c] = (char) ('a' + random.nextInt(26));
                }
                batch.add(Map.of("pair", i / 2, "payload", new String(text)));
                if (batch.size() == 1_000) {
                    items.putBatch(batch);
                    batch.clear();
                }
            }
            String pipeline = "[{$group: {_id: '$pair', payloads: {$push: '$payload'}, n: {$sum: 1}}}]";
            AggregateOptions limited = AggregateOptions.defaults().maxMemory(16L * 1024 * 1024);
            try {
                items.aggregate(pipeline, limited).forEach(d -> { });
                System.out.println("NOT REFUSED");
            } catch (MemoryLimitExceededException e) {
                System.out.println("REFUSED " + e.stage());
            }
            long groups = 0;
            long documents = 0;
            long characters = 0;
            try (Stream<Document> results = items.aggregate(pipeline, limited.allowDiskUse(true)).stream()) {
                for (Document group : (Iterable<Document>) results::iterator) {
                    groups++;
                    documents += group.getInteger("n");
                    for (Object payload : group.getList("payloads")) {
                        characters += ((String) payload).length();
                    }
                }
            }
            System.out.println("GROUPED " + groups + " " + documents + " " + characters);
            try (Stream<Path> files = Files.list(file.toAbsolutePath().getParent())) {
                System.out.println("SPILL FILES LEFT " + files.filter(p -> p.toString().endsWith(".spill")).count());
            }
        }
        System.out.println("HEAP " + Runtime.getRuntime().maxMemory());
    }
}
