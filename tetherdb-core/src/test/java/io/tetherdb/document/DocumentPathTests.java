package io.tetherdb.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentPathTests {

    @Test
    void parsesSegmentsOnce() {
        DocumentPath path = DocumentPath.parse("items.0.qty");

        assertThat(path.segments()).containsExactly("items", "0", "qty");
        assertThat(path.size()).isEqualTo(3);
        assertThat(path.head()).isEqualTo("items");
        assertThat(path.segment(2)).isEqualTo("qty");
        assertThat(path.arrayPosition(0)).isEqualTo(-1);
        assertThat(path.arrayPosition(1)).isZero();
        assertThat(path.toString()).isEqualTo("items.0.qty");
        assertThat(path.isRoot()).isFalse();
    }

    @Test
    void recognisesArrayPositions() {
        assertThat(DocumentPath.parse("a.12").arrayPosition(1)).isEqualTo(12);
        assertThat(DocumentPath.parse("a.1x").arrayPosition(1)).isEqualTo(-1);
        assertThat(DocumentPath.parse("a.-1").arrayPosition(1)).isEqualTo(-1);
        assertThat(DocumentPath.parse("a.12345678901").arrayPosition(1)).isEqualTo(-1);
        assertThat(DocumentPath.parse("a.10").arrayPosition(1)).isEqualTo(10);
        assertThat(DocumentPath.parse("a.999999999").arrayPosition(1)).isEqualTo(999_999_999);
        // as in MongoDB, only the canonical form of a number names a position
        assertThat(DocumentPath.parse("a.01").arrayPosition(1)).isEqualTo(-1);
        assertThat(DocumentPath.parse("a.00").arrayPosition(1)).isEqualTo(-1);
        assertThat(DocumentPath.parse("a.+1").arrayPosition(1)).isEqualTo(-1);
    }

    @Test
    void isAValue() {
        assertThat(DocumentPath.parse("a.b")).isEqualTo(DocumentPath.of("a", "b"))
                .hasSameHashCodeAs(DocumentPath.of("a", "b")).isNotEqualTo(DocumentPath.parse("a"));
        assertThat(DocumentPath.parse("a").child("b")).isEqualTo(DocumentPath.parse("a.b"));
        assertThat(DocumentPath.parse("a.b.c").startsWith(DocumentPath.parse("a.b"))).isTrue();
        assertThat(DocumentPath.parse("a.bc").startsWith(DocumentPath.parse("a.b"))).isFalse();
        assertThat(DocumentPath.root().isRoot()).isTrue();
        assertThat(DocumentPath.root().size()).isZero();
        assertThat(DocumentPath.root().segments()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", ".", "a..b", ".a", "a." })
    void rejectsEmptyPathsAndSegments(String path) {
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class).isThrownBy(() -> DocumentPath.parse(path))
                .withMessageContaining("empty");
    }

    @Test
    void rejectsInvalidSegmentsAndOverlongPaths() {
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class).isThrownBy(() -> DocumentPath.of("a.b"))
                .withMessageContaining("a.b");
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class).isThrownBy(() -> DocumentPath.of())
                .withMessageContaining("at least one segment");
        assertThatExceptionOfType(DocumentPath.InvalidPathException.class)
                .isThrownBy(() -> DocumentPath.parse("a.".repeat(DocumentPath.MAX_SEGMENTS) + "a"))
                .withMessageContaining("more than " + DocumentPath.MAX_SEGMENTS + " segments");
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> DocumentPath.root().head());
    }
}
