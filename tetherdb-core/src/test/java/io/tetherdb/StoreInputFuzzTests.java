package io.tetherdb;

import static io.tetherdb.Outcomes.resultOrTyped;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tetherdb.document.Document;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.error.TetherException;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;
import org.junit.jupiter.api.Test;

/**
 * Bad input through a store's front door: random documents (with NaN, infinities, -0.0, longs
 * at their limits, lone surrogates, {@code $} and dotted names, deep nesting) are written to a
 * collection with indexes and to one without; each write is accepted by both or refused by both
 * with a {@link TetherException} that leaves the collection as it was (the one difference: as in
 * MongoDB, a compound index refuses a document with arrays in two of its fields). Random filters then find
 * the same documents in both, the same as matching them one by one, and a sorted find is in sort
 * order; the store verifies clean. Inputs come from the shared {@link FuzzInputs} generators. Not
 * thread-safe.
 *
 * <p>The randomized check runs {@value #CASES} cases (each a fresh in-memory store) through
 * {@link RandomCases}, from a fixed base seed so that CI runs are repeatable. Run more locally
 * with {@code -Dtetherdb.fuzz.scale=100} (100 times as many cases) and other inputs with
 * {@code -Dtetherdb.fuzz.seed=S}; a failure names its case's seed, which
 * {@code -Dtetherdb.fuzz.replay=SEED} runs alone, for example
 * {@code mvn -pl tetherdb-core test -Dtest=StoreInputFuzzTests -Dtetherdb.fuzz.replay=SEED}.
 */
class StoreInputFuzzTests {

    private static final int CASES = 1000;

    @Test
    void writesAndFindsAgreeWithAndWithoutIndexes() {
        // Tallies over all cases, so that a generator that stopped producing storable (or refused)
        // documents would fail the run instead of passing vacuously.
        int[] outcomes = new int[2];
        RandomCases.run("writesAndFindsAgreeWithAndWithoutIndexes", CASES,
                random -> writesAndFindsAgree(documents(random), filters(random), outcomes));
        if (System.getProperty("tetherdb.fuzz.replay") == null) {
            assertThat(outcomes[0]).as("documents stored").isPositive();
            assertThat(outcomes[1]).as("documents refused").isPositive();
        }
    }

    private static void writesAndFindsAgree(List<String> texts, List<String> filters, int[] outcomes) {
        try (TetherDB db = TetherDB.builder().cleanupInterval(Duration.ZERO).open()) {
            TetherCollection plain = db.collection("plain");
            TetherCollection indexed = db.collection("indexed");
            indexed.createIndex("{a: 1}");
            indexed.createIndex("{b: -1, a: 1}");
            indexed.createIndex("{'a.b': 1}");
            indexed.createIndex("{x: 1}");
            List<Document> stored = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                Document document = resultOrTyped(MalformedJsonException.class, () -> Document.parse(text));
                if (document == null) {
                    continue;
                }
                document.put("_id", "d" + i);
                long before = indexed.count();
                TetherException[] refusal = new TetherException[1];
                String inIndexed = resultOrTyped(TetherException.class, () -> {
                    try {
                        return indexed.put(document);
                    } catch (TetherException e) {
                        refusal[0] = e;
                        throw e;
                    }
                });
                if (inIndexed == null && refusal[0].getMessage().contains("Cannot index parallel arrays")) {
                    // As in MongoDB, a compound index refuses two array fields; a collection without one does not.
                    assertThat(indexed.count()).isEqualTo(before);
                    continue;
                }
                String inPlain = resultOrTyped(TetherException.class, () -> plain.put(document));
                assertThat(inIndexed).as("accepted by one collection and not the other: %s", document)
                        .isEqualTo(inPlain);
                outcomes[inPlain != null ? 0 : 1]++;
                if (inPlain != null) {
                    stored.add(plain.get(inPlain).orElseThrow());
                } else {
                    assertThat(indexed.count()).isEqualTo(before);
                }
            }
            for (String text : filters) {
                Filter filter = resultOrTyped(InvalidQueryException.class, () -> Filter.parse(text));
                if (filter == null) {
                    continue;
                }
                List<String> expected = stored.stream().filter(filter::matches).map(Document::getId).sorted().toList();
                assertThat(ids(plain.find(filter).toList())).as("%s", filter).isEqualTo(expected);
                assertThat(ids(indexed.find(filter).toList())).as("%s", filter).isEqualTo(expected);
                assertThat(indexed.count(filter)).as("%s", filter).isEqualTo(expected.size());
                for (String field : List.of("a", "b", "x")) {
                    Sort sort = Sort.descending(field).thenAscending("_id");
                    List<Document> sorted = indexed.find(filter).sort(sort).toList();
                    List<Document> resorted = new ArrayList<>(sorted);
                    resorted.sort(sort);
                    assertThat(sorted).as("%s sorted by %s", filter, sort).isEqualTo(resorted);
                }
            }
            VerifyReport report = db.verify();
            assertThat(report.isClean()).as(report.toString()).isTrue();
        }
    }

    private static List<String> ids(List<Document> documents) {
        return documents.stream().map(Document::getId).sorted().toList();
    }

    /** One to eight texts: document-like ones, mostly storable, and filter-like ones, often with names refused. */
    private static List<String> documents(Random random) {
        int size = 1 + random.nextInt(8);
        List<String> texts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            texts.add(random.nextInt(3) < 2 ? FuzzInputs.documentText(random, 4) : FuzzInputs.filterText(random, 3));
        }
        return texts;
    }

    /** One to six generated filters. */
    private static List<String> filters(Random random) {
        int size = 1 + random.nextInt(6);
        List<String> texts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            texts.add(FuzzInputs.filterText(random, 3));
        }
        return texts;
    }
}
