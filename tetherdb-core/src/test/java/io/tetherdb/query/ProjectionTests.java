package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tetherdb.document.Document;

class ProjectionTests {

    private static final Document INVENTORY = Document.parse("{_id: 1, item: 'journal', status: 'A',"
            + " size: {h: 14, w: 21, uom: 'cm'}, instock: [{warehouse: 'A', qty: 5}, {warehouse: 'C', qty: 15}, 7],"
            + " tags: ['blank', 'red']}");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                                  | " + "{_id: 1, item: 'journal', status: 'A', size: {h: 14, w: 21, uom: 'cm'},"
            + " instock: [{warehouse: 'A', qty: 5}, {warehouse: 'C', qty: 15}, 7], tags: ['blank', 'red']}",
        "{item: 1, status: 1}                | {_id: 1, item: 'journal', status: 'A'}",
        "{status: 1, item: 1}                | {_id: 1, item: 'journal', status: 'A'}",
        "{item: 1, status: 1, _id: 0}        | {item: 'journal', status: 'A'}",
        "{_id: 1}                            | {_id: 1}",
        "{_id: 0}                            | {item: 'journal', status: 'A', size: {h: 14, w: 21, uom: 'cm'},"
            + " instock: [{warehouse: 'A', qty: 5}, {warehouse: 'C', qty: 15}, 7], tags: ['blank', 'red']}",
        "{status: 0, instock: 0, tags: 0}    | {_id: 1, item: 'journal', size: {h: 14, w: 21, uom: 'cm'}}",
        "{item: 1, 'size.uom': 1}            | {_id: 1, item: 'journal', size: {uom: 'cm'}}",
        "{'size.uom': 0, instock: false, tags: false} | {_id: 1, item: 'journal', status: 'A', size: {h: 14, w: 21}}",
        "{'instock.qty': 1, _id: false}      | {instock: [{qty: 5}, {qty: 15}]}",
        "{'instock.qty': 0, item: 0, _id: 0, size: 0, tags: 0} | {status: 'A', instock: [{warehouse: 'A'}, {warehouse: 'C'}, 7]}",
        "{'item.x': 1, _id: 0}               | {}",
        "{'size.none': 1, _id: 0}            | {size: {}}",
        "{nothing: 1}                        | {_id: 1}",
        "{_id: 1, tags: 0}                   | {_id: 1, item: 'journal', status: 'A', size: {h: 14, w: 21, uom: 'cm'},"
            + " instock: [{warehouse: 'A', qty: 5}, {warehouse: 'C', qty: 15}, 7]}" })
    void projectsAsMongoDbDoes(String projection, String expected) {
        Document projected = Projection.parse(projection).apply(INVENTORY);

        assertThat(projected).isEqualTo(Document.parse(expected));
        assertThat(projected.keySet()).containsExactlyElementsOf(Document.parse(expected).keySet());
    }

    @Test
    void buildsFluently() {
        assertThat(Projection.include("item", "status").excludeId())
                .isEqualTo(Projection.parse("{item: 1, status: 1, _id: 0}"));
        assertThat(Projection.exclude("tags").apply(INVENTORY)).doesNotContainKey("tags").containsKey("_id");
        assertThat(Projection.include("item").apply(INVENTORY)).isEqualTo(Document.parse("{_id: 1, item: 'journal'}"));
        assertThat(Projection.all().apply(INVENTORY)).isEqualTo(INVENTORY).isNotSameAs(INVENTORY);
        assertThat(Projection.include("a", "b.c").isInclusion()).isTrue();
        assertThat(Projection.include("a").includesId()).isTrue();
        assertThat(Projection.include("a").excludeId().toDocument()).isEqualTo(Document.parse("{a: 1, _id: 0}"));
        assertThat(Projection.parse("{_id: 1}").toDocument()).isEqualTo(Document.parse("{_id: 1}"));
        assertThat(Projection.of(Projection.exclude("x").toDocument())).isEqualTo(Projection.exclude("x"));
    }

    @Test
    void leavesTheInputUnchanged() {
        Document document = Document.parse("{_id: 1, a: {b: 1, c: 2}}");

        Projection.exclude("a.b").apply(document);

        assertThat(document).isEqualTo(Document.parse("{_id: 1, a: {b: 1, c: 2}}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{a: 1, b: 0}              | cannot mix inclusion and exclusion",
        "{a: 0, b: 1, _id: 0}      | cannot mix inclusion and exclusion",
        "{a: 1, 'a.b': 1}          | Projection path collision between 'a' and 'a.b'",
        "{a: 'yes'}                | Projection of 'a' must be 1, 0, true or false",
        "{a: {$slice: 1}}          | Projection of 'a' must be 1, 0, true or false",
        "{'a.$': 1}                | positional and $ operators cannot be projected",
        "{'a..b': 1}               | Invalid projection field 'a..b'",
        "{a: 1                     | Malformed projection" })
    void rejectsInvalidProjections(String projection, String message) {
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Projection.parse(projection))
                .withMessageContaining(message);
    }
}
