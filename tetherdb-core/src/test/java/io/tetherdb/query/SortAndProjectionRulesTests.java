package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;

/**
 * The specification rules of {@link Sort} and {@link Projection} (what they refuse, how they
 * compare and print) and the values they pick out of arrays, as MongoDB does.
 */
class SortAndProjectionRulesTests {

    @Test
    void aSortKeyNeedsAFieldPath() {
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> new Sort.Key(DocumentPath.root(), true))
                .withMessage("A sort key needs a field path");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.ascending("a..b"))
                .withMessageStartingWith("Invalid sort field 'a..b': ");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{a: 0}"))
                .withMessage("Sort direction for 'a' must be 1 or -1, not 0");
    }

    @Test
    void aSortKeyMayNotStartWithADollar() {
        for (String spec : List.of("{$where: 1}", "{'a.$b': -1}", "{a: 1, $natural: 1}")) {
            assertThatExceptionOfType(InvalidQueryException.class).as(spec).isThrownBy(() -> Sort.parse(spec))
                    .withMessageStartingWith("Invalid sort field '")
                    .withMessageEndingWith("': a field name may not start with '$'");
        }
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{$where: 1}"))
                .withMessage("Invalid sort field '$where': a field name may not start with '$'");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{'a.$b': 1}"))
                .withMessage("Invalid sort field 'a.$b': a field name may not start with '$'");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.descending("$x"))
                .withMessage("Invalid sort field '$x': a field name may not start with '$'");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Sort.of(Map.of("$meta", 1)))
                .withMessage("Invalid sort field '$meta': a field name may not start with '$'");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> new Sort.Key(DocumentPath.of("a", "$b"), true))
                .withMessage("Invalid sort field 'a.$b': a field name may not start with '$'");
        // a '$' elsewhere in a name is an ordinary character, as in stored field names
        assertThat(Sort.parse("{a$: 1, 'b.c$d': -1}").keys()).extracting(k -> k.path().toString())
                .containsExactly("a$", "b.c$d");
    }

    @Test
    void aSortOrProjectionTextMayNotNameAFieldTwice() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{a: 1, a: -1}"))
                .withMessage("Malformed sort: Field 'a' appears twice in the object at the top level"
                        + " (at line 1, column 8)");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Sort.parse("{'a.b': 1, b: 1, 'a.b': 1}"))
                .withMessageStartingWith("Malformed sort: Field 'a.b' appears twice");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Projection.parse("{a: 1, a: 0}"))
                .withMessageStartingWith("Malformed projection: Field 'a' appears twice in the object at the top level");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Projection.parse("{_id: 0, a: 1, _id: 1}"))
                .withMessageStartingWith("Malformed projection: Field '_id' appears twice");
        // the same path written twice in different ways is still caught after parsing
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{a: 1, \"a\": 1}"))
                .withMessageStartingWith("Malformed sort: Field 'a' appears twice");
    }

    @Test
    void sortsAreEqualWhenTheirKeysAre() {
        assertThat(Sort.ascending("a").thenDescending("b")).isEqualTo(Sort.parse("{a: 1, b: -1}"))
                .hasSameHashCodeAs(Sort.parse("{a: 1, b: -1}"))
                .isNotEqualTo(Sort.parse("{a: 1, b: 1}")).isNotEqualTo(Sort.parse("{b: -1, a: 1}"))
                .isNotEqualTo("{a: 1, b: -1}");
        assertThat(Sort.parse("{}")).isSameAs(Sort.unsorted());
        assertThat(Sort.by(Sort.Key.descending("x"))).hasToString("Sort{\"x\":-1}");
    }

    @Test
    void aPathThroughAnEmptyArraySortsAsMissing() {
        Sort sort = Sort.ascending("a.b");
        List<Document> docs = new ArrayList<>(List.of(Document.parse("{_id: 1, a: [{b: 2}]}"),
                Document.parse("{_id: 2, a: []}"), Document.parse("{_id: 3, a: [{b: 1}, {b: 3}]}"),
                Document.parse("{_id: 4}")));
        docs.sort(sort);

        assertThat(sort.compare(Document.parse("{a: []}"), Document.parse("{}"))).isZero();
        assertThat(docs).extracting(d -> d.get("_id")).containsExactly(2, 4, 3, 1);
    }

    @Test
    void projectionSpecificationsAreChecked() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(Projection::include)
                .withMessage("A projection needs at least one field");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Projection.exclude("_id"))
                .withMessage("Name _id with excludeId(), not as a projected field");
        for (String field : List.of("$a", "a.$", "a.$.b", "a$")) {
            assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Projection.include(field))
                    .withMessage("Projection field '" + field
                            + "' is not supported: positional and $ operators cannot be projected");
        }
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Projection.include("a", "a.b"))
                .withMessage("Projection path collision between 'a' and 'a.b'");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Projection.of(Map.of("a", Pattern.compile("x"))))
                .withMessageStartingWith("Projection of 'a' must be 1, 0, true or false, not ");
    }

    @Test
    void projectionsAreEqualWhenTheySelectTheSameFields() {
        assertThat(Projection.include("a", "b")).isEqualTo(Projection.parse("{b: 1, a: 1}"))
                .hasSameHashCodeAs(Projection.parse("{b: 1, a: 1}"))
                .isNotEqualTo(Projection.exclude("a", "b")).isNotEqualTo(Projection.include("a", "b").excludeId())
                .isNotEqualTo(Projection.include("a")).isNotEqualTo("{a: 1, b: 1}");
        assertThat(Projection.parse("{a: 1, _id: 1}")).isEqualTo(Projection.include("a"));
        assertThat(Projection.parse("{a: 1, _id: 0}").toDocument()).isEqualTo(Document.parse("{a: 1, _id: 0}"));
        assertThat(Projection.parse("{_id: 1}").toDocument()).isEqualTo(Document.parse("{_id: 1}"));
        assertThat(Projection.parse("{_id: 0}").toDocument()).isEqualTo(Document.parse("{_id: 0}"));
        assertThat(Projection.all().toDocument()).isEmpty();
        assertThat(Projection.parse("{}")).isSameAs(Projection.all());
        assertThat(Projection.exclude("a")).hasToString("Projection{\"a\":0}");
    }

    @Test
    void anInclusionKeepsOnlyDocumentsAndArraysInsideArrays() {
        Document projected = Projection.include("a.b").apply(
                Document.parse("{_id: 1, a: [{b: 1, c: 2}, 5, 'x', [{b: 3, c: 4}, 6], {c: 7}]}"));

        assertThat(projected).isEqualTo(Document.parse("{_id: 1, a: [{b: 1}, [{b: 3}], {}]}"));
    }

    @Test
    void documentPathsRefuseEmptyAndDottedSegments() {
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class).isThrownBy(() -> DocumentPath.of("a", ""))
                .withMessage("Invalid field path segment ''");
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class)
                .isThrownBy(() -> DocumentPath.of("a", (String) null)).withMessage("Invalid field path segment 'null'");
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class).isThrownBy(() -> DocumentPath.of("a.b"))
                .withMessage("Invalid field path segment 'a.b'");
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class)
                .isThrownBy(() -> DocumentPath.of(new String[DocumentPath.MAX_SEGMENTS + 1]))
                .withMessage("Field path has more than " + DocumentPath.MAX_SEGMENTS + " segments");
        DocumentPath a = DocumentPath.of("a");
        for (String segment : new String[] {null, "", "b.c"}) {
            assertThatExceptionOfType(DocumentPath.InvalidPathException.class).isThrownBy(() -> a.child(segment))
                    .withMessage("Invalid field path segment '" + segment + "'");
        }
        assertThat(a.child("0")).isEqualTo(DocumentPath.parse("a.0")).isNotEqualTo("a.0").isNotEqualTo(a);
        assertThat(a.child("0").arrayPosition(1)).isZero();
    }
}
