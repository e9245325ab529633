package io.tetherdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tetherdb.document.Document;
import io.tetherdb.document.ExtendedJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTests {

    @TempDir
    Path dir;

    private String file;

    @BeforeEach
    void createStore() {
        file = SampleStore.create(dir.resolve("s.db")).toString();
    }

    @Test
    void exportsOneDocumentPerLineToAFile() throws IOException {
        Path out = dir.resolve("things.json");

        Cli.Result result = Cli.run("export", file, "--collection", "things", "--out", out.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("exported 5 documents from 'things' to " + out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("{\"_id\":\"doc-0\",\"int\":0,\"long\":5000000000,")
                .contains("\"at\":{\"$date\":\"2024-05-06T07:08:09.123456789Z\"}",
                        "\"old\":{\"$date\":{\"$numberLong\":\"-1821303600000\"}}",
                        "\"bytes\":{\"$binary\":{\"base64\":\"AP8Afw==\",\"subType\":\"00\"}}",
                        "\"nan\":{\"$numberDouble\":\"NaN\"}", "\"minusZero\":-0.0");
        assertThat(Files.list(dir)).as("no temporary file is left").hasSize(2);
    }

    @Test
    void exportsAFilteredCanonicalJsonArrayToStandardOutput() {
        Cli.Result result = Cli.run("export", file, "-c", "people", "--filter", "{age: {$lt: 40}}", "--out", "-",
                "--mode", "canonical", "--format", "json-array");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("[\n{\"_id\":\"ann\",\"name\":\"Ann\",\"age\":{\"$numberInt\":\"31\"}},\n"
                + "{\"_id\":\"bob\",\"name\":\"Bob\",\"age\":{\"$numberInt\":\"17\"}}\n]\n");
    }

    @Test
    void exportsChosenFieldsAsCsv() {
        Cli.Result result = Cli.run("export", file, "-c", "things", "--filter", "{int: {$lte: 1}}", "--out", "-",
                "--format=csv", "--fields", "_id,text,price,nested.list.1.deep,tags,missing,at,nested.list.0.2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("_id,text,price,nested.list.1.deep,tags,missing,at,nested.list.0.2\r\n"
                + "doc-0,\"line 0, with \"\"quotes\"\"\",12.50,-0.001,\"[\"\"a\"\",\"\"b0\"\"]\",,"
                + "2024-05-06T07:08:09.123456789Z,[]\r\n"
                + "doc-1,\"line 1, with \"\"quotes\"\"\",13.50,-0.001,\"[\"\"a\"\",\"\"b1\"\"]\",,"
                + "2024-05-06T07:08:10.123456789Z,[]\r\n");
    }

    @Test
    void canonicalLinesReadBackAsExactlyTheStoredDocuments() throws IOException {
        Path out = dir.resolve("things.json");
        Cli.run("export", file, "-c", "things", "--out", out.toString(), "--mode", "canonical");

        List<Document> read = Files.readAllLines(out).stream().map(ExtendedJson::parseDocument).toList();

        assertThat(read).containsExactlyElementsOf(SampleStore.everyType());
    }

    @Test
    void badInputIsAUsageErrorAndAStoreErrorIsThree() throws IOException {
        Cli.Result unknown = Cli.run("export", file, "-c", "nosuch", "--out", "-");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("no collection 'nosuch'");

        assertThat(Cli.run("export", file, "-c", "things", "--out", "-", "--format", "csv").err())
                .contains("--format=csv needs --fields");
        assertThat(Cli.run("export", file, "-c", "things", "--out", dir.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("export", file, "-c", "things", "--out", dir.resolve("no/such/dir/x.json").toString())
                .err()).contains("does not exist");
        assertThat(Cli.run("export", file, "-c", "things", "--filter", "{a: {$bad: 1}}", "--out", "-").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("export", file, "--out", "-").err()).as("the default collection is 'default'")
                .contains("no collection 'default'");

        Cli.Result missing = Cli.run("export", dir.resolve("none.db").toString(), "--out", "-");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.STORE);
        Path garbage = Files.write(dir.resolve("garbage.db"), new byte[8192]);
        assertThat(Cli.run("export", garbage.toString(), "--out", "-").exitCode()).isEqualTo(ExitCodes.STORE);
    }
}
