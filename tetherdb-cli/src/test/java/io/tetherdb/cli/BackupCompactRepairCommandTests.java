package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCompactRepairCommandTests {

    @TempDir
    Path dir;

    @Test
    void backupWritesACopyThatOpensWithEveryDocumentAndIndex() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        byte[] before = Files.readAllBytes(file);
        Path copy = dir.resolve("copy.db");

        Cli.Result result = Cli.run("backup", file.toString(), "--to", copy.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("backed up " + file + " to " + copy.toAbsolutePath(), "8 documents",
                String.format("%,d bytes", Files.size(copy)));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(contents(copy)).isEqualTo(contents(file));
        Cli.Result info = Cli.run("info", copy.toString());
        assertThat(info.out()).contains("index int_1", "expiring:      1 document");
    }

    @Test
    void backupRefusesAnExistingTargetUnlessAskedAndBadSources() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep");

        Cli.Result refused = Cli.run("backup", file.toString(), "--to", existing.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.STORE);
        assertThat(refused.err()).contains("tetherdb backup: ", "existing.db", "exists");
        assertThat(Files.readString(existing)).isEqualTo("keep");

        Cli.Result replaced = Cli.run("backup", file.toString(), "--to", existing.toString(), "--overwrite");
        assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
        assertThat(contents(existing)).isEqualTo(contents(file));

        Cli.Result missing = Cli.run("backup", dir.resolve("missing.db").toString(), "--to",
                dir.resolve("m.db").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(missing.err()).contains("does not exist");
        Cli.Result directory = Cli.run("backup", dir.toString(), "--to", dir.resolve("d.db").toString());
        assertThat(directory.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(directory.err()).contains("directory");
        Cli.Result toDirectory = Cli.run("backup", file.toString(), "--to", dir.toString());
        assertThat(toDirectory.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(toDirectory.err()).contains("is a directory");
        try (TetherDB held = TetherDB.open(file)) {
            Cli.Result locked = Cli.run("backup", file.toString(), "--to", dir.resolve("l.db").toString());
            assertThat(locked.exitCode()).isEqualTo(ExitCodes.STORE);
            assertThat(locked.err()).contains("already open");
        }
        Cli.Result noTarget = Cli.run("backup", file.toString());
        assertThat(noTarget.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTarget.err()).contains("--to");
        assertThat(dir.resolve("m.db")).doesNotExist();
        assertThat(dir.resolve("l.db")).doesNotExist();
    }

    @Test
    void compactShrinksTheFileInPlaceOrWritesANewOne() throws IOException {
        Path file = dir.resolve("big.db");
        try (TetherDB db = TetherDB.open(file)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                docs.add(Map.of("_id", "d" + i, "n", i, "text", "t".repeat(200)));
            }
            db.putBatch(docs);
            for (int i = 0; i < 10_000; i += 2) {
                db.delete("d" + i);
            }
        }
        Map<String, Map<String, Document>> live = contents(file);
        long before = Files.size(file);

        Cli.Result elsewhere = Cli.run("compact", file.toString(), "--to", dir.resolve("small.db").toString());
        assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isZero();
        assertThat(Files.size(file)).isEqualTo(before);
        assertThat(contents(dir.resolve("small.db"))).isEqualTo(live);

        Cli.Result inPlace = Cli.run("compact", file.toString());
        assertThat(inPlace.exitCode()).as(inPlace.toString()).isZero();
        assertThat(inPlace.out()).contains("compacted " + file + ": " + String.format("%,d bytes before", before),
                "(5,000 documents)");
        assertThat(Files.size(file)).isLessThan(before);
        assertThat(contents(file)).isEqualTo(live);
        assertThat(Path.of(file + ".compact-tmp")).doesNotExist();
    }

    @Test
    void compactRefusesMissingDirectoryAndLockedFiles() {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Cli.Result missing = Cli.run("compact", dir.resolve("missing.db").toString());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.STORE);
        assertThat(missing.err()).contains("tetherdb compact: ", "does not exist");
        assertThat(dir.resolve("missing.db")).doesNotExist();
        Cli.Result directory = Cli.run("compact", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(directory.err()).contains("is a directory");
        try (TetherDB held = TetherDB.open(file)) {
            Cli.Result locked = Cli.run("compact", file.toString());
            assertThat(locked.exitCode()).isEqualTo(ExitCodes.STORE);
            assertThat(locked.err()).contains("already open");
        }
    }

    @Test
    void repairOfAnUndamagedStoreRecoversEverythingWithExitZero() {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Path repaired = dir.resolve("repaired.db");

        Cli.Result result = Cli.run("repair", file.toString(), "--to", repaired.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("salvaged 8 documents", "people: 3 recovered", "things: 5 recovered",
                "nothing was found unreadable");
        assertThat(contents(repaired)).isEqualTo(contents(file));
    }

    @Test
    void repairOfADamagedStoreReportsWhatWasLostWithExitOne() throws IOException {
        Path file = dir.resolve("s.db");
        try (TetherDB db = TetherDB.open(file)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                docs.add(Map.of("_id", String.format("d%05d", i), "n", i, "text", "text of document " + i));
            }
            db.collection("docs").putBatch(docs);
        }
        byte[] bytes = Files.readAllBytes(file);
        // damage the middle of the file, inside the documents' leaf pages
        int at = bytes.length / 3;
        for (int i = at; i < at + 16; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(file, bytes);
        Cli.Result verify = Cli.run("verify", file.toString());
        assertThat(verify.exitCode()).as(verify.toString()).isNotZero();

        Cli.Result result = Cli.run("repair", file.toString(), "--to", dir.resolve("r.db").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.out()).contains("docs: ", "unreadable page", "problem");
        long recovered = contents(dir.resolve("r.db")).get("docs").size();
        assertThat(recovered).isPositive().isLessThan(3000);
        assertThat(result.out()).contains(String.format("salvaged %,d documents", recovered));
    }

    @Test
    void repairRefusesGarbageMissingAndLockedFiles() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.db"), "no store here ".repeat(600));
        Cli.Result nothing = Cli.run("repair", garbage.toString(), "--to", dir.resolve("g.db").toString());
        assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(ExitCodes.STORE);
        assertThat(nothing.err()).contains("nothing can be salvaged");
        assertThat(dir.resolve("g.db")).doesNotExist();
        Cli.Result missing = Cli.run("repair", dir.resolve("missing.db").toString(), "--to",
                dir.resolve("m.db").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(missing.err()).contains("does not exist");
        Cli.Result directory = Cli.run("repair", dir.toString(), "--to", dir.resolve("m.db").toString());
        assertThat(directory.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(directory.err()).contains("is a directory");
        Path file = SampleStore.create(dir.resolve("s.db"));
        try (TetherDB held = TetherDB.open(file)) {
            Cli.Result locked = Cli.run("repair", file.toString(), "--to", dir.resolve("l.db").toString());
            assertThat(locked.exitCode()).isEqualTo(ExitCodes.STORE);
            assertThat(locked.err()).contains("already open");
        }
    }

    @Test
    void everyNewCommandHasHelp() {
        for (String command : new String[] {"backup", "compact", "repair"}) {
            Cli.Result help = Cli.run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: tetherdb " + command, "FILE", "--to");
        }
        assertThat(Cli.run("--help").out()).contains("backup", "compact", "repair");
    }

    private static Map<String, Map<String, Document>> contents(Path file) {
        Map<String, Map<String, Document>> all = new TreeMap<>();
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            for (String name : db.collectionNames()) {
                Map<String, Document> docs = new TreeMap<>();
                for (Document d : db.collection(name).find().toList()) {
                    docs.put(d.getString("_id"), d);
                }
                all.put(name, docs);
            }
        }
        return all;
    }
}
