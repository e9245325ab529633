package io.tetherdb.query;

import static io.tetherdb.query.QueryTextOutcomes.parsesOrIsInvalid;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tetherdb.document.Document;

/**
 * Coverage-guided fuzzing of the JSON filter parser with Jazzer: any text given to
 * {@link Filter#parse} (and to the sort, projection and index-definition parsers that share its
 * JSON reader) yields a result or an {@link InvalidQueryException}, and a filter that compiles
 * matches a few fixed documents of every value type without throwing, the same on a document and
 * on its lazily decoded encoding, and renders back to an equal filter: the contract of
 * {@link QueryTextOutcomes}. Not thread-safe (Jazzer runs one input at a time).
 *
 * <p>The input bytes are read as UTF-8 (malformed sequences become U+FFFD), so each committed
 * input is the filter text itself. In a normal build ({@code mvn verify}) this is a regression
 * test: Jazzer runs each input under
 * {@code src/test/resources/io/tetherdb/query/FilterParserGuidedFuzzTestsInputs/<method>/}
 * (valid filters of each operator family, and every crash fuzzing found) once. Fuzzing is opt-in,
 * one target per run, for at most the {@code maxDuration} below:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl tetherdb-core test -Dtest=FilterParserGuidedFuzzTests -Djacoco.skip=true
 * </pre>
 * ({@code -Djacoco.skip=true} leaves the fuzzing JVM to Jazzer's agent, which instruments the
 * code for coverage itself; in a normal build JaCoCo's agent and Jazzer's run together.) Inputs
 * that reach new code are kept in {@code tetherdb-core/.cifuzz-corpus/} (ignored by git; when
 * JaCoCo's agent is present, a regression run replays them too); a crash is written as
 * {@code crash-<sha1>} into the inputs directory above, where it stays as a regression input once
 * the bug is fixed.
 */
class FilterParserGuidedFuzzTests {

    /** Every value type a stored document holds, nested, with the names the dictionary offers. */
    private static final List<Document> DOCUMENTS = List.of(
            new Document()
                    .append("_id", "k1")
                    .append("a", 1)
                    .append("b", "text")
                    .append("c", List.of(1, 2.5, "x", List.of(), new Document().append("d", (Object) null)))
                    .append("e", new Document().append("f", 9_000_000_000L).append("g", true))
                    .append("t", Instant.parse("2024-05-01T12:00:00Z"))
                    .append("bin", new byte[] {0, 1, (byte) 0xFF})
                    .append("n", Double.NaN),
            new Document().append("_id", 2).append("a", List.of(new Document().append("b", -0.0))),
            new Document());

    @FuzzTest(maxDuration = "4m")
    @DictionaryEntries({"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$and", "$or", "$nor", "$not",
        "$exists", "$type", "$regex", "$options", "$size", "$all", "$elemMatch", "$mod", "$comment", "$contains",
        "$regularExpression", "NaN", "Infinity", "null", "true", "false", "'a.b'", "c.4.d", "e.f", "\\u"})
    void anyTextIsAFilterOrInvalid(byte[] bytes) {
        parsesOrIsInvalid(new String(bytes, StandardCharsets.UTF_8), DOCUMENTS);
    }
}
