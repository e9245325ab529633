package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tetherdb.TetherDB;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoAndVerifyCommandTests {

    @TempDir
    Path dir;

    @Test
    void infoShowsSizeCollectionsCountsAndIndexesAndLeavesTheFileAsItWas() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        byte[] before = Files.readAllBytes(file);

        Cli.Result result = Cli.run("info", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("file:          " + file.toAbsolutePath(),
                String.format("size:          %,d bytes", Files.size(file)), "last commit:   20",
                "collections:   2", "format:        3", "% of the file (compact gives back the rest)", "people: 3 documents", "things: 5 documents",
                "index int_1 {\"int\":1}, 5 entries", "documents:     8",
                "expiring:      1 document with an expiry time");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void verifyReportsACleanStoreWithExitZero() {
        Path file = SampleStore.create(dir.resolve("s.db"));

        Cli.Result result = Cli.run("verify", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("checked 2 collections, 8 documents, 5 index entries, 1 expiry entries",
                "clean: no problems found");
    }

    @Test
    void verifyReportsProblemsWithExitOne() {
        Path file = SampleStore.create(dir.resolve("s.db"));
        // a map the store's metadata does not name, as damage or a foreign writer would leave
        MVStore raw = new MVStore.Builder().fileName(file.toString()).open();
        try {
            raw.openMap("stray").put("k", "v");
        } finally {
            raw.close();
        }

        Cli.Result result = Cli.run("verify", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.out()).contains("1 problem:", "stray");
    }

    @Test
    void aStoreWhoseLastWriterCrashedWithLoggedWritesIsRefusedUntilOpenedForWriting() throws IOException {
        Path file = dir.resolve("live.db");
        Path crashed = dir.resolve("crashed.db");
        try (TetherDB db = TetherDB.open(file)) {
            db.put(java.util.Map.of("n", 1));
            db.flush();
            // what a kill of the process leaves: the file and its write-ahead log as they are now
            Files.copy(file, crashed);
            Files.copy(Path.of(file + ".wal"), Path.of(crashed + ".wal"));
        }

        Cli.Result refused = Cli.run("info", crashed.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.STORE);
        assertThat(refused.err()).contains("was not closed cleanly", crashed + ".wal", "holds 1 write operation",
                "open the store once for writing");

        TetherDB.open(crashed).close();
        Cli.Result recovered = Cli.run("info", crashed.toString());
        assertThat(recovered.exitCode()).as(recovered.toString()).isZero();
        assertThat(recovered.out()).contains("documents:     1");
    }

    @Test
    void storeErrorsExitWithThree() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Path garbage = Files.write(dir.resolve("garbage.db"), "this is no store".repeat(500).getBytes());

        for (String command : new String[] {"info", "verify"}) {
            Cli.Result missing = Cli.run(command, dir.resolve("missing.db").toString());
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.STORE);
            assertThat(missing.err()).contains("tetherdb " + command + ": ", "missing.db", "does not exist");
            assertThat(Files.exists(dir.resolve("missing.db"))).isFalse();

            Cli.Result directory = Cli.run(command, dir.toString());
            assertThat(directory.exitCode()).as(directory.toString()).isEqualTo(ExitCodes.STORE);
            assertThat(directory.err()).contains("directory");

            Cli.Result corrupt = Cli.run(command, garbage.toString());
            assertThat(corrupt.exitCode()).as(corrupt.toString()).isEqualTo(ExitCodes.STORE);
            assertThat(corrupt.err()).contains("garbage.db");

            try (TetherDB open = TetherDB.open(file)) {
                Cli.Result locked = Cli.run(command, file.toString());
                assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(ExitCodes.STORE);
                assertThat(locked.err()).contains("already open");
            }
        }
    }
}
