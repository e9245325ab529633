package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;

class SortTests {

    private static List<String> sortedIds(Sort sort, String... documents) {
        List<Document> list = new ArrayList<>();
        for (String json : documents) {
            list.add(Document.parse(json));
        }
        Collections.shuffle(list, new Random(42));
        list.sort(sort);
        return list.stream().map(Document::getId).toList();
    }

    @Test
    void sortsAcrossTypesWithMissingAsNull() {
        String[] documents = { "{_id: 'bool', v: true}", "{_id: 'string', v: 'a'}", "{_id: 'int', v: 2}",
            "{_id: 'double', v: 1.5}", "{_id: 'object', v: {a: 1}}", "{_id: 'null', v: null}",
            "{_id: 'missing'}", "{_id: 'long', v: 3000000000}" };

        assertThat(sortedIds(Sort.ascending("v").thenAscending("_id"), documents))
                .containsExactly("missing", "null", "double", "int", "long", "string", "object", "bool");
        assertThat(sortedIds(Sort.descending("v").thenAscending("_id"), documents))
                .containsExactly("bool", "object", "string", "long", "int", "double", "missing", "null");
    }

    @Test
    void sortsArraysByTheirSmallestElementAscendingAndLargestDescending() {
        String[] documents = { "{_id: 'a', v: [1, 10]}", "{_id: 'b', v: [5]}", "{_id: 'c', v: 3}",
            "{_id: 'empty', v: []}", "{_id: 'null', v: null}" };

        assertThat(sortedIds(Sort.ascending("v"), documents)).containsExactly("empty", "null", "a", "c", "b");
        assertThat(sortedIds(Sort.descending("v"), documents)).containsExactly("a", "b", "c", "null", "empty");
    }

    @Test
    void sortsByDottedPathsThroughArraysOfDocuments() {
        String[] documents = { "{_id: 'a', items: [{qty: 5}, {qty: 1}]}", "{_id: 'b', items: [{qty: 3}]}",
            "{_id: 'c', items: {qty: 2}}" };

        assertThat(sortedIds(Sort.ascending("items.qty"), documents)).containsExactly("a", "c", "b");
        assertThat(sortedIds(Sort.descending("items.qty"), documents)).containsExactly("a", "b", "c");
        assertThat(sortedIds(Sort.ascending("items.0.qty"), documents)).containsExactly("c", "b", "a");
    }

    @Test
    void sortsByStringsInCodePointOrderAndSeveralKeys() {
        String[] documents = { "{_id: '1', city: 'Oslo', age: 30}", "{_id: '2', city: 'Oslo', age: 40}",
            "{_id: '3', city: 'Bergen', age: 35}", "{_id: '4', city: 'oslo', age: 1}" };

        assertThat(sortedIds(Sort.parse("{city: 1, age: -1}"), documents)).containsExactly("3", "2", "1", "4");
        assertThat(sortedIds(Sort.by(Sort.Key.descending("city"), Sort.Key.ascending("age")), documents))
                .containsExactly("4", "1", "2", "3");
    }

    @Test
    void isAValueWithADocumentForm() {
        Sort sort = Sort.of(Document.parse("{a: 1, 'b.c': -1}"));

        assertThat(sort).isEqualTo(Sort.ascending("a").thenDescending("b.c"));
        assertThat(sort.keys()).containsExactly(new Sort.Key(DocumentPath.parse("a"), true),
                new Sort.Key(DocumentPath.parse("b.c"), false));
        assertThat(sort.toDocument()).isEqualTo(Document.parse("{a: 1, 'b.c': -1}"));
        assertThat(Sort.parse("{}")).isSameAs(Sort.unsorted());
        assertThat(Sort.unsorted().isUnsorted()).isTrue();
        assertThat(Sort.unsorted().compare(Map.of("a", 1), Map.of("a", 2))).isZero();
    }

    @Test
    void rejectsInvalidSpecifications() {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{a: 2}"))
                .withMessageContaining("Sort direction for 'a' must be 1 or -1");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{a: 'asc'}"))
                .withMessageContaining("'a'");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{'a..b': 1}"))
                .withMessageContaining("Invalid sort field 'a..b'");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Sort.parse("{a: 1"))
                .withMessageContaining("Malformed sort").withMessageContaining("line 1");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Sort.ascending("a").thenDescending("a")).withMessageContaining("twice");
    }
}
