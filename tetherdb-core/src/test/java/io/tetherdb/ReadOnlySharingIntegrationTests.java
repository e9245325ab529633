package io.tetherdb;

import static io.tetherdb.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.tetherdb.error.StoreLockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only store takes a shared lock on its file: other processes may read the file at the same
 * time, and a writer is kept out while any reader has it open, as readers are while a writer has.
 */
@ExtendWith(TetherTestExtension.class)
class ReadOnlySharingIntegrationTests {

    @TempDir
    Path directory;

    @Test
    void readersInSeveralProcessesShareTheFileAndKeepWritersOut() throws Exception {
        Path file = directory.resolve("shared.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.putBatch(java.util.List.of(json("{n: 1}"), json("{n: 2}")));
        }
        Process reader = ForkedStore.start("read", file.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("OPEN 2");

            try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
                assertThat(db.count()).isEqualTo(2);
            }
            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.open(file))
                    .withMessageContaining(file.toString());

            reader.getOutputStream().close();
            assertThat(reader.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(reader.exitValue()).isZero();
        }
    }

    @Test
    void aReaderIsKeptOutWhileAnotherProcessWrites() throws Exception {
        Path file = directory.resolve("written.db");
        Process writer = ForkedStore.start("hold", file.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("OPEN");

            assertThatExceptionOfType(StoreLockedException.class)
                    .isThrownBy(() -> TetherDB.builder().path(file).readOnly(true).open())
                    .withMessageContaining(file.toString());

            writer.getOutputStream().close();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.exitValue()).isZero();
        }
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            assertThat(db.count()).isEqualTo(1);
        }
    }
}
