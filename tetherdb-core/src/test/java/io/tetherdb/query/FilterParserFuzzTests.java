package io.tetherdb.query;

import static io.tetherdb.Outcomes.resultOrTyped;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.tetherdb.FuzzInputs;
import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.index.IndexDefinition;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests of the query-text entry points: any text given to {@link Filter#parse},
 * {@link Sort#parse}, {@link Projection#parse} or {@link IndexDefinition#parse}, and any map given
 * to {@link Filter#of}, yields a result or an {@link InvalidQueryException}, never another
 * exception; a filter that compiles then matches any document without throwing (as in MongoDB,
 * matching never fails), renders to a document that compiles back to an equal filter, and a sort
 * or projection that parses applies to any document. Inputs are random strings, random edits of
 * valid filters, and generated filters with random operators, operands and nesting.
 *
 * <p>Each property runs jqwik's default number of tries (1000); run more with
 * {@code -Djqwik.tries.default=100000}.
 */
class FilterParserFuzzTests {

    @Property
    void anyTextIsAQueryOrInvalid(@ForAll("jsonish") String text) {
        parsesOrIsInvalid(text, List.of());
    }

    @Property
    void editedFiltersAreFiltersOrInvalid(@ForAll("editedFilters") String text, @ForAll("documents") List<String> documents) {
        parsesOrIsInvalid(text, documents);
    }

    @Property
    void generatedFiltersAreFiltersOrInvalid(@ForAll("filters") String text, @ForAll("documents") List<String> documents) {
        parsesOrIsInvalid(text, documents);
    }

    @Property
    void generatedFilterMapsAreFiltersOrInvalid(@ForAll("filters") String text,
            @ForAll("documents") List<String> documents) {
        Document map;
        try {
            map = Document.parse(text.replace("/^a/i", "'^a'").replace("/[/", "'['").replace("/a/q", "'a'"));
        } catch (MalformedJsonException e) {
            return;
        }
        Filter filter = resultOrTyped(InvalidQueryException.class, () -> Filter.of(map));
        if (filter != null) {
            matchesWithoutThrowing(filter, documents);
        }
    }

    @Property
    void sortsAndProjectionsApplyToAnyDocument(@ForAll("sortsAndProjections") String text,
            @ForAll("documents") List<String> documents) {
        Sort sort = resultOrTyped(InvalidQueryException.class, () -> Sort.parse(text));
        if (sort != null) {
            List<Document> sorted = new ArrayList<>(storable(documents));
            sorted.sort(sort);
            assertThat(sorted).hasSameSizeAs(storable(documents));
        }
        Projection projection = resultOrTyped(InvalidQueryException.class, () -> Projection.parse(text));
        if (projection != null) {
            for (Document document : storable(documents)) {
                assertThat(projection.apply(document)).isNotNull();
            }
        }
        resultOrTyped(InvalidQueryException.class, () -> IndexDefinition.parse(text));
    }

    private static void parsesOrIsInvalid(String text, List<String> documents) {
        Filter filter = resultOrTyped(InvalidQueryException.class, () -> Filter.parse(text));
        resultOrTyped(InvalidQueryException.class, () -> Sort.parse(text));
        resultOrTyped(InvalidQueryException.class, () -> Projection.parse(text));
        resultOrTyped(InvalidQueryException.class, () -> IndexDefinition.parse(text));
        if (filter != null) {
            matchesWithoutThrowing(filter, documents);
        }
    }

    private static void matchesWithoutThrowing(Filter filter, List<String> documents) {
        for (Document document : storable(documents)) {
            boolean matches = filter.matches(document);
            // The store matches lazily decoded records; the answer must be the same.
            assertThat(filter.matches(DocumentCodec.lazy(DocumentCodec.encode(document))))
                    .as("%s on the encoded %s", filter, document).isEqualTo(matches);
        }
        Document rendered = filter.toDocument();
        assertThat(Filter.of(rendered)).as("rendering of %s", filter).isEqualTo(filter);
        assertThat(filter.toString()).isNotEmpty();
    }

    @Provide
    Arbitrary<String> jsonish() {
        return FuzzInputs.jsonishStrings();
    }

    @Provide
    Arbitrary<String> editedFilters() {
        return FuzzInputs.mutated(FuzzInputs.filterText(4));
    }

    @Provide
    Arbitrary<String> filters() {
        return FuzzInputs.filterText(5);
    }

    @Provide
    Arbitrary<String> sortsAndProjections() {
        Arbitrary<String> field = Arbitraries.of("a", "b", "a.b", "_id", "'a..b'", "'$a'", "'a.0'", "''");
        Arbitrary<String> direction = Arbitraries.of("1", "-1", "0", "true", "false", "2", "1.0", "NaN", "'x'",
                "{$slice: 1}", "null", "[]", "{}");
        return net.jqwik.api.Combinators.combine(field, direction).as((f, d) -> f + ": " + d).list().ofMaxSize(3)
                .map(entries -> "{" + String.join(", ", entries) + "}");
    }

    @Provide
    Arbitrary<List<String>> documents() {
        return FuzzInputs.documentText(4).list().ofMaxSize(4);
    }

    /** @return the documents the texts hold that a store would take */
    private static List<Document> storable(List<String> texts) {
        List<Document> documents = new ArrayList<>();
        for (String text : texts) {
            try {
                Document document = Document.parse(text);
                DocumentCodec.encode(document);
                documents.add(document);
            } catch (MalformedJsonException | InvalidDocumentException e) {
                // not a document a store holds: nothing to match against
            }
        }
        return documents;
    }
}
