package io.tetherdb.document;

import static io.tetherdb.Outcomes.completesOrTyped;
import static io.tetherdb.Outcomes.resultOrTyped;
import static org.assertj.core.api.Assertions.assertThat;

import io.tetherdb.FuzzInputs;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests of the relaxed-JSON reader and of the write-side document checks: any text given
 * to {@link Json#parse}, {@link Json#parseDocument} or {@link Document#parse} yields a value or a
 * {@link MalformedJsonException}; any parsed document either encodes, and then decodes to an equal
 * document (nothing is silently changed), or is refused with an {@link InvalidDocumentException};
 * a document's JSON text reads back as an equal document.
 *
 * <p>Each property runs jqwik's default number of tries (1000); run more with
 * {@code -Djqwik.tries.default=100000}.
 */
class JsonFuzzTests {

    @Property
    void anyTextIsAValueOrMalformed(@ForAll("jsonish") String text) {
        resultOrTyped(MalformedJsonException.class, () -> Json.parse(text));
        resultOrTyped(MalformedJsonException.class, () -> Document.parse(text));
    }

    @Property
    void editedDocumentTextIsADocumentOrMalformed(@ForAll("editedDocuments") String text) {
        Document document = resultOrTyped(MalformedJsonException.class, () -> Document.parse(text));
        if (document != null) {
            encodesLosslesslyOrIsRefused(document);
        }
    }

    @Property
    void generatedDocumentsParseEncodeAndRoundTrip(@ForAll("documents") String text) {
        Document document = resultOrTyped(MalformedJsonException.class, () -> Document.parse(text));
        if (document == null) {
            return;
        }
        encodesLosslesslyOrIsRefused(document);
        assertThat(Document.parse(document.toJson())).isEqualTo(document);
    }

    private static void encodesLosslesslyOrIsRefused(Document document) {
        byte[] encoded = resultOrTyped(InvalidDocumentException.class, () -> DocumentCodec.encode(document));
        if (encoded != null) {
            assertThat(DocumentCodec.decode(encoded)).isEqualTo(document);
        }
        completesOrTyped(InvalidDocumentException.class, document::toJson);
    }

    @Provide
    Arbitrary<String> jsonish() {
        return FuzzInputs.jsonishStrings();
    }

    @Provide
    Arbitrary<String> editedDocuments() {
        return FuzzInputs.mutated(FuzzInputs.documentText(4));
    }

    @Provide
    Arbitrary<String> documents() {
        return FuzzInputs.documentText(5);
    }
}
