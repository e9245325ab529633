package io.tetherdb.document;

import static io.tetherdb.Outcomes.completesOrTyped;
import static io.tetherdb.Outcomes.resultOrTyped;
import static org.assertj.core.api.Assertions.assertThat;

import io.tetherdb.FuzzInputs;
import io.tetherdb.RandomCases;
import org.junit.jupiter.api.Test;

/**
 * Randomized tests of the relaxed-JSON reader and of the write-side document checks: any text
 * given to {@link Json#parse}, {@link Json#parseDocument} or {@link Document#parse} yields a value
 * or a {@link MalformedJsonException}; any parsed document either encodes, and then decodes to an
 * equal document (nothing is silently changed), or is refused with an
 * {@link InvalidDocumentException}; a document's JSON text reads back as an equal document. Inputs
 * come from the shared {@link FuzzInputs} generators. Not thread-safe.
 *
 * <p>Each randomized check runs {@value #CASES} cases through {@link RandomCases}, from a fixed
 * base seed so that CI runs are repeatable. Run more locally with {@code -Dtetherdb.fuzz.scale=100}
 * (100 times as many cases) and other inputs with {@code -Dtetherdb.fuzz.seed=S}; a failure names
 * its case's seed, which {@code -Dtetherdb.fuzz.replay=SEED} runs alone, for example
 * {@code mvn -pl tetherdb-core test -Dtest=JsonFuzzTests -Dtetherdb.fuzz.replay=SEED}.
 */
class JsonFuzzTests {

    private static final int CASES = 1000;

    @Test
    void anyTextIsAValueOrMalformed() {
        RandomCases.run("anyTextIsAValueOrMalformed", CASES, random -> {
            String text = FuzzInputs.jsonishString(random);
            resultOrTyped(MalformedJsonException.class, () -> Json.parse(text));
            resultOrTyped(MalformedJsonException.class, () -> Document.parse(text));
        });
    }

    @Test
    void editedDocumentTextIsADocumentOrMalformed() {
        RandomCases.run("editedDocumentTextIsADocumentOrMalformed", CASES, random -> {
            String text = FuzzInputs.mutated(random, FuzzInputs.documentText(random, 4));
            Document document = resultOrTyped(MalformedJsonException.class, () -> Document.parse(text));
            if (document != null) {
                encodesLosslesslyOrIsRefused(document);
            }
        });
    }

    @Test
    void generatedDocumentsParseEncodeAndRoundTrip() {
        RandomCases.run("generatedDocumentsParseEncodeAndRoundTrip", CASES, random -> {
            String text = FuzzInputs.documentText(random, 5);
            Document document = resultOrTyped(MalformedJsonException.class, () -> Document.parse(text));
            if (document == null) {
                return;
            }
            encodesLosslesslyOrIsRefused(document);
            assertThat(Document.parse(document.toJson())).isEqualTo(document);
        });
    }

    private static void encodesLosslesslyOrIsRefused(Document document) {
        byte[] encoded = resultOrTyped(InvalidDocumentException.class, () -> DocumentCodec.encode(document));
        if (encoded != null) {
            assertThat(DocumentCodec.decode(encoded)).isEqualTo(document);
        }
        completesOrTyped(InvalidDocumentException.class, document::toJson);
    }
}
