package io.tetherdb.query;

import static io.tetherdb.Outcomes.resultOrTyped;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.index.IndexDefinition;

/**
 * The query-text contract on any text, shared by the seeded {@link FilterParserFuzzTests} and the
 * coverage-guided {@link FilterParserGuidedFuzzTests}: {@link Filter#parse}, {@link Sort#parse},
 * {@link Projection#parse} and {@link IndexDefinition#parse} each yield a result or an
 * {@link InvalidQueryException} with a message; a filter that compiles matches any stored document
 * without throwing, the same on the document and on its lazily decoded encoding, and renders to a
 * document that compiles back to an equal filter. Stateless, so thread-safe.
 */
final class QueryTextOutcomes {

    private QueryTextOutcomes() {
    }

    /**
     * @param text any text
     * @param documents documents a store would hold, to match a compiled filter against
     * @return the filter, or null if the text is not one
     */
    static Filter parsesOrIsInvalid(String text, List<Document> documents) {
        Filter filter = resultOrTyped(InvalidQueryException.class, () -> Filter.parse(text));
        resultOrTyped(InvalidQueryException.class, () -> Sort.parse(text));
        resultOrTyped(InvalidQueryException.class, () -> Projection.parse(text));
        resultOrTyped(InvalidQueryException.class, () -> IndexDefinition.parse(text));
        if (filter != null) {
            matchesWithoutThrowing(filter, documents);
        }
        return filter;
    }

    static void matchesWithoutThrowing(Filter filter, List<Document> documents) {
        for (Document document : documents) {
            boolean matches = filter.matches(document);
            // The store matches lazily decoded records; the answer must be the same.
            assertThat(filter.matches(DocumentCodec.lazy(DocumentCodec.encode(document))))
                    .as("%s on the encoded %s", filter, document).isEqualTo(matches);
        }
        Document rendered = filter.toDocument();
        assertThat(Filter.of(rendered)).as("rendering of %s", filter).isEqualTo(filter);
        assertThat(filter.toString()).isNotEmpty();
    }
}
