package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million documents in a JVM with a 64 MB heap: streaming all of them and building an index
 * over them must not need memory in proportion to their number.
 */
class LargeStoreIntegrationTests {

    private static final int DOCUMENTS = 1_000_000;

    @TempDir
    Path directory;

    @Test
    void streamsAndIndexesAMillionDocumentsIn64Megabytes() throws Exception {
        Path errors = directory.resolve("stderr.txt");
        Process process = ForkedStore.startMain(ForkedStore.class, List.of("-Xmx64m"),
                ProcessBuilder.Redirect.to(errors.toFile()), "large", directory.resolve("large.db").toString(),
                Integer.toString(DOCUMENTS));
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

        long expectedSum = (long) DOCUMENTS * (DOCUMENTS - 1) / 2;
        assertThat(lines).contains("STREAMED " + DOCUMENTS + " " + expectedSum);
        assertThat(lines).contains("INDEXED " + DOCUMENTS + " " + DOCUMENTS);
        assertThat(lines).contains("QUERIED IXSCAN " + DOCUMENTS / 100 + " " + DOCUMENTS / 100);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("HEAP "));
        long maxHeap = Long.parseLong(lines.stream().filter(l -> l.startsWith("HEAP ")).findFirst().orElseThrow()
                .substring(5));
        assertThat(maxHeap).isLessThanOrEqualTo(64L * 1024 * 1024);
    }
}
