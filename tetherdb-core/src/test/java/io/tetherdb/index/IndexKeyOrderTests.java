package io.tetherdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tetherdb.query.ValueOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Index keys order exactly as {@link ValueOrder} orders values, so that an index scan and a full
 * scan agree: for random values, with the hard cases mixed in (NaN, -0.0, infinities, longs near
 * 2<sup>63</sup> next to doubles, strings with NUL, supplementary characters and lone
 * surrogates, nested arrays and documents), the unsigned order of the encodings is the value
 * order, equal encodings mean equal values, a descending encoding reverses the order, and
 * encodings concatenate into compound keys (here ascending, descending) that order field by field.
 *
 * <p>Each property runs jqwik's default number of tries (1000); run more with
 * {@code -Djqwik.tries.default=100000}.
 */
class IndexKeyOrderTests {

    @Property
    void encodingsOrderAsValues(@ForAll("values") Object a, @ForAll("values") Object b) {
        int expected = Integer.signum(ValueOrder.natural().compare(a, b));

        assertThat(Integer.signum(Arrays.compareUnsigned(IndexKeyEncoder.encode(a), IndexKeyEncoder.encode(b))))
                .as("%s vs %s", a, b).isEqualTo(expected);
        assertThat(Integer.signum(Arrays.compareUnsigned(IndexKeyEncoder.encode(a, true),
                IndexKeyEncoder.encode(b, true)))).as("descending %s vs %s", a, b).isEqualTo(-expected);
    }

    @Property
    void compoundKeysOrderFieldByField(@ForAll("values") Object a1, @ForAll("values") Object a2,
            @ForAll("values") Object b1, @ForAll("values") Object b2) {
        int first = ValueOrder.natural().compare(a1, b1);
        // The second field is descending.
        int expected = Integer.signum(first != 0 ? first : -ValueOrder.natural().compare(a2, b2));

        assertThat(Integer.signum(Arrays.compareUnsigned(concat(a1, a2), concat(b1, b2))))
                .as("(%s, %s) vs (%s, %s)", a1, a2, b1, b2).isEqualTo(expected);
    }

    @Test
    void loneSurrogatesHaveKeysOfTheirOwnInStringOrder() {
        // getBytes(UTF_8) turned every lone surrogate into '?', so a filter on "\ud800" read the key of "?".
        List<String> ordered = List.of("?", "\ud7ff", "\ue000", "\uffff", "\ud800", "\ud800a", "\ud800\udc00",
                "\ud83d", "\ud83d\ude00", "\udbff\udfff", "\udc00", "\udfff");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            String low = ordered.get(i);
            String high = ordered.get(i + 1);
            assertThat(ValueOrder.compareStrings(low, high)).isNegative();
            assertThat(Arrays.compareUnsigned(IndexKeyEncoder.encode(low), IndexKeyEncoder.encode(high)))
                    .as("%s < %s", escape(low), escape(high)).isNegative();
        }
    }

    @Test
    void specialDoublesEncodeInNumberOrder() {
        List<Object> ordered = List.of(Double.NaN, Double.NEGATIVE_INFINITY, Long.MIN_VALUE, -1.5, -1, 0,
                Long.MAX_VALUE, 0x1p63, Double.MAX_VALUE, Double.POSITIVE_INFINITY);
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertThat(Arrays.compareUnsigned(IndexKeyEncoder.encode(ordered.get(i)),
                    IndexKeyEncoder.encode(ordered.get(i + 1)))).as("%s < %s", ordered.get(i), ordered.get(i + 1))
                    .isNegative();
        }
        assertThat(IndexKeyEncoder.encode(-0.0)).isEqualTo(IndexKeyEncoder.encode(0));
        assertThat(IndexKeyEncoder.encode(Double.longBitsToDouble(0x7ff8000000000001L)))
                .isEqualTo(IndexKeyEncoder.encode(Double.NaN));
    }

    private static byte[] concat(Object first, Object second) {
        byte[] a = IndexKeyEncoder.encode(first);
        byte[] b = IndexKeyEncoder.encode(second, true);
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    @Provide
    Arbitrary<Object> values() {
        return value(3);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> numbers = Arbitraries.oneOf(
                Arbitraries.of(Double.NaN, -0.0, 0.0, 0, 0L, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, 0x1p63, -0x1p63, 0x1p53, (1L << 53) + 1,
                        9007199254740993.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1.5, 1, 2L),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d));
        Arbitrary<Object> strings = Arbitraries.oneOf(
                Arbitraries.strings().withChars('a', 'b', '\u0000', '?', '\u00e9', '\ud7ff', '\ue000', '\uffff',
                        '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00').ofMaxLength(5),
                Arbitraries.strings().all().ofMaxLength(5)).map(s -> (Object) s);
        Arbitrary<Object> others = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3).map(b -> (Object) b),
                Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L)
                        .map(s -> (Object) Instant.ofEpochSecond(s, Math.floorMod(s, 1_000_000_000L))));
        if (depth == 0) {
            return Arbitraries.oneOf(numbers, strings, others);
        }
        Arbitrary<Object> arrays = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(3).map(l -> (Object) l);
        Arbitrary<Object> objects = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(3).map(values -> {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                map.put(i % 2 == 0 ? "k" + i : "\ud800" + i, values.get(i));
            }
            return (Object) map;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, numbers),
                net.jqwik.api.Tuple.of(3, strings),
                net.jqwik.api.Tuple.of(2, others),
                net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects));
    }
}
