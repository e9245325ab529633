package io.tetherdb;

import static io.tetherdb.Outcomes.resultOrTyped;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tetherdb.document.Document;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bad input through a store's front door: random documents (with NaN, infinities, -0.0, longs
 * at their limits, lone surrogates, {@code $} and dotted names, deep nesting) are written to a
 * collection with indexes and to one without; each write is accepted by both or refused by both
 * with a {@link TetherException} that leaves the collection as it was (the one difference: as in
 * MongoDB, a compound index refuses a document with arrays in two of its fields). Random filters then find
 * the same documents in both, the same as matching them one by one, and a sorted find is in sort
 * order; the store verifies clean.
 *
 * <p>Each property runs jqwik's default number of tries (1000); run more with
 * {@code -Djqwik.tries.default=100000}.
 */
class StoreInputFuzzTests {

    @Property
    void writesAndFindsAgreeWithAndWithoutIndexes(@ForAll("documents") List<String> texts,
            @ForAll("filters") List<String> filters) {
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
                net.jqwik.api.statistics.Statistics.collect(inPlain != null ? "stored" : "refused");
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

    @Provide
    Arbitrary<List<String>> documents() {
        // Document-like text is mostly storable; filter-like text often holds names a store refuses.
        return net.jqwik.api.Arbitraries.oneOf(FuzzInputs.documentText(4), FuzzInputs.documentText(4),
                FuzzInputs.filterText(3)).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<String>> filters() {
        return FuzzInputs.filterText(3).list().ofMinSize(1).ofMaxSize(6);
    }
}
