package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTests {

    /** Lines as mongoexport writes them: relaxed (its default) and --jsonFormat=canonical. */
    private static final String MONGOEXPORT_LINES = """
            {"_id":{"$oid":"5d505646cf6d4fe581014ab2"},"name":"Ann","age":31,"joined":{"$date":"2019-08-11T17:54:14.692Z"},\
            "balance":{"$numberDecimal":"1234.50"},"visits":5000000000,"avatar":{"$binary":{"base64":"SGVsbG8=","subType":"00"}},\
            "scores":[1,2.5,{"$numberDouble":"NaN"},{"$numberDouble":"-Infinity"}],"address":{"city":"Oslo","zip":"0150"}}
            {"_id":{"$oid":"5d505646cf6d4fe581014ab3"},"name":"Bob","age":{"$numberInt":"17"},\
            "joined":{"$date":{"$numberLong":"1565546054692"}},"visits":{"$numberLong":"3"},"ratio":{"$numberDouble":"0.5"},\
            "minusZero":{"$numberDouble":"-0.0"},"key":{"$uuid":"3b241101-e2bb-4255-8caf-4136c566a962"}}
            """;

    @TempDir
    Path dir;

    @Test
    void importsMongoexportLinesWithEveryTypeMapped() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Path in = Files.writeString(dir.resolve("users.json"), MONGOEXPORT_LINES);

        Cli.Result result = Cli.run("import", file.toString(), "--collection", "users", "--in", in.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("imported 2 documents into 'users'");
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            Document ann = db.collection("users").get("5d505646cf6d4fe581014ab2").orElseThrow();
            assertThat(ann.get("age")).isEqualTo(31);
            assertThat(ann.get("joined")).isEqualTo(Instant.parse("2019-08-11T17:54:14.692Z"));
            assertThat(ann.get("balance")).isEqualTo(new BigDecimal("1234.50"));
            assertThat(ann.get("visits")).isEqualTo(5_000_000_000L);
            assertThat((byte[]) ann.get("avatar")).asString().isEqualTo("Hello");
            assertThat(ann.getList("scores")).containsExactly(1, 2.5, Double.NaN, Double.NEGATIVE_INFINITY);
            assertThat(ann.getDocument("address")).isEqualTo(Map.of("city", "Oslo", "zip", "0150"));
            Document bob = db.collection("users").get("5d505646cf6d4fe581014ab3").orElseThrow();
            assertThat(bob.get("age")).isEqualTo(17);
            assertThat(bob.get("joined")).isEqualTo(Instant.ofEpochMilli(1565546054692L));
            assertThat(bob.get("visits")).isEqualTo(3L);
            assertThat(bob.get("minusZero")).isEqualTo(-0.0);
            assertThat(bob.get("key")).isEqualTo("3b241101-e2bb-4255-8caf-4136c566a962");
            assertThat(db.verify().isClean()).isTrue();
        }
    }

    @Test
    void importsAnIndentedJsonArrayFromStandardInputIntoANewStore() {
        Path file = dir.resolve("new.db");
        String array = """
                [
                  {
                    "_id": "a",
                    "n": {"$numberLong": "1"}
                  },
                  {"_id": "b", "n": 2}
                ]
                """;

        Cli.Result result = Cli.runWithInput(array, "import", file.toString(), "-c", "c", "--in", "-", "--create");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (TetherDB db = TetherDB.open(file)) {
            assertThat(db.collection("c").query("{}")).containsExactly(new Document("_id", "a").append("n", 1L),
                    new Document("_id", "b").append("n", 2));
        }
    }

    @Test
    void badLinesAreReportedWithTheirLineAndSkipped() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Path in = Files.writeString(dir.resolve("in.json"), String.join("\n",
                "{\"_id\": \"n1\", \"v\": 1}",
                "{\"_id\": \"n2\", \"v\": ",
                "{\"_id\": \"n3\", \"v\": {\"$timestamp\": {\"t\": 1, \"i\": 1}}}",
                "",
                "{\"_id\": \"ann\", \"v\": 4}",
                "{\"_id\": \"n5\", \"v\": 5}",
                "{\"_id\": \"n6\", \"bad.name\": 6}",
                "{\"_id\": \"n7\", \"v\": 7}", ""));

        Cli.Result result = Cli.run("import", file.toString(), "-c", "people", "--in", in.toString(), "--batch-size", "2");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.out()).contains("imported 3 documents into 'people'; skipped 4 bad lines");
        assertThat(result.err().lines()).hasSize(4).satisfiesExactly(
                line -> assertThat(line).startsWith(in + ":2: Malformed JSON"),
                line -> assertThat(line).startsWith(in + ":3: Extended JSON $timestamp (a BSON timestamp) at 'v'"),
                line -> assertThat(line).startsWith(in + ":5: ").contains("ann"),
                line -> assertThat(line).startsWith(in + ":7: ").contains("bad.name"));
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            TetherCollection people = db.collection("people");
            assertThat(ids(people)).containsExactly("ann", "bob", "cid", "n1", "n5", "n7");
            assertThat(people.get("ann").orElseThrow().get("name")).isEqualTo("Ann");
        }
    }

    @Test
    void upsertInsertsOrReplacesAndReplaceNeedsAnExistingDocument() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Path in = Files.writeString(dir.resolve("in.json"),
                "{\"_id\": \"ann\", \"name\": \"Anna\"}\n{\"_id\": \"dan\", \"name\": \"Dan\"}\n");

        Cli.Result upsert = Cli.run("import", file.toString(), "-c", "people", "--in", in.toString(), "--mode", "upsert");
        assertThat(upsert.exitCode()).as(upsert.toString()).isZero();

        Path replacements = Files.writeString(dir.resolve("r.json"),
                "{\"_id\": \"bob\", \"name\": \"Robert\"}\n{\"_id\": \"eve\", \"name\": \"Eve\"}\n{\"name\": \"no id\"}\n");
        Cli.Result replace = Cli.run("import", file.toString(), "-c", "people", "--in", replacements.toString(),
                "--mode", "replace");
        assertThat(replace.exitCode()).as(replace.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(replace.err()).contains(":2: no document with _id 'eve' to replace", ":3: the document has no string _id");

        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            TetherCollection people = db.collection("people");
            assertThat(people.get("ann").orElseThrow()).isEqualTo(Map.of("_id", "ann", "name", "Anna"));
            assertThat(people.get("dan").orElseThrow()).isEqualTo(Map.of("_id", "dan", "name", "Dan"));
            assertThat(people.get("bob").orElseThrow()).isEqualTo(Map.of("_id", "bob", "name", "Robert"));
            assertThat(people.get("eve")).isEmpty();
        }
    }

    @Test
    void stopOnErrorWithABadLineTouchesNothing() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        byte[] before = Files.readAllBytes(file);
        Path in = Files.writeString(dir.resolve("in.json"), "{\"_id\": \"n1\"}\n{\"_id\": \"n2\"}\n{\"_id\": {\"$minKey\": 1}}\n");

        Cli.Result result = Cli.run("import", file.toString(), "-c", "people", "--in", in.toString(), "--stop-on-error");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(result.err()).contains(in + ":3: Extended JSON $minKey", "nothing was imported");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void stopOnErrorWithARefusedWriteInALaterBatchLeavesTheStoreAsItWas() throws IOException {
        for (String mode : new String[] {"insert", "replace"}) {
            Path file = SampleStore.create(dir.resolve(mode + ".db"));
            Map<String, List<Document>> before = contents(file);
            StringBuilder lines = new StringBuilder();
            if (mode.equals("replace")) {
                // replacing cid drops its expiry; only putting the file back brings it back
                lines.append("{\"_id\": \"cid\", \"name\": \"Cid without expiry\"}\n");
                lines.append("{\"_id\": \"ann\", \"name\": \"Anna\"}\n");
                lines.append("{\"_id\": \"nobody\", \"name\": \"missing\"}\n");
            } else {
                for (int i = 0; i < 250; i++) {
                    lines.append("{\"_id\": \"n").append(i).append("\", \"v\": ").append(i).append("}\n");
                }
                lines.append("{\"_id\": \"bob\", \"v\": 0}\n");
            }
            Path in = Files.writeString(dir.resolve(mode + ".json"), lines);

            Cli.Result result = Cli.run("import", file.toString(), "-c", "people", "--in", in.toString(), "--mode", mode,
                    "--batch-size", "50", "--stop-on-error");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PROBLEMS);
            assertThat(result.err()).contains(mode.equals("replace") ? ":3: no document with _id 'nobody'" : ":251: ",
                    "the store is left as it was before the import");
            assertThat(contents(file)).isEqualTo(before);
            try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
                assertThat(db.verify().expiryEntries()).as("cid still expires").isEqualTo(1);
                assertThat(db.verify().isClean()).isTrue();
            }
            assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("backup"));
        }
    }

    @Test
    void stopOnErrorReadsStandardInputTwiceThroughATemporaryFile() {
        Path file = SampleStore.create(dir.resolve("s.db"));

        Cli.Result result = Cli.runWithInput("{\"_id\": \"x\"}\n{\"_id\": \"y\"}\n", "import", file.toString(), "-c", "more",
                "--in", "-", "--stop-on-error");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("imported 2 documents into 'more'");
        assertThat(contents(file).get("more")).hasSize(2);
    }

    @Test
    void exportThenImportGivesBackEveryDocument() throws IOException {
        Path source = SampleStore.create(dir.resolve("source.db"));
        for (String mode : new String[] {"canonical", "relaxed"}) {
            for (String format : new String[] {"jsonl", "json-array"}) {
                Path exported = dir.resolve(mode + "-" + format + ".json");
                Path target = dir.resolve(mode + "-" + format + ".db");
                assertThat(Cli.run("export", source.toString(), "-c", "things", "--out", exported.toString(), "--mode",
                        mode, "--format", format).exitCode()).isZero();

                Cli.Result imported = Cli.run("import", target.toString(), "-c", "things", "--in", exported.toString(),
                        "--create");

                assertThat(imported.exitCode()).as(imported.toString()).isZero();
                List<Document> expected = SampleStore.everyType();
                if (mode.equals("relaxed")) {
                    // relaxed JSON writes a long as a plain number, which reads back as an int when it fits
                    expected.forEach(d -> {
                        d.put("smallLong", ((Long) d.get("smallLong")).intValue());
                        List<Object> list = new ArrayList<>(d.getDocument("nested").getList("list"));
                        List<Object> first = new ArrayList<>((List<?>) list.get(0));
                        first.set(1, ((Long) first.get(1)).intValue());
                        list.set(0, first);
                        d.getDocument("nested").put("list", list);
                    });
                }
                assertThat(contents(target).get("things")).as(mode + " " + format).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void badInputAndStoreErrors() throws IOException {
        Path file = SampleStore.create(dir.resolve("s.db"));
        Path in = Files.writeString(dir.resolve("in.json"), "{\"a\": 1}\n");

        Cli.Result missingStore = Cli.run("import", dir.resolve("none.db").toString(), "-c", "c", "--in", in.toString());
        assertThat(missingStore.exitCode()).isEqualTo(ExitCodes.STORE);
        assertThat(missingStore.err()).contains("no store file", "--create");
        assertThat(Files.exists(dir.resolve("none.db"))).isFalse();

        assertThat(Cli.run("import", dir.toString(), "-c", "c", "--in", in.toString()).exitCode())
                .isEqualTo(ExitCodes.STORE);
        Path garbage = Files.write(dir.resolve("garbage.db"), "not a store".repeat(1000).getBytes());
        assertThat(Cli.run("import", garbage.toString(), "-c", "c", "--in", in.toString()).exitCode())
                .isEqualTo(ExitCodes.STORE);
        try (TetherDB open = TetherDB.builder().path(file).readOnly(true).open()) {
            Cli.Result locked = Cli.run("import", file.toString(), "-c", "c", "--in", in.toString());
            assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(ExitCodes.STORE);
            assertThat(locked.err()).contains("already open");
        }

        Cli.Result missingInput = Cli.run("import", file.toString(), "-c", "c", "--in", dir.resolve("x.json").toString());
        assertThat(missingInput.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingInput.err()).contains("x.json does not exist");
        assertThat(Cli.run("import", file.toString(), "-c", "c", "--in", dir.toString()).err()).contains("is a directory");
        assertThat(Cli.run("import", file.toString(), "-c", "c", "--in", in.toString(), "--batch-size", "0").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("import", file.toString(), "-c", "c", "--in", in.toString(), "--mode", "merge").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    private static List<String> ids(TetherCollection collection) {
        return collection.find().sort("{_id: 1}").toList().stream().map(Document::getId).toList();
    }

    private static Map<String, List<Document>> contents(Path file) {
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            return db.collectionNames().stream().collect(Collectors.toMap(n -> n,
                    n -> db.collection(n).find().sort("{_id: 1}").toList()));
        }
    }
}
