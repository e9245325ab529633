package io.tetherdb.document;

import static io.tetherdb.document.DecodingOutcomes.PROBED_NAMES;
import static io.tetherdb.document.DecodingOutcomes.decodeEveryWay;
import static io.tetherdb.document.DecodingOutcomes.decodeRecordEveryWay;
import static io.tetherdb.document.DecodingOutcomes.typedOrResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the document decoder with Jazzer: any bytes, read as a document
 * encoding ({@link DocumentCodec#decode}, {@link DocumentCodec#lazy} with every field touched) and
 * as a stored record ({@code RecordFormat.decode}, its lazy view and expiry), yield a result or a
 * {@link MalformedDocumentException}, the contract of {@link DecodingOutcomes}; and bytes that
 * decode whole read the same through the lazy view that filters use. Not thread-safe (Jazzer runs
 * one input at a time).
 *
 * <p>In a normal build ({@code mvn verify}) this is a regression test: Jazzer runs each committed
 * input under {@code src/test/resources/io/tetherdb/document/DocumentDecoderGuidedFuzzTestsInputs/<method>/}
 * (valid encodings and records, and every crash fuzzing found) once; attaching Jazzer's agent costs the
 * first guided test class a few seconds.
 * Fuzzing is opt-in through Jazzer's environment variable, one target per run, for at most the
 * {@code maxDuration} below:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl tetherdb-core test -Dtest=DocumentDecoderGuidedFuzzTests -Djacoco.skip=true
 * </pre>
 * ({@code -Djacoco.skip=true} leaves the fuzzing JVM to Jazzer's agent, which instruments the
 * code for coverage itself; in a normal build JaCoCo's agent and Jazzer's run together.) Inputs
 * that reach new code are kept in {@code tetherdb-core/.cifuzz-corpus/} (ignored by git; when
 * JaCoCo's agent is present, a regression run replays them too); a crash is written as
 * {@code crash-<sha1>} into the inputs directory above, where it stays as a regression input once
 * the bug is fixed.
 */
class DocumentDecoderGuidedFuzzTests {

    @FuzzTest(maxDuration = "4m")
    void anyBytesDecodeOrFailTyped(byte[] bytes) {
        decodeEveryWay(bytes);
        decodeRecordEveryWay(bytes, PROBED_NAMES);
        Document whole = typedOrResult(() -> DocumentCodec.decode(bytes));
        if (whole != null) {
            lazyViewAgrees(whole, bytes);
        }
    }

    /** A filter reads the lazy view and the caller gets the whole decode: they must be the same document. */
    private static void lazyViewAgrees(Document whole, byte[] bytes) {
        Map<String, Object> lazy = DocumentCodec.lazy(bytes);
        for (Map.Entry<String, Object> field : whole.entrySet()) {
            assertThat(lazy.containsKey(field.getKey())).as("lazy view has %s", field.getKey()).isTrue();
            // wrapped, so that arrays and byte strings compare by content as Document does
            assertThat(new Document().append("v", lazy.get(field.getKey())))
                    .as("lazy value of %s", field.getKey())
                    .isEqualTo(new Document().append("v", field.getValue()));
        }
        assertThat(lazy.size()).isEqualTo(whole.size());
        assertThat(DocumentCodec.toDocument(DocumentCodec.lazy(bytes))).isEqualTo(whole);
    }
}
