package io.tetherdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;
import io.tetherdb.query.InvalidQueryException;

/** Index definitions: how they are written, named, validated, compared and stored. */
class IndexDefinitionTests {

    @Test
    void namesFollowMongoDbUnlessGiven() {
        IndexDefinition compound = IndexDefinition.parse("{city: 1, 'address.zip': -1}");

        assertThat(compound.name()).isEqualTo("city_1_address.zip_-1");
        assertThat(compound.paths()).containsExactly(DocumentPath.parse("city"), DocumentPath.parse("address.zip"));
        assertThat(compound.named("byCity").name()).isEqualTo("byCity");
        assertThat(compound.named("x".repeat(128)).name()).hasSize(128);
        assertThat(IndexDefinition.descending("a").thenAscending("b").name()).isEqualTo("a_-1_b_1");
        assertThat(IndexDefinition.parse("{a: -1.0}")).isEqualTo(IndexDefinition.descending("a"));
    }

    @Test
    void refusesBadNamesFieldsAndDirections() {
        IndexDefinition a = IndexDefinition.ascending("a");
        assertThatIllegalArgumentException().isThrownBy(() -> a.named(""))
                .withMessage("Index name must be 1 to 128 characters but was ''");
        assertThatIllegalArgumentException().isThrownBy(() -> a.named("x".repeat(129)))
                .withMessageStartingWith("Index name must be 1 to 128 characters but was 'xxx");
        assertThatIllegalArgumentException().isThrownBy(() -> a.named("a\u0000b"))
                .withMessage("Index name must not contain control characters");
        assertThatIllegalArgumentException().isThrownBy(() -> a.thenDescending("a"))
                .withMessage("Field 'a' appears twice in the index");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> IndexDefinition.parse("{a: 'up'}"))
                .withMessage("Index direction of 'a' must be 1 or -1 but was up");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> IndexDefinition.parse("{a: 2}"))
                .withMessage("Index direction of 'a' must be 1 or -1 but was 2");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> IndexDefinition.parse("{}"))
                .withMessage("Index keys must name at least one field");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> IndexDefinition.parse("{a: 1"))
                .withMessageStartingWith("Malformed index keys: ");
    }

    @Test
    void hasAtMostThirtyTwoFields() {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (int i = 0; i < IndexDefinition.MAX_FIELDS; i++) {
            keys.put("f" + i, 1);
        }
        assertThat(IndexDefinition.of(keys).fields()).hasSize(32);
        keys.put("f32", -1);
        assertThatIllegalArgumentException().isThrownBy(() -> IndexDefinition.of(keys))
                .withMessage("An index needs 1 to 32 fields but has 33");
    }

    @Test
    void equalityCoversFieldsNameAndOptions() {
        IndexDefinition a = IndexDefinition.ascending("a");

        assertThat(a).isEqualTo(IndexDefinition.parse("{a: 1}")).hasSameHashCodeAs(IndexDefinition.parse("{a: 1}"));
        assertThat(a).isNotEqualTo(IndexDefinition.descending("a")).isNotEqualTo(a.named("other"))
                .isNotEqualTo(a.unique()).isNotEqualTo(a.sparse()).isNotEqualTo("a_1");
        assertThat(a.named("other").sameShape(a)).isTrue();
        assertThat(a.unique().sameShape(a)).isFalse();
        assertThat(a.sparse().sameShape(a)).isFalse();
        assertThat(a.thenAscending("b").sameShape(a)).isFalse();
        assertThat(a.unique().sparse().thenAscending("b")).satisfies(d -> {
            assertThat(d.isUnique()).isTrue();
            assertThat(d.isSparse()).isTrue();
        });
    }

    @Test
    void describesItself() {
        assertThat(IndexDefinition.ascending("a")).hasToString("Index a_1 {\"a\":1}");
        assertThat(IndexDefinition.ascending("a").unique().sparse()).hasToString("Index a_1 {\"a\":1} unique sparse");
        assertThat(IndexDefinition.descending("a").sparse()).hasToString("Index a_-1 {\"a\":-1} sparse");
    }

    @Test
    void roundTripsThroughItsDocumentForm() {
        IndexDefinition definition = IndexDefinition.parse("{b: -1, a: 1}").unique().named("ba");

        assertThat(definition.toDocument())
                .isEqualTo(Document.parse("{name: 'ba', key: {b: -1, a: 1}, unique: true, sparse: false}"));
        assertThat(IndexDefinition.fromDocument(definition.toDocument())).isEqualTo(definition);
        assertThat(IndexDefinition.fromDocument(Document.parse("{key: {b: 1}}")))
                .as("no name: the default one").isEqualTo(IndexDefinition.ascending("b"));
    }

    @Test
    void pathsAreReadOnly() {
        List<DocumentPath> paths = IndexDefinition.ascending("a").paths();
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> paths.add(DocumentPath.parse("b")));
    }
}
