package io.tetherdb.query;

import static io.tetherdb.Outcomes.resultOrTyped;
import static io.tetherdb.query.QueryTextOutcomes.matchesWithoutThrowing;
import static io.tetherdb.query.QueryTextOutcomes.parsesOrIsInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tetherdb.FuzzInputs;
import io.tetherdb.RandomCases;
import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.index.IndexDefinition;
import org.junit.jupiter.api.Test;

/**
 * Randomized tests of the query-text entry points: any text given to {@link Filter#parse},
 * {@link Sort#parse}, {@link Projection#parse} or {@link IndexDefinition#parse}, and any map given
 * to {@link Filter#of}, yields a result or an {@link InvalidQueryException}, never another
 * exception; a filter that compiles then matches any document without throwing (as in MongoDB,
 * matching never fails), renders to a document that compiles back to an equal filter, and a sort
 * or projection that parses applies to any document. Inputs are random strings, random edits of
 * valid filters, and generated filters with random operators, operands and nesting, from the
 * shared {@link FuzzInputs} generators. Not thread-safe.
 *
 * <p>Each randomized check runs {@value #CASES} cases through {@link RandomCases}, from a fixed
 * base seed so that CI runs are repeatable. Run more locally with {@code -Dtetherdb.fuzz.scale=100}
 * (100 times as many cases) and other inputs with {@code -Dtetherdb.fuzz.seed=S}; a failure names
 * its case's seed, which {@code -Dtetherdb.fuzz.replay=SEED} runs alone, for example
 * {@code mvn -pl tetherdb-core test -Dtest=FilterParserFuzzTests -Dtetherdb.fuzz.replay=SEED}.
 */
class FilterParserFuzzTests {

    private static final int CASES = 1000;

    private static final List<String> SORT_FIELDS = List.of("a", "b", "a.b", "_id", "'a..b'", "'$a'", "'a.0'", "''");

    private static final List<String> DIRECTIONS = List.of("1", "-1", "0", "true", "false", "2", "1.0", "NaN", "'x'",
            "{$slice: 1}", "null", "[]", "{}");

    @Test
    void anyTextIsAQueryOrInvalid() {
        RandomCases.run("anyTextIsAQueryOrInvalid", CASES,
                random -> parsesOrIsInvalid(FuzzInputs.jsonishString(random), List.of()));
    }

    @Test
    void editedFiltersAreFiltersOrInvalid() {
        RandomCases.run("editedFiltersAreFiltersOrInvalid", CASES, random -> {
            String text = FuzzInputs.mutated(random, FuzzInputs.filterText(random, 4));
            parsesOrIsInvalid(text, storable(documents(random)));
        });
    }

    @Test
    void generatedFiltersAreFiltersOrInvalid() {
        RandomCases.run("generatedFiltersAreFiltersOrInvalid", CASES,
                random -> parsesOrIsInvalid(FuzzInputs.filterText(random, 5), storable(documents(random))));
    }

    @Test
    void generatedFilterMapsAreFiltersOrInvalid() {
        RandomCases.run("generatedFilterMapsAreFiltersOrInvalid", CASES, random -> {
            String text = FuzzInputs.filterText(random, 5);
            List<String> documents = documents(random);
            Document map;
            try {
                map = Document.parse(text.replace("/^a/i", "'^a'").replace("/[/", "'['").replace("/a/q", "'a'"));
            } catch (MalformedJsonException e) {
                return;
            }
            Filter filter = resultOrTyped(InvalidQueryException.class, () -> Filter.of(map));
            if (filter != null) {
                matchesWithoutThrowing(filter, storable(documents));
            }
        });
    }

    @Test
    void sortsAndProjectionsApplyToAnyDocument() {
        RandomCases.run("sortsAndProjectionsApplyToAnyDocument", CASES, random -> {
            String text = sortOrProjection(random);
            List<String> documents = documents(random);
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
        });
    }

    // ---- generators

    /** Up to 3 entries of a field (often one a store refuses) and a direction or projection value. */
    private static String sortOrProjection(Random random) {
        int size = random.nextInt(4);
        List<String> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            entries.add(SORT_FIELDS.get(random.nextInt(SORT_FIELDS.size())) + ": "
                    + DIRECTIONS.get(random.nextInt(DIRECTIONS.size())));
        }
        return "{" + String.join(", ", entries) + "}";
    }

    /** Up to 4 generated document texts to match against. */
    private static List<String> documents(Random random) {
        int size = random.nextInt(5);
        List<String> texts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            texts.add(FuzzInputs.documentText(random, 4));
        }
        return texts;
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
